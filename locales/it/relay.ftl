# L'inoltro: cosa vedono gli operatori negli argomenti e cosa vedono gli utenti dal sistema di inoltro stesso.

relay-yes = sì
relay-no = no
relay-info-unknown = —
relay-info-card =
    <b>{ $name }</b>
    Username: { $username }
    ID utente: <code>{ $id }</code>
    Lingua: { $language }
    Premium: { $premium }
    Primo contatto: { $first_contact }
    Parametro di avvio: { $start_param }
    Messaggi: { $from_user } dall'utente, { $from_operators } dagli operatori
relay-start-param = L'utente ha avviato la conversazione con il parametro <code>{ $param }</code>.
relay-unknown-command = Comando sconosciuto, quindi non è stato inviato all'utente. /help elenca i comandi; inizia un messaggio con «/ » (barra e spazio) per lasciare un commento interno.
relay-refused-banned = Questo utente è bloccato, quindi il messaggio non è stato inviato. Usa /unban per potergli scrivere di nuovo.
relay-refused-keyword = Non inviato: il messaggio contiene una parola bloccata da RESTRICTED_KEYWORDS_BACKEND.
relay-info-sent-privately = Il bot di configurazione ti ha inviato la scheda in privato.
relay-info-not-allowed = Solo le persone elencate in EXTENSIONS_ALLOWED possono vedere chi è questo utente.
relay-ban-needs-right = Per usare /ban e /unban ti serve il permesso di amministratore «Bloccare utenti» nel gruppo.
relay-banned = Bloccato: i messaggi di questo utente non vengono più inoltrati. /unban annulla il blocco.
relay-unbanned = Sbloccato: i messaggi di questo utente vengono di nuovo inoltrati.
relay-help =
    <b>Comandi nell'argomento di un utente</b>
    /info — chi è l'utente
    /close — chiudere la conversazione (⬛)
    /wait — segnarla come «il supporto ha risposto» (🟨)
    /hold — segnarla come in attesa del supporto (🟪)
    /ban — smettere di inoltrare i messaggi di questo utente; /unban — riprendere
    /mark NAME — mettere un'etichetta a questa conversazione; /mark del NAME — toglierla
    <code>/ text</code> — un commento interno, mai inviato
    Ogni altro messaggio viene inviato all'utente; se qui rispondi a un messaggio, anche a lui arriva come risposta.
relay-intercepted = ↪ Inviato all'utente da un'altra sessione di { $name }:
relay-user-blocked = Non consegnato: l'utente ha bloccato { $name } o ha eliminato il suo account.
relay-not-delivered = Non consegnato all'utente: { $reason }
relay-unsupported-content = Non è stato possibile copiare questo messaggio (la chat vieta la copia, oppure Telegram qui non consente questo tipo di messaggio). Chiedi all'utente di inviarlo in un altro modo.
relay-user-delivery-failed = Ci dispiace, non è stato possibile consegnare il tuo messaggio al team di supporto. Per favore, invialo come testo o come un altro tipo di file.
relay-link-done = ✅ Ora questo gruppo è il backend di { $name }: ogni chat privata apparirà qui come un argomento.
relay-link-not-admin = Solo l'amministratore che ha configurato { $name } nel bot di configurazione può collegarlo a un gruppo.
relay-link-not-forum = In questo gruppo gli argomenti sono disattivati. Apri le impostazioni del gruppo, attiva <b>Argomenti</b> e poi invia di nuovo il link.
relay-link-missing-rights = Qui { $name } ha bisogno di questi permessi di amministratore: { $rights }. Concedili nelle impostazioni degli amministratori del gruppo, poi invia di nuovo il link.
relay-right-manage-topics = Gestire gli argomenti
relay-right-delete-messages = Eliminare messaggi
relay-right-pin-messages = Fissare messaggi
relay-right-ban-users = Bloccare utenti
relay-join-new-group = Il tuo nuovo gruppo di supporto è pronto, ma le impostazioni della privacy di Telegram non hanno permesso all'account di aggiungerti. Unisciti tramite questo link: { $link }, poi nominati amministratore dall'account.
relay-updates-lost-since = ⚠️ Il relay è rimasto offline troppo a lungo perché Telegram reinviasse tutto: qui potrebbero mancare messaggi inviati a { $name } dal { $since }. Controlla le sue chat su Telegram per eventuali messaggi senza risposta.
relay-updates-lost = ⚠️ Il relay è rimasto offline troppo a lungo perché Telegram reinviasse tutto: qui potrebbero mancare alcuni messaggi inviati a { $name } in quel periodo. Controlla le sue chat su Telegram per eventuali messaggi senza risposta.
relay-new-group-not-promoted = Il tuo nuovo gruppo di supporto è pronto e ne fai parte, ma Telegram non ha permesso all'account di nominarti amministratore ({ $reason }). Nominati amministratore dall'account: apri lì il gruppo, poi Amministratori.
relay-new-group-admin-failed = Il tuo nuovo gruppo di supporto è pronto, ma l'account non è riuscito ad aggiungerti ({ $reason }). Apri il gruppo nell'app Telegram dell'account, aggiungiti e nominati amministratore.
