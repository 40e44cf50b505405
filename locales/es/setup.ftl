# El bot de configuración: lo que leen los administradores.

setup-event-linked = ✅ Se ha conectado { $name } a su grupo. Envíale un mensaje de prueba: en el grupo aparecerá un tema con tu nombre.
setup-event-needs-login = ⚠️ Telegram ha cerrado la sesión de { $name } ({ $reason }). No se reenviará nada hasta que vuelvas a iniciar sesión.
setup-event-failed = ❌ { $name } se ha detenido: { $reason }. Vuelve a iniciar la conexión cuando el problema esté resuelto.
setup-event-link-refused-not-forum = El grupo que elegiste para { $name } tiene los temas desactivados. Activa <b>Temas</b> en los ajustes del grupo y vuelve a enviar el enlace.
setup-event-link-refused-missing-rights = A { $name } le faltan permisos de administrador en el grupo que elegiste. Concédele los permisos indicados en el grupo y vuelve a enviar el enlace.
setup-event-link-refused-other = No se pudo vincular { $name } a ese grupo. Abre la conexión y vuelve a intentarlo.
setup-button-open = Abrir { $name }
setup-button-relogin = Volver a iniciar sesión
setup-button-start = Iniciar

# Comandos del menú (setMyCommands).
setup-command-start = Tus conexiones y crear una nueva
setup-command-language = Cambiar el idioma de este bot
setup-command-cancel = Detener lo que estás haciendo
setup-command-help = Qué hace este bot

# Inicio y lista de conexiones.
setup-welcome =
    👋 <b>Switchboard</b> convierte los chats privados de un bot o una cuenta de Telegram en temas de un grupo de soporte, donde responde tu equipo.

    Conecta un bot o una cuenta para empezar.
setup-help =
    <b>Switchboard</b> reenvía los chats privados de un bot o una cuenta a un grupo de soporte con temas: un tema por usuario, y tu equipo responde allí.

    /start — tus conexiones y crear una nueva
    /language — el idioma de este bot
    /cancel — detener lo que estás haciendo

    En el tema de un usuario, los operadores pueden usar /info, /close, /wait, /hold, /ban, /unban y /help.
setup-connections = <b>Tus conexiones</b>
    Pulsa una para ver su estado y cambiarla.
setup-connections-empty = Aún no tienes conexiones.
setup-button-new = ➕ Nueva conexión
setup-button-connections = ⬅️ Conexiones
setup-button-back = ⬅️ Atrás
setup-button-cancel = ✖️ Cancelar
setup-cancelled = Cancelado. No se ha cambiado nada.
setup-not-found = Esa conexión no existe o no es tuya.
setup-outdated = Ese botón pertenece a un paso anterior. Usa el mensaje más reciente, o /start.
setup-error = Algo ha fallado por mi parte y no se ha cambiado nada. Vuelve a intentarlo en un momento, por favor.

# Paso 1.
setup-choose-kind =
    <b>Nueva conexión — paso 1 de 3</b>
    ¿Qué quieres conectar?

    <b>Un bot</b> creado con @BotFather: los usuarios escriben al bot. Su propio código sigue funcionando junto a Switchboard.
    <b>Una cuenta</b>: los usuarios escriben a una cuenta de Telegram, como el número de tu tienda.
setup-button-bot = 🤖 Conectar un bot
setup-button-account = 👤 Conectar una cuenta

# Paso 2, bot.
setup-ask-token =
    <b>Paso 2 de 3 — el token del bot</b>
    En @BotFather elige tu bot, luego <b>API Token</b>, y envíame el token. Borro tu mensaje en cuanto lo leo.
setup-ask-token-relogin =
    <b>Vuelve a iniciar sesión en { $name }</b>
    En @BotFather elige el bot, luego <b>API Token</b>, y envíame su token actual. Borro tu mensaje en cuanto lo leo.

# Paso 2, cuenta.
setup-choose-method =
    <b>Paso 2 de 3 — inicia sesión en la cuenta</b>
    <b>Código QR</b>: escanéalo con un teléfono en el que la cuenta tenga la sesión iniciada.
    <b>Número de teléfono</b>: Telegram envía un código de inicio de sesión a la cuenta.
