# I comandi dei moduli nel gruppo di supporto: /send, /mark, /export, /new.

relay-modules-not-allowed = Solo le persone in EXTENSIONS_ALLOWED possono usare /send, /mark, /export e /new.

## /send

relay-send-usage =
    <b>Invii di massa</b>
    Rispondi a un messaggio con /send per inviarlo a tutti gli utenti con una conversazione.
    <code>/send to NAME</code> — solo agli utenti con l'etichetta NAME
    <code>/send to all</code> — di nuovo a tutti gli utenti
    <code>/send to list</code> — in risposta a un file o a un testo con gli id degli utenti
    <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code>, <code>/send cancel</code>
relay-send-none = Non c'è nessun invio di massa in corso. Rispondi a un messaggio con /send per prepararne uno.
relay-send-busy = L'invio di massa #{ $id } non è ancora finito. Aspetta che finisca o fermalo con /send cancel prima di prepararne un altro.
relay-send-list-needs-draft = Prepara prima l'invio (rispondi al suo messaggio con /send), poi rispondi alla lista di id con /send to list.
relay-send-list-needs-reply = Rispondi con /send to list a un file o a un messaggio con gli id degli utenti (uno per riga o separati da virgole).
relay-send-list-too-large = La lista supera 1 MB. Dividila e fai un invio per ogni parte.
relay-send-list-empty = Non ho trovato id di utenti. Invia gli id uno per riga o separati da virgole.
relay-send-not-draft = I destinatari si possono cambiare solo prima che l'invio cominci.
relay-send-audience-set = Destinatari scelti: { $size } utenti.
relay-send-nobody = Nessuno a cui inviare: non ci sono destinatari. Scegline altri con /send to.
relay-send-finished = L'invio di massa #{ $id } è già finito.
relay-send-already-running = L'invio di massa #{ $id } è già in corso.
relay-send-already-paused = L'invio di massa #{ $id } è già in pausa.
relay-send-not-started = L'invio di massa #{ $id } non è ancora cominciato.
relay-send-test-ok = Prova inviata a te in privato.
relay-send-test-unreachable = La prova non ti ha raggiunto: apri una chat privata con { $name }, premi Avvia e riprova.
relay-send-start-ok = Invio di massa #{ $id } avviato.
relay-send-pause-ok = Invio di massa #{ $id } in pausa.
relay-send-resume-ok = Invio di massa #{ $id } ripreso.
relay-send-cancel-ok = Invio di massa #{ $id } annullato.
relay-send-button-test = 🧪 Prova
relay-send-button-start = ▶️ Avvia
relay-send-button-pause = ⏸ Pausa
relay-send-button-resume = ▶️ Riprendi
relay-send-button-cancel = ✖️ Annulla
relay-send-audience-all = tutti gli utenti con una conversazione
relay-send-audience-label = utenti con l'etichetta { $label }
relay-send-audience-list = una lista caricata di { $count } id
relay-send-status-draft = bozza
relay-send-status-running = invio in corso
relay-send-status-paused = in pausa
relay-send-status-cancelled = annullato
relay-send-status-done = finito
relay-send-card =
    <b>Invio di massa #{ $id }</b> — { $status }
    A: { $audience } ({ $size })
relay-send-progress = Inviati: { $sent }, non riusciti: { $failed }, rimanenti: { $left }
relay-send-rate = { $rate }/s, circa { $eta } alla fine
relay-send-account-commands = Gli account non possono mostrare pulsanti: usa <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code> o <code>/send cancel</code>.
relay-send-report = Rapporto di consegna dell'invio di massa #{ $id }: { $sent } inviati, { $failed } non consegnati.

## /mark

relay-mark-usage =
    <b>Etichette</b>
    <code>/mark</code> — le etichette e quante conversazioni ha ciascuna
    <code>/mark new NAME [TICKER]</code> — una nuova etichetta, con un'emoji o un breve testo per i titoli degli argomenti
    <code>/mark rename NAME NEW</code>, <code>/mark del NAME</code>
    <code>/mark ticker NAME TICKER</code> (o <code>off</code>)
    <code>/mark after NAME OTHER…</code> — mettere NAME toglie le altre (<code>off</code>: nessuna regola)
    Nell'argomento di un utente: <code>/mark NAME</code>, <code>/mark del NAME</code>
relay-mark-topic-usage = In un argomento: <code>/mark NAME</code> mette l'etichetta a questa conversazione, <code>/mark del NAME</code> la toglie. Le etichette si creano nell'argomento Generale con <code>/mark new NAME</code>.
relay-mark-none = Non ci sono ancora etichette. Creane una con <code>/mark new NAME</code>.
relay-mark-list-title = <b>Etichette</b>
relay-mark-list-item = { $ticker }<b>{ $name }</b> — { $count }
relay-mark-list-after = , toglie { $labels }
relay-label-name-rules = «{ $name }» non può essere il nome di un'etichetta: usa da 1 a 32 lettere, cifre, _ o -, e nessuna delle parole new, rename, del, ticker, after, off, all, list, json, csv, to.
relay-label-ticker-rules = «{ $ticker }» non può essere un ticker: usa un'emoji o fino a 8 caratteri senza spazi, oppure off.
relay-label-unknown = Non esiste l'etichetta «{ $name }». Etichette: { $labels }. Creala con <code>/mark new NAME</code>.
relay-label-exists = Esiste già un'etichetta «{ $name }».
relay-label-created = Etichetta «{ $name }» creata.
relay-label-renamed = L'etichetta «{ $from }» ora si chiama «{ $to }».
relay-label-deleted = Etichetta «{ $name }» eliminata e tolta da tutte le conversazioni.
relay-label-ticker-set = Ticker di «{ $name }» cambiato; i titoli degli argomenti si aggiornano.
relay-label-after-set = Mettere «{ $name }» ora toglie: { $labels }.
relay-label-after-off = Mettere «{ $name }» non toglie più altre etichette.
relay-label-set = Etichetta «{ $name }» messa.
relay-label-unset = Etichetta «{ $name }» tolta.

## /export

relay-export-usage = <code>/export</code> — un CSV degli utenti con una conversazione; <code>/export NAME</code> — solo quelli con l'etichetta NAME; aggiungi <code>json</code> per il JSON.
relay-export-caption = { $count } utenti con una conversazione.
relay-export-hidden = HIDE_INFO è attivo: i nomi sono pseudonimi e gli username non sono inclusi.

## /new

relay-new-usage = <code>/new @username</code>, <code>/new +telefono</code> o <code>/new user_id</code> apre una conversazione con qualcuno che non ha ancora scritto.
relay-new-usage-bad = «{ $target }» non è un @username, un numero +telefono né un id utente.
relay-new-not-found = Questo utente di Telegram non esiste, oppure le sue impostazioni di privacy lo nascondono.
relay-new-bot-refused = Telegram permette a { $name } di scrivere solo a chi ha avviato il bot. Chiedi all'utente di aprire il bot e premere Avvia; la sua conversazione si aprirà da sola.
relay-new-not-allowed = Telegram non permette di aprire una conversazione con questo utente.
relay-new-exists = { $name } ha già una conversazione: scrivi nel suo argomento.
relay-new-opened = Conversazione aperta con { $name }: scrivi nel nuovo argomento per inviare il primo messaggio.
relay-new-topic-note = Conversazione aperta dal team con /new. Il tuo primo messaggio qui arriverà a { $name }.
