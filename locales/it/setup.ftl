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