setup-button-qr = 📷 Código QR
setup-button-phone = 📱 Número de teléfono
setup-ask-phone = Envía el número de teléfono de la cuenta en formato internacional, como <code>+39 333 123 4567</code>, o pulsa <b>Compartir mi número</b> si es la cuenta que estás usando ahora.
setup-button-share-phone = 📱 Compartir mi número
setup-phone-sending = Pidiendo a Telegram un código de inicio de sesión…
setup-code =
    <b>Paso 2 de 3 — el código de inicio de sesión</b>
    { $via }
    Introdúcelo con los botones de abajo. Telegram anula los códigos que se envían como mensaje normal; si lo escribes, pon espacios entre los dígitos, como <code>1 2 3 4 5</code>.

    Código: <code>{ $code }</code>
setup-code-via-app = Telegram ha enviado un código a la app de Telegram en la que está iniciada la sesión de { $phone }.
setup-code-via-sms = Telegram ha enviado un código por SMS al { $phone }.
setup-code-via-call = Telegram está llamando al { $phone } para decirte un código.
setup-code-via-missed-call = Telegram está llamando al { $phone }: el código son los últimos dígitos del número que llama.
setup-code-via-email = Telegram ha enviado un código a la dirección de correo { $email }.
setup-code-via-fragment = Telegram ha enviado un código para el { $phone } en fragment.com.
setup-code-via-other = Telegram ha enviado un código para el { $phone }.
setup-button-resend = 🔁 Reenviar código
setup-code-resent = Hay un nuevo código en camino.
setup-code-checking = Comprobando el código…
setup-ask-password = Esta cuenta tiene una contraseña de verificación en dos pasos. Envíala como mensaje: borro el mensaje al instante y nunca guardo la contraseña.
setup-password-hint = Pista: { $hint }
setup-qr =
    <b>Paso 2 de 3 — escanea el código QR</b>
    En un teléfono en el que la cuenta tenga la sesión iniciada, abre <b>Ajustes → Dispositivos → Vincular dispositivo de escritorio</b> y escanea este código. Se renueva solo antes de caducar.
setup-qr-scanned = ✅ Escaneado — iniciando sesión…
setup-button-new-qr = 🔄 Nuevo código QR
setup-login-lost = Ese inicio de sesión se interrumpió (me reinicié, o estuvo esperando demasiado tiempo). Vuelve a empezar, por favor.

# Tras iniciar sesión.
setup-signed-in = ✅ Sesión iniciada como <b>{ $name }</b>.
setup-already-yours = { $name } ya es una de tus conexiones, así que no se ha añadido nada nuevo.
setup-already-other = Otra persona ya ha conectado { $name }. Esa persona puede eliminar su conexión; hasta entonces, no se puede conectar aquí.
setup-relogin-different = Has iniciado sesión como { $name }, pero esta conexión pertenece a otra cuenta. Inicia sesión con la misma cuenta o crea una conexión nueva.
setup-relogged = ✅ Se ha vuelto a iniciar sesión en { $name } y ya se están reenviando los mensajes.

# Paso 3.
setup-group-bot =
    <b>Paso 3 de 3 — el grupo de soporte</b>
    Pulsa <b>Añadir al grupo</b> y elige un grupo para tu equipo, o crea uno. En ese grupo:
    • activa <b>Temas</b> en los ajustes del grupo;
    • mantén los permisos de administrador que pide el enlace (gestionar temas, eliminar y fijar mensajes, bloquear e invitar usuarios).
    Te avisaré aquí en cuanto se vincule { $name }.

    Si el botón no funciona, añade manualmente a { $name } al grupo como administrador y envía allí <code>/start { $code }</code>.
setup-button-add-to-group = ➕ Añadir al grupo
setup-group-account =
    <b>Paso 3 de 3 — el grupo de soporte</b>
    { $name } puede crear para ti un grupo nuevo con temas y hacerte administrador, o usar un grupo que ya tengas.
setup-button-create-group = ✨ Crear un grupo nuevo
setup-button-use-group = 👥 Usar un grupo existente
setup-group-existing =
    En tu grupo:
    • activa <b>Temas</b> en los ajustes del grupo;
    • añade a { $name } como administrador con permisos para gestionar temas, eliminar y fijar mensajes, bloquear e invitar usuarios;
    • envía este código en el grupo: <code>{ $code }</code>
    Te avisaré aquí en cuanto se vincule el grupo.
