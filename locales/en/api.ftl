# The HTTP API (issue #15): its key in the setup bot, and how API actions show in topics.
setup-api-button-key = 🔑 API key
setup-api-button-reset = ♻️ Reset API key
setup-api-key-created =
    🔑 API key for <b>{ $name }</b>:

    <code>{ $key }</code>

    It is shown <b>only this once</b>: copy it now. Send it to the HTTP API as <code>Authorization: Bearer …</code>. Switchboard keeps only a hash of it; if it is lost, reset it.
setup-api-key-reset =
    ♻️ New API key for <b>{ $name }</b>; the old one is refused from now on:

    <code>{ $key }</code>

    It is shown <b>only this once</b>: copy it now.
setup-api-key-exists = 🔑 <b>{ $name }</b> has an API key. It was shown once, when it was made, and cannot be shown again. Reset it to get a new one: the old key stops working at once.
relay-api-sent = 📡 <i>Sent through the API:</i>
relay-api-status = 📡 <i>Status set through the API:</i> { $status }
relay-api-by = 📡 <i>Through the API:</i>
