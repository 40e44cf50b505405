# Parámetros: qué significa cada uno, qué valores admite y por qué se rechazó un valor.
# Los textos son HTML de Telegram. El código que pasa los argumentos se encarga de escaparlos.

param-card =
    <b>{ $name }</b>
    { $help }

    <b>Formato:</b> { $format }
    <b>Valor predeterminado:</b> <code>{ $default }</code>
    <b>Valor actual:</b> <code>{ $current }</code>

    Envía un valor nuevo, o <code>DEFAULT</code> para restablecer el predeterminado.
param-saved = { $name } ahora es <code>{ $value }</code>.
param-reset = { $name } vuelve a su valor predeterminado, <code>{ $value }</code>.
param-refused =
    Ese valor no se ha guardado: { $reason }
    { $name } conserva su valor <code>{ $current }</code>. Envía otro valor, o <code>DEFAULT</code>.

param-welcome-help = El mensaje que recibe un usuario en su primer contacto, y de nuevo cuando se reabre una conversación cerrada. <code>{"{"}name{"}"}</code> se sustituye por el nombre del usuario. Con <code>OFF</code> no se envía nada.
param-autoclose-help = Cuántas horas espera una conversación en «respondida por soporte» (🟨) antes de cerrarse sola (⬛). Con <code>OFF</code>, las conversaciones nunca se cierran automáticamente.
param-auto-info-help = Si se publica la ficha del usuario (nombre, nombre de usuario, id, idioma, parámetro de inicio) al crear un tema nuevo.
param-extensions-allowed-help = Quién puede usar los comandos de los módulos en el tema General (/send, /mark, /export, /new) y ver /info cuando HIDE_INFO lo oculta. El administrador de la conexión siempre puede.
param-silent-mode-help = Si se ocultan a los usuarios los errores de procesamiento. Los operadores siguen viendo todos los errores en el tema.
param-intercept-external-help = Si se copian al tema, marcados como interceptados, los mensajes que el bot o la cuenta envió al usuario desde sus otras sesiones (su propio código, otra app).
param-private-keywords-help = Si se establece, solo se crea un tema (o se reabre una conversación cerrada) cuando el mensaje del usuario coincide; mientras la conversación está abierta, pasa todo. Una frase coincide donde empieza una palabra, sin distinguir mayúsculas de minúsculas.
param-hide-info-help = Oculta a los operadores quién es el usuario: <code>name</code> titula los temas con seudónimos generados en lugar de nombres; <code>command</code> hace que /info responda solo a EXTENSIONS_ALLOWED, en privado a través de este bot.
param-ignore-chats-help = Usuarios cuyos mensajes se descartan sin dejar rastro. /ban en un tema añade aquí al usuario. 777000 es la cuenta de servicio del propio Telegram.
param-white-list-help = Si se establece, solo se reenvían los mensajes de estos usuarios; todos los demás se ignoran.
param-reply-only-help = Si está activado, solo se envían al usuario los mensajes de los operadores que responden a un mensaje suyo; todo lo demás en el tema queda como comentario interno.
param-restricted-keywords-frontend-help = Los mensajes de usuarios que coinciden no se reenvían al grupo.
param-restricted-keywords-backend-help = Los mensajes de operadores que coinciden no se envían al usuario; un aviso en el tema lo indica.
param-leave-closed-help = Si está activado, una conversación cerrada sigue cerrada cuando el usuario vuelve a escribir (no se envía la bienvenida); un mensaje de un operador sí la reabre.
param-icon-color-help = El color de los temas que crea esta conexión.

param-format-text = un texto con formato de Telegram, o bien <code>OFF</code>
param-format-hours = un número entero de horas (1 o más), o bien <code>OFF</code>
param-format-boolean = <code>TRUE</code> o <code>FALSE</code> (también valen <code>ON</code>/<code>OFF</code> y <code>YES</code>/<code>NO</code>)
param-format-audience = ids de usuario separados por comas, <code>ALL</code> para todos los miembros del grupo, o <code>ADMIN</code>
param-format-keywords = por ejemplo <code>"help", "operator", ["refund","order"], ["price","~spam"]</code>: una palabra o frase entre comillas coincide por sí sola, una lista entre corchetes necesita todos sus elementos, <code>~</code> significa «no debe contener»; o bien <code>OFF</code>
param-format-hide-info = <code>name</code>, <code>command</code>, ambos separados por una coma, o bien <code>OFF</code>
param-format-user-ids = ids de usuario separados por comas, o bien <code>OFF</code>
param-format-white-list = ids de usuario separados por comas, o bien <code>OFF</code>
param-format-icon-color = uno de estos: <code>blue</code>, <code>yellow</code>, <code>violet</code>, <code>green</code>, <code>rose</code>, <code>red</code>

