# Parametri: cosa significa ciascuno, quali valori accetta e perché un valore è stato rifiutato.
# I testi sono HTML di Telegram. Gli argomenti vengono resi sicuri (escape) dal codice che li passa.

param-card =
    <b>{ $name }</b>
    { $help }

    <b>Formato:</b> { $format }
    <b>Predefinito:</b> <code>{ $default }</code>
    <b>Valore attuale:</b> <code>{ $current }</code>

    Invia un nuovo valore, oppure <code>DEFAULT</code> per ripristinare quello predefinito.
param-saved = { $name } ora è <code>{ $value }</code>.
param-reset = { $name } è tornato al valore predefinito, <code>{ $value }</code>.
param-refused =
    Il valore non è stato salvato: { $reason }
    { $name } mantiene il valore <code>{ $current }</code>. Invia un altro valore, oppure <code>DEFAULT</code>.

param-welcome-help = Il messaggio che un utente riceve al primo contatto, e di nuovo quando una conversazione chiusa viene riaperta. <code>{"{"}name{"}"}</code> viene sostituito dal nome dell'utente. Con <code>OFF</code> non viene inviato nulla.
param-autoclose-help = Quante ore una conversazione resta nello stato «il supporto ha risposto» (🟨) prima di chiudersi da sola (⬛). Con <code>OFF</code> le conversazioni non si chiudono mai automaticamente.
param-auto-info-help = Se pubblicare la scheda dell'utente (nome, username, id, lingua, parametro di avvio) quando viene creato un nuovo argomento.
param-extensions-allowed-help = Chi può usare i comandi dei moduli nell'argomento Generale (/send, /mark, /export, /new) e vedere /info quando HIDE_INFO lo nasconde. L'amministratore della connessione può sempre farlo.
param-silent-mode-help = Se nascondere agli utenti gli errori di elaborazione. Gli operatori vedono comunque ogni errore nell'argomento.
param-intercept-external-help = Se copiare nell'argomento, contrassegnati come intercettati, i messaggi che il bot o l'account ha inviato all'utente dalle sue altre sessioni (il proprio codice, un'altra app).
param-private-keywords-help = Se impostato, un argomento viene creato (o una conversazione chiusa riaperta) solo quando il messaggio dell'utente corrisponde; mentre una conversazione è aperta, passa tutto. Una frase corrisponde dove inizia una parola, senza distinzione tra maiuscole e minuscole.
param-hide-info-help = Nasconde agli operatori chi è l'utente: <code>name</code> intitola gli argomenti con pseudonimi generati invece dei nomi; <code>command</code> fa sì che /info risponda solo a EXTENSIONS_ALLOWED, in privato tramite questo bot.
param-ignore-chats-help = Utenti i cui messaggi vengono scartati senza lasciare traccia. /ban in un argomento aggiunge qui l'utente. 777000 è l'account di servizio di Telegram stesso.
param-white-list-help = Se impostato, vengono inoltrati solo i messaggi di questi utenti; tutti gli altri vengono ignorati.
param-reply-only-help = Se attivo, all'utente vengono inviati solo i messaggi degli operatori che rispondono a un suo messaggio; tutto il resto nell'argomento rimane un commento interno.
param-restricted-keywords-frontend-help = I messaggi degli utenti che corrispondono non vengono inoltrati al gruppo.
param-restricted-keywords-backend-help = I messaggi degli operatori che corrispondono non vengono inviati all'utente; un avviso nell'argomento lo segnala.
param-leave-closed-help = Se attivo, una conversazione chiusa resta chiusa quando l'utente scrive di nuovo (non viene inviato il messaggio di benvenuto); un messaggio di un operatore la riapre comunque.
param-icon-color-help = Il colore degli argomenti creati da questa connessione.

param-format-text = un testo con la formattazione di Telegram, oppure <code>OFF</code>
param-format-hours = un numero intero di ore (1 o più), oppure <code>OFF</code>
param-format-boolean = <code>TRUE</code> o <code>FALSE</code> (funzionano anche <code>ON</code>/<code>OFF</code> e <code>YES</code>/<code>NO</code>)
param-format-audience = id utente separati da virgole, <code>ALL</code> per tutti i membri del gruppo, oppure <code>ADMIN</code>
param-format-keywords = ad esempio <code>"help", "operator", ["refund","order"], ["price","~spam"]</code>: una parola o frase tra virgolette corrisponde da sola, un elenco tra parentesi quadre richiede tutti i suoi elementi, <code>~</code> significa «non deve contenere»; oppure <code>OFF</code>
param-format-hide-info = <code>name</code>, <code>command</code>, entrambi separati da una virgola, oppure <code>OFF</code>
param-format-user-ids = id utente separati da virgole, oppure <code>OFF</code>
param-format-white-list = id utente separati da virgole, oppure <code>OFF</code>
param-format-icon-color = uno tra <code>blue</code>, <code>yellow</code>, <code>violet</code>, <code>green</code>, <code>rose</code>, <code>red</code>

