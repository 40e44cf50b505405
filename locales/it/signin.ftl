# Accesso: perché il collegamento di un bot o di un account non è riuscito e cosa fare ora.

signin-error-malformed-token = Questo non sembra il token di un bot. Copialo da @BotFather: ha la forma <code>123456789:AAE…</code>, cioè cifre, due punti e poi circa 35 lettere e cifre.
signin-error-invalid-token = Telegram non riconosce questo token. Controlla di averlo copiato per intero da @BotFather, poi invialo di nuovo.
signin-error-revoked-token = Questo token è stato revocato in @BotFather. Apri @BotFather, scegli il bot, tocca <b>API Token</b>, copia il token attuale e invialo qui.
signin-error-phone-invalid = Questo numero di telefono non è valido. Invialo in formato internazionale, ad esempio <code>+39 333 123 4567</code>, oppure usa il pulsante per condividere il tuo contatto.
signin-error-phone-banned = Telegram ha bloccato questo numero di telefono, quindi non può essere collegato.
signin-error-phone-flood = Telegram ha rilevato troppi tentativi di accesso per questo numero. Attendi qualche ora, poi riprova.
signin-error-code-invalid = Il codice non è corretto. Controlla l'ultimo messaggio di Telegram e inserisci di nuovo il codice.
signin-error-code-expired = Il codice è scaduto. Tocca <b>Reinvia codice</b> per riceverne uno nuovo.
signin-error-password-invalid = La password non è corretta. Inserisci di nuovo la password della verifica in due passaggi.
signin-error-password-unsupported = Telegram ha inviato parametri della password della verifica in due passaggi che questa versione di Switchboard non comprende, quindi la password non è stata inviata. Aggiorna Switchboard e riprova.
signin-error-password-required = Questo account è protetto da una password per la verifica in due passaggi. Inviala per completare l'accesso; il messaggio verrà eliminato subito.
signin-error-sign-up-required = A questo numero di telefono non è associato alcun account Telegram. Creane prima uno in un'app ufficiale di Telegram, poi collegalo qui.
signin-error-flood-wait = Telegram chiede di attendere { $seconds } secondi prima di riprovare.
signin-error-qr-expired = Il codice QR è scaduto prima di essere scansionato. Tocca <b>Nuovo codice QR</b> per ottenerne uno nuovo.
signin-error-resend-unavailable = Al momento Telegram non può inviare il codice in un altro modo. Usa il codice che hai già ricevuto, oppure attendi e riprova.
signin-error-payment-required = Telegram richiede un pagamento prima di inviare un codice di accesso a questo numero. Accedi invece con un codice QR.
signin-error-network = Al momento Telegram non è raggiungibile. Riprova tra un minuto.
signin-error-session-revoked = La sessione è stata chiusa dal lato di Telegram (ad esempio da <b>Impostazioni → Dispositivi</b>). Accedi di nuovo.
signin-error-unexpected = Telegram ha risposto con un errore che non conosco (<code>{ $name }</code>). Riprova; se continua a succedere, segnalalo.
