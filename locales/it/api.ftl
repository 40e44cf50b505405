# The HTTP API (issue #15): its key in the setup bot, and how API actions show in topics.
setup-api-button-key = 🔑 Chiave API
setup-api-button-reset = ♻️ Reimposta chiave API
setup-api-key-created =
    🔑 Chiave API di <b>{ $name }</b>:

    <code>{ $key }</code>

    Viene mostrata <b>solo questa volta</b>: copiala ora. Inviala all'API HTTP come <code>Authorization: Bearer …</code>. Switchboard ne conserva solo un hash; se la perdi, reimpostala.
setup-api-key-reset =
    ♻️ Nuova chiave API di <b>{ $name }</b>; quella vecchia da ora è rifiutata:

    <code>{ $key }</code>

    Viene mostrata <b>solo questa volta</b>: copiala ora.
setup-api-key-exists = 🔑 <b>{ $name }</b> ha una chiave API. È stata mostrata una volta, alla creazione, e non può essere mostrata di nuovo. Reimpostala per averne una nuova: la vecchia smette subito di funzionare.
relay-api-sent = 📡 <i>Inviato tramite l'API:</i>
relay-api-status = 📡 <i>Stato impostato tramite l'API:</i> { $status }
relay-api-by = 📡 <i>Tramite l'API:</i>
