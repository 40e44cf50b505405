# The HTTP API (issue #15): its key in the setup bot, and how API actions show in topics.
setup-api-button-key = 🔑 Clave API
setup-api-button-reset = ♻️ Restablecer clave API
setup-api-key-created =
    🔑 Clave API de <b>{ $name }</b>:

    <code>{ $key }</code>

    Se muestra <b>solo esta vez</b>: cópiala ahora. Envíala a la API HTTP como <code>Authorization: Bearer …</code>. Switchboard solo guarda un hash; si la pierdes, restablécela.
setup-api-key-reset =
    ♻️ Nueva clave API de <b>{ $name }</b>; la anterior se rechaza desde ahora:

    <code>{ $key }</code>

    Se muestra <b>solo esta vez</b>: cópiala ahora.
setup-api-key-exists = 🔑 <b>{ $name }</b> tiene una clave API. Se mostró una vez, al crearla, y no puede mostrarse de nuevo. Restablécela para obtener otra: la anterior deja de funcionar al instante.
relay-api-sent = 📡 <i>Enviado a través de la API:</i>
relay-api-status = 📡 <i>Estado cambiado a través de la API:</i> { $status }
relay-api-by = 📡 <i>A través de la API:</i>
