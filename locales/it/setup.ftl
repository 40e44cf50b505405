# Il bot di configurazione: cosa leggono gli amministratori.

setup-event-linked = ✅ { $name } è collegato al suo gruppo. Inviagli un messaggio di prova: nel gruppo apparirà un argomento con il tuo nome.
setup-event-needs-login = ⚠️ Telegram ha disconnesso { $name } ({ $reason }). Nessun messaggio verrà inoltrato finché non accedi di nuovo.
setup-event-failed = ❌ { $name } si è fermato: { $reason }. Riavvialo quando il problema è risolto.
setup-event-link-refused-not-forum = Nel gruppo che hai scelto per { $name } gli argomenti sono disattivati. Attiva <b>Argomenti</b> nelle impostazioni del gruppo, poi invia di nuovo il link.
setup-event-link-refused-missing-rights = A { $name } mancano dei permessi di amministratore nel gruppo che hai scelto. Concedigli i permessi elencati nel gruppo, poi invia di nuovo il link.
setup-event-link-refused-other = Non è stato possibile collegare { $name } a quel gruppo. Apri la connessione e riprova.
setup-button-open = Apri { $name }
setup-button-relogin = Accedi di nuovo
setup-button-start = Avvia

# Comandi nel menu (setMyCommands).
setup-command-start = Le tue connessioni e una nuova
setup-command-language = Cambia la lingua di questo bot
setup-command-cancel = Interrompi l'operazione in corso
setup-command-help = Cosa fa questo bot

# Avvio ed elenco delle connessioni.
setup-welcome =
    👋 <b>Switchboard</b> trasforma le chat private di un bot o di un account Telegram in argomenti di un gruppo di supporto, dove risponde il tuo team.

    Collega un bot o un account per iniziare.
setup-help =
    <b>Switchboard</b> inoltra le chat private di un bot o di un account a un gruppo di supporto con argomenti: un argomento per utente, e il tuo team risponde lì.

    /start — le tue connessioni e una nuova
    /language — la lingua di questo bot
    /cancel — interrompi l'operazione in corso

    Nell'argomento di un utente, gli operatori possono usare /info, /close, /wait, /hold, /ban, /unban e /help.
setup-connections = <b>Le tue connessioni</b>
    Toccane una per vederne lo stato e modificarla.
setup-connections-empty = Non hai ancora nessuna connessione.
setup-button-new = ➕ Nuova connessione
setup-button-connections = ⬅️ Connessioni
setup-button-back = ⬅️ Indietro
setup-button-cancel = ✖️ Annulla
setup-cancelled = Annullato. Non è stato modificato nulla.
setup-not-found = Questa connessione non esiste, oppure non è tua.
setup-outdated = Questo pulsante appartiene a un passaggio precedente. Usa il messaggio più recente, oppure /start.
setup-error = Qualcosa è andato storto da parte mia, e non è stato modificato nulla. Riprova tra un momento.

# Passaggio 1.
setup-choose-kind =
    <b>Nuova connessione — passaggio 1 di 3</b>
    Cosa vuoi collegare?

    <b>Un bot</b> creato con @BotFather: gli utenti scrivono al bot. Il suo codice continua a funzionare accanto a Switchboard.
    <b>Un account</b>: gli utenti scrivono a un account Telegram, ad esempio il numero del tuo negozio.
setup-button-bot = 🤖 Collega un bot
setup-button-account = 👤 Collega un account

# Passaggio 2, bot.
setup-ask-token =
    <b>Passaggio 2 di 3 — il token del bot</b>
    In @BotFather scegli il tuo bot, poi <b>API Token</b>, e inviami il token. Elimino il tuo messaggio non appena l'ho letto.
setup-ask-token-relogin =
    <b>Nuovo accesso per { $name }</b>
    In @BotFather scegli il bot, poi <b>API Token</b>, e inviami il suo token attuale. Elimino il tuo messaggio non appena l'ho letto.

# Passaggio 2, account.
setup-choose-method =
    <b>Passaggio 2 di 3 — accedi all'account</b>
    <b>Codice QR</b>: scansionalo con un telefono su cui è stato effettuato l'accesso all'account.
    <b>Numero di telefono</b>: Telegram invia un codice di accesso all'account.