param-error-not-boolean = se esperaba TRUE o FALSE (también valen ON/OFF y YES/NO).
param-error-not-hours = se esperaba un número entero de horas, de 1 a { $max }, o bien OFF.
param-error-not-user-id = <code>{ $item }</code> no es un id de usuario de Telegram. Los ids de usuario son números positivos; /info en el tema de un usuario muestra el suyo.
param-error-empty-list = la lista está vacía. Envía al menos un elemento, o bien OFF.
param-error-not-one-of = <code>{ $item }</code> no es ninguno de estos: { $allowed }.
param-error-empty-text = el texto está vacío. Envía OFF para no enviar nada.
param-error-too-long = el texto tiene { $length } caracteres; Telegram admite como máximo { $max }.
param-error-unknown-placeholder = <code>{"{"}{ $placeholder }{"}"}</code> no es un marcador que yo conozca; solo conozco <code>{"{"}name{"}"}</code>.

keywords-error-empty = no hay palabras clave en la posición { $position }. Envía al menos una, como <code>"help"</code>, o bien OFF.
keywords-error-unclosed-quote = la comilla abierta en la posición { $position } nunca se cierra.
keywords-error-unclosed-bracket = el corchete abierto en la posición { $position } nunca se cierra.
keywords-error-nested-bracket = los corchetes no se pueden anidar (posición { $position }).
keywords-error-stray-closing-bracket = el <code>]</code> de la posición { $position } no cierra ningún corchete.
keywords-error-empty-phrase = hay una palabra o frase vacía en la posición { $position }.
keywords-error-expected-comma = falta una coma antes de la posición { $position }.
keywords-error-stray-quote = hay una comilla dentro de una palabra sin comillas en la posición { $position }; pon toda la frase entre comillas.
keywords-error-too-long = la lista supera los 4096 caracteres (posición { $position }).

welcome-default = ¡Hola! Cuéntanos tu consulta, por favor. Te responderemos lo antes posible.

param-webhooks-help = Envía los eventos de esta conexión a tus propios servicios (un CRM, una tienda, n8n, un asistente) como peticiones HTTPS firmadas, y les pasa los comandos de tema que elijas. Cada URL recibe los eventos y <code>/comandos</code> indicados para ella. Las entregas mantienen el orden por URL y se reintentan durante 24 horas; las peticiones llevan una firma Standard Webhooks hecha con el secreto que se muestra al configurarlas.
param-format-webhooks = un objeto JSON de URL y sus listas, por ejemplo <code>{"{"}"https://crm.example/hook": ["dialog_created", "message_received"], "https://x.example/cmd": ["/invoice"]{"}"}</code>. Eventos: <code>dialog_created</code>, <code>dialog_reopened</code>, <code>dialog_closed</code>, <code>dialog_status_changed</code>, <code>message_received</code>, <code>message_sent</code>, <code>message_intercepted</code>, <code>label_added</code>, <code>label_removed</code>, <code>broadcast_finished</code>; o <code>OFF</code>
param-error-webhooks-json = no es JSON válido: el problema está en la línea { $line }, columna { $column }.
param-error-webhooks-shape = se esperaba un objeto JSON cuyas claves sean URL y cuyos valores sean listas de nombres de eventos y <code>/comandos</code>.
param-error-webhooks-too-many = como máximo { $max } URL.
param-error-webhook-url = <code>{ $url }</code> no es una URL <code>https://</code> con host (y sin usuario ni contraseña).
param-error-webhook-not-https = <code>{ $url }</code> usa <code>http://</code> simple, que solo se permite hacia esta máquina (para pruebas). Usa <code>https://</code>.
param-error-webhook-event = <code>{ $item }</code> no es un evento. Eventos: { $allowed }.
param-error-webhook-command = <code>{ $item }</code> no es un comando: una barra y luego de 1 a 32 caracteres a–z, 0–9 y _.
param-error-webhook-nothing = la lista de <code>{ $url }</code> está vacía: indica al menos un evento o comando, o quita esa URL.