param-error-not-boolean = serve TRUE o FALSE (vanno bene anche ON/OFF e YES/NO).
param-error-not-hours = serve un numero intero di ore, da 1 a { $max }, oppure OFF.
param-error-not-user-id = <code>{ $item }</code> non è un id utente di Telegram. Gli id utente sono numeri positivi; /info nell'argomento di un utente mostra il suo.
param-error-empty-list = l'elenco è vuoto. Invia almeno un elemento, oppure OFF.
param-error-not-one-of = <code>{ $item }</code> non è tra i valori ammessi: { $allowed }.
param-error-empty-text = il testo è vuoto. Invia OFF per non inviare nulla.
param-error-too-long = il testo ha { $length } caratteri; Telegram ne consente al massimo { $max }.
param-error-unknown-placeholder = <code>{"{"}{ $placeholder }{"}"}</code> non è un segnaposto che conosco; conosco solo <code>{"{"}name{"}"}</code>.

keywords-error-empty = nessuna parola chiave alla posizione { $position }. Inviane almeno una, ad esempio <code>"help"</code>, oppure OFF.
keywords-error-unclosed-quote = le virgolette aperte alla posizione { $position } non vengono mai chiuse.
keywords-error-unclosed-bracket = la parentesi quadra aperta alla posizione { $position } non viene mai chiusa.
keywords-error-nested-bracket = le parentesi quadre non possono essere annidate (posizione { $position }).
keywords-error-stray-closing-bracket = la <code>]</code> alla posizione { $position } non chiude nessuna parentesi.
keywords-error-empty-phrase = una parola o frase vuota alla posizione { $position }.
keywords-error-expected-comma = manca una virgola prima della posizione { $position }.
keywords-error-stray-quote = virgolette dentro una parola non tra virgolette alla posizione { $position }; metti l'intera frase tra virgolette.
keywords-error-too-long = l'elenco supera i 4096 caratteri (posizione { $position }).

welcome-default = Ciao! Descrivici pure la tua domanda: ti risponderemo il prima possibile.

param-webhooks-help = Invia gli eventi di questa connessione ai tuoi servizi (un CRM, un negozio, n8n, un assistente) come richieste HTTPS firmate, e inoltra loro i comandi di topic scelti. Ogni URL riceve gli eventi e i <code>/comandi</code> elencati per lui. Le consegne restano in ordine per URL e vengono ritentate per 24 ore; le richieste portano una firma Standard Webhooks fatta con il segreto mostrato in configurazione.
param-format-webhooks = un oggetto JSON di URL con le loro liste, per esempio <code>{"{"}"https://crm.example/hook": ["dialog_created", "message_received"], "https://x.example/cmd": ["/invoice"]{"}"}</code>. Eventi: <code>dialog_created</code>, <code>dialog_reopened</code>, <code>dialog_closed</code>, <code>dialog_status_changed</code>, <code>message_received</code>, <code>message_sent</code>, <code>message_intercepted</code>, <code>label_added</code>, <code>label_removed</code>, <code>broadcast_finished</code>; oppure <code>OFF</code>
param-error-webhooks-json = non è JSON valido: il problema è alla riga { $line }, colonna { $column }.
param-error-webhooks-shape = serve un oggetto JSON le cui chiavi sono URL e i cui valori sono liste di nomi di eventi e <code>/comandi</code>.
param-error-webhooks-too-many = al massimo { $max } URL.
param-error-webhook-url = <code>{ $url }</code> non è un URL <code>https://</code> con un host (e senza nome utente o password).
param-error-webhook-not-https = <code>{ $url }</code> usa <code>http://</code> semplice, consentito solo verso questa macchina (per i test). Usa <code>https://</code>.
param-error-webhook-event = <code>{ $item }</code> non è un evento. Eventi: { $allowed }.
param-error-webhook-command = <code>{ $item }</code> non è un comando: una barra, poi da 1 a 32 caratteri tra a–z, 0–9 e _.
param-error-webhook-nothing = la lista di <code>{ $url }</code> è vuota: indica almeno un evento o un comando, oppure togli l'URL.