setup-button-qr = 📷 Codice QR
setup-button-phone = 📱 Numero di telefono
setup-ask-phone = Invia il numero di telefono dell'account in formato internazionale, ad esempio <code>+39 333 123 4567</code>, oppure tocca <b>Condividi il mio numero</b> se è l'account che stai usando ora.
setup-button-share-phone = 📱 Condividi il mio numero
setup-phone-sending = Sto chiedendo a Telegram un codice di accesso…
setup-code =
    <b>Passaggio 2 di 3 — il codice di accesso</b>
    { $via }
    Inseriscilo con i pulsanti qui sotto. Telegram annulla un codice inviato come messaggio normale; se lo digiti, metti degli spazi tra le cifre, ad esempio <code>1 2 3 4 5</code>.

    Codice: <code>{ $code }</code>
setup-code-via-app = Telegram ha inviato un codice all'app Telegram in cui è stato effettuato l'accesso con il { $phone }.
setup-code-via-sms = Telegram ha inviato un codice via SMS al { $phone }.
setup-code-via-call = Telegram sta chiamando il { $phone } per comunicarti un codice.
setup-code-via-missed-call = Telegram sta chiamando il { $phone }: il codice sono le ultime cifre del numero chiamante.
setup-code-via-email = Telegram ha inviato un codice all'indirizzo email { $email }.
setup-code-via-fragment = Telegram ha inviato un codice per il { $phone } su fragment.com.
setup-code-via-other = Telegram ha inviato un codice per il { $phone }.
setup-button-resend = 🔁 Reinvia codice
setup-code-resent = Un nuovo codice è in arrivo.
setup-code-checking = Verifico il codice…
setup-ask-password = Questo account è protetto da una password della verifica in due passaggi. Inviala come messaggio: elimino subito il messaggio e non salvo mai la password.
setup-password-hint = Suggerimento: { $hint }
setup-qr =
    <b>Passaggio 2 di 3 — scansiona il codice QR</b>
    Su un telefono su cui è stato effettuato l'accesso all'account, apri <b>Impostazioni → Dispositivi → Collega dispositivo desktop</b> e scansiona questo codice. Si rinnova da solo prima di scadere.
setup-qr-scanned = ✅ Scansionato — accesso in corso…
setup-button-new-qr = 🔄 Nuovo codice QR
setup-login-lost = L'accesso è stato interrotto (mi sono riavviato, oppure l'attesa è durata troppo). Ricomincia da capo.

# Dopo l'accesso.
setup-signed-in = ✅ Accesso effettuato come <b>{ $name }</b>.
setup-already-yours = { $name } è già una delle tue connessioni, quindi non è stato aggiunto nulla.
setup-already-other = { $name } è già stato collegato da qualcun altro. Quella persona può eliminare la sua connessione; fino ad allora { $name } non può essere collegato qui.
setup-relogin-different = Hai effettuato l'accesso come { $name }, ma questa connessione appartiene a un altro account. Accedi con lo stesso account, oppure crea una nuova connessione.
setup-relogged = ✅ { $name } ha effettuato di nuovo l'accesso e sta inoltrando i messaggi.

# Passaggio 3.
setup-group-bot =
    <b>Passaggio 3 di 3 — il gruppo di supporto</b>
    Tocca <b>Aggiungi al gruppo</b> e scegli un gruppo per il tuo team, oppure creane uno. In quel gruppo:
    • attiva <b>Argomenti</b> nelle impostazioni del gruppo;
    • mantieni i permessi di amministratore richiesti dal link (gestire gli argomenti, eliminare e fissare messaggi, bloccare e invitare utenti).
    Ti avviso qui non appena { $name } è collegato.

    Se il pulsante non funziona, aggiungi tu { $name } al gruppo come amministratore e invia lì <code>/start { $code }</code>.
setup-button-add-to-group = ➕ Aggiungi al gruppo
setup-group-account =
    <b>Passaggio 3 di 3 — il gruppo di supporto</b>
    { $name } può creare per te un nuovo gruppo con argomenti e nominarti amministratore, oppure usare un gruppo che hai già.
setup-button-create-group = ✨ Crea un nuovo gruppo
setup-button-use-group = 👥 Usa un gruppo esistente
setup-group-existing =
    Nel tuo gruppo:
    • attiva <b>Argomenti</b> nelle impostazioni del gruppo;
    • aggiungi { $name } come amministratore con i permessi per gestire gli argomenti, eliminare e fissare messaggi, bloccare e invitare utenti;
    • invia questo codice nel gruppo: <code>{ $code }</code>
    Ti avviso qui non appena il gruppo è collegato.