setup-group-creating = { $name } está creando el grupo <b>{ $title }</b> y te hará administrador. Te avisaré aquí cuando esté listo.
setup-group-default-title = { $name } — soporte
setup-change-group-note = El grupo actual sigue funcionando hasta que se vincule el nuevo.

# La ficha de la conexión.
setup-card =
    <b>{ $name }</b> { $username }
    Tipo: { $kind }
    Estado: { $status }
    Grupo: { $group }
    Fecha de conexión: { $created }
setup-kind-bot = bot
setup-kind-account = cuenta
setup-status-linking = 🔗 esperando su grupo
setup-status-active = ✅ reenviando
setup-status-stopped = ⏸ en pausa
setup-status-needs-login = ⚠️ Telegram cerró la sesión ({ $reason }); vuelve a iniciar sesión
setup-status-failed = ❌ se detuvo por un error: { $reason }
setup-group-none = aún sin vincular
setup-group-linked = vinculado (id <code>{ $id }</code>)
setup-group-being-created = en creación: { $title }
setup-button-parameters = ⚙️ Parámetros
setup-button-stop = ⏸ Detener
setup-button-change-group = 🔁 Cambiar de grupo
setup-button-delete = 🗑 Eliminar
setup-stopped = { $name } está en pausa: no se reenvía nada hasta que vuelvas a iniciar la conexión.
setup-started = { $name } está funcionando.
setup-not-now = No se puede hacer mientras { $name } está en este estado: { $status }.
setup-delete-confirm = ¿Eliminar <b>{ $name }</b>? Se cerrará su sesión y se borrarán sus parámetros. El historial de las conversaciones se queda en el grupo.
setup-button-confirm-delete = 🗑 Sí, eliminar
setup-deleted = Se ha eliminado { $name } y se ha cerrado su sesión. Su historial se queda en el grupo.

# Parámetros.
setup-params =
    <b>Parámetros de { $name }</b>
    Pulsa uno para leer qué hace y cambiarlo.
setup-button-default = ↩️ DEFAULT

# Idioma.
setup-language = Elige el idioma de este bot:
setup-language-set = A partir de ahora hablo español.

# Indicaciones cuando lo que se envía no encaja.
setup-hint-idle = Envía /start para ver tus conexiones, o /help para saber qué hago.
setup-hint-buttons = Usa los botones del último mensaje, por favor, o /cancel.
setup-hint-token = Estoy esperando un token de bot de @BotFather, como <code>123456789:AAE…</code>, o /cancel.
setup-hint-code = Introduce el código con los botones, o escríbelo con espacios entre los dígitos, como <code>1 2 3 4 5</code>.
setup-hint-password = Estoy esperando la contraseña de verificación en dos pasos de la cuenta, o /cancel.
setup-hint-qr = Escanea el código QR con la app de Telegram, o /cancel.
setup-hint-group = Estoy esperando a que { $name } se vincule a un grupo; te avisaré aquí cuando ocurra. /start muestra tus conexiones.
setup-hint-text-only = Aquí solo puedo leer texto.
setup-card-intercept-unseen = ⚠️ <b>INTERCEPT_EXTERNAL</b> está activado, pero en un día de tráfico no ha vuelto a este bot ni un solo mensaje enviado desde fuera de Switchboard. Puede que Telegram no pase al relé los mensajes que el bot envía por la Bot API: lo que envíes a los usuarios desde otro programa no aparecerá en sus temas. Escribe a los usuarios desde los temas o desactiva el parámetro.

setup-button-webhook-secret = 🔑 Nuevo secreto de firma
setup-webhook-secret = 🔑 Secreto de firma de estos webhooks (solo se muestra ahora; guárdalo en la configuración de tu receptor y borra este mensaje): <code>{ $secret }</code>
    Los receptores comprueban con él la cabecera <code>webhook-signature</code>, como describe la especificación Standard Webhooks. [🔑 Nuevo secreto de firma] lo sustituye; el anterior deja de valer al instante.
setup-event-webhook-failed = ⚠️ { $name }: se abandonó un webhook. El evento <code>{ $event }</code> <code>{ $id }</code> no se pudo entregar a { $url }: { $reason }. Los eventos siguientes se siguen enviando; revisa el receptor y WEBHOOKS.