setup-group-creating = { $name } sta creando il gruppo <b>{ $title }</b> e ti nominerà amministratore. Ti avviso qui quando è pronto.
setup-group-default-title = { $name } — supporto
setup-change-group-note = Il gruppo attuale continua a funzionare finché quello nuovo non viene collegato.

# La scheda della connessione.
setup-card =
    <b>{ $name }</b> { $username }
    Tipo: { $kind }
    Stato: { $status }
    Gruppo: { $group }
    Collegato il { $created }
setup-kind-bot = bot
setup-kind-account = account
setup-status-linking = 🔗 in attesa del suo gruppo
setup-status-active = ✅ inoltro attivo
setup-status-stopped = ⏸ fermato
setup-status-needs-login = ⚠️ disconnesso da Telegram ({ $reason }); accedi di nuovo
setup-status-failed = ❌ fermato da un errore: { $reason }
setup-group-none = non ancora collegato
setup-group-linked = collegato (id <code>{ $id }</code>)
setup-group-being-created = in creazione: { $title }
setup-button-parameters = ⚙️ Parametri
setup-button-stop = ⏸ Ferma
setup-button-change-group = 🔁 Cambia gruppo
setup-button-delete = 🗑 Elimina
setup-stopped = { $name } è fermo: non viene inoltrato nulla finché non lo riavvii.
setup-started = { $name } è in funzione.
setup-not-now = Non è possibile farlo mentre { $name } è in questo stato: { $status }.
setup-delete-confirm = Eliminare <b>{ $name }</b>? La sua sessione viene chiusa e i suoi parametri vengono rimossi. La cronologia delle conversazioni resta nel gruppo.
setup-button-confirm-delete = 🗑 Sì, elimina
setup-deleted = { $name } è stato eliminato e la sua sessione è stata chiusa. La sua cronologia resta nel gruppo.

# Parametri.
setup-params =
    <b>Parametri di { $name }</b>
    Toccane uno per leggere cosa fa e modificarlo.
setup-button-default = ↩️ DEFAULT

# Lingua.
setup-language = Scegli la lingua di questo bot:
setup-language-set = D'ora in poi parlo italiano.

# Suggerimenti quando l'input non è quello atteso.
setup-hint-idle = Invia /start per vedere le tue connessioni, oppure /help per leggere cosa faccio.
setup-hint-buttons = Usa i pulsanti dell'ultimo messaggio, oppure /cancel.
setup-hint-token = Sto aspettando un token di bot da @BotFather, ad esempio <code>123456789:AAE…</code>, oppure /cancel.
setup-hint-code = Inserisci il codice con i pulsanti, oppure digitalo con degli spazi tra le cifre, ad esempio <code>1 2 3 4 5</code>.
setup-hint-password = Sto aspettando la password della verifica in due passaggi dell'account, oppure /cancel.
setup-hint-qr = Scansiona il codice QR con l'app Telegram, oppure /cancel.
setup-hint-group = Sto aspettando che { $name } venga collegato a un gruppo; ti avviso qui quando succede. /start mostra le tue connessioni.
setup-hint-text-only = Qui posso leggere solo testo.
setup-card-intercept-unseen = ⚠️ <b>INTERCEPT_EXTERNAL</b> è attivo, ma in un giorno di traffico nessun messaggio inviato al di fuori di Switchboard è tornato a questo bot. Telegram potrebbe non passare al relay i messaggi che il bot invia tramite la Bot API: ciò che invii agli utenti da un altro programma non comparirà nei loro argomenti. Scrivi agli utenti dagli argomenti oppure disattiva il parametro.

setup-button-webhook-secret = 🔑 Nuovo segreto di firma
setup-webhook-secret = 🔑 Segreto di firma di questi webhook (mostrato solo ora; salvalo nelle impostazioni del ricevitore, poi elimina questo messaggio): <code>{ $secret }</code>
    I ricevitori verificano con esso l'intestazione <code>webhook-signature</code>, come descrive la specifica Standard Webhooks. [🔑 Nuovo segreto di firma] lo sostituisce; il vecchio smette subito di valere.
setup-event-webhook-failed = ⚠️ { $name }: un webhook è stato abbandonato. L'evento <code>{ $event }</code> <code>{ $id }</code> non è stato consegnato a { $url }: { $reason }. Gli eventi successivi continuano a essere inviati; controlla il ricevitore e WEBHOOKS.
