# Los comandos de módulo en el grupo de soporte: /send, /mark, /export, /new.

relay-modules-not-allowed = Solo las personas de EXTENSIONS_ALLOWED pueden usar /send, /mark, /export y /new.

## /send

relay-send-usage =
    <b>Difusiones</b>
    Responde a un mensaje con /send para enviarlo a todos los usuarios con una conversación.
    <code>/send to NAME</code> — solo a los usuarios con la etiqueta NAME
    <code>/send to all</code> — de nuevo a todos los usuarios
    <code>/send to list</code> — en respuesta a un archivo o texto con ids de usuario
    <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code>, <code>/send cancel</code>
relay-send-none = No hay ninguna difusión en curso. Responde a un mensaje con /send para crear una.
relay-send-busy = La difusión #{ $id } aún no ha terminado. Espera a que acabe o detenla con /send cancel antes de crear otra.
relay-send-list-needs-draft = Crea primero la difusión (responde a su mensaje con /send) y luego responde a la lista de ids con /send to list.
relay-send-list-needs-reply = Responde con /send to list a un archivo o mensaje con los ids de usuario (uno por línea o separados por comas).
relay-send-list-too-large = La lista supera 1 MB. Divídela y envía una difusión por cada parte.
relay-send-list-empty = No se encontraron ids de usuario. Envía los ids uno por línea o separados por comas.
relay-send-not-draft = Los destinatarios solo se pueden cambiar antes de que empiece la difusión.
relay-send-audience-set = Destinatarios elegidos: { $size } usuarios.
relay-send-nobody = No hay a quién enviar: no hay destinatarios. Elige otros con /send to.
relay-send-finished = La difusión #{ $id } ya ha terminado.
relay-send-already-running = La difusión #{ $id } ya se está enviando.
relay-send-already-paused = La difusión #{ $id } ya está en pausa.
relay-send-not-started = La difusión #{ $id } aún no ha empezado.
relay-send-test-ok = Prueba enviada a tu chat privado.
relay-send-test-unreachable = La prueba no te llegó: abre un chat privado con { $name }, pulsa Iniciar y vuelve a intentarlo.
relay-send-start-ok = Difusión #{ $id } iniciada.
relay-send-pause-ok = Difusión #{ $id } en pausa.
relay-send-resume-ok = Difusión #{ $id } reanudada.
relay-send-cancel-ok = Difusión #{ $id } cancelada.
relay-send-button-test = 🧪 Probar
relay-send-button-start = ▶️ Iniciar
relay-send-button-pause = ⏸ Pausar
relay-send-button-resume = ▶️ Reanudar
relay-send-button-cancel = ✖️ Cancelar
relay-send-audience-all = todos los usuarios con una conversación
relay-send-audience-label = usuarios con la etiqueta { $label }
relay-send-audience-list = una lista subida de { $count } ids
relay-send-status-draft = borrador
relay-send-status-running = enviando
relay-send-status-paused = en pausa
relay-send-status-cancelled = cancelada
relay-send-status-done = terminada
relay-send-card =
    <b>Difusión #{ $id }</b> — { $status }
    Para: { $audience } ({ $size })
relay-send-progress = Enviados: { $sent }, fallidos: { $failed }, pendientes: { $left }
relay-send-rate = { $rate }/s, faltan unos { $eta }
relay-send-account-commands = Las cuentas no pueden mostrar botones: usa <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code> o <code>/send cancel</code>.
relay-send-report = Informe de entrega de la difusión #{ $id }: { $sent } enviados, { $failed } no entregados.

## /mark

relay-mark-usage =
    <b>Etiquetas</b>
    <code>/mark</code> — las etiquetas y cuántas conversaciones tiene cada una
    <code>/mark new NAME [TICKER]</code> — una etiqueta nueva, con un emoji o texto corto para los títulos de los temas
    <code>/mark rename NAME NEW</code>, <code>/mark del NAME</code>
    <code>/mark ticker NAME TICKER</code> (u <code>off</code>)
    <code>/mark after NAME OTHER…</code> — poner NAME quita las demás (<code>off</code>: sin regla)
    En el tema de un usuario: <code>/mark NAME</code>, <code>/mark del NAME</code>
relay-mark-topic-usage = En un tema: <code>/mark NAME</code> pone la etiqueta a esta conversación, <code>/mark del NAME</code> la quita. Las etiquetas se crean en el tema General con <code>/mark new NAME</code>.
relay-mark-none = Aún no hay etiquetas. Crea una con <code>/mark new NAME</code>.
relay-mark-list-title = <b>Etiquetas</b>
relay-mark-list-item = { $ticker }<b>{ $name }</b> — { $count }
relay-mark-list-after = , quita { $labels }
relay-label-name-rules = «{ $name }» no puede ser el nombre de una etiqueta: usa de 1 a 32 letras, dígitos, _ o -, y ninguna de las palabras new, rename, del, ticker, after, off, all, list, json, csv, to.
relay-label-ticker-rules = «{ $ticker }» no puede ser un ticker: usa un emoji o hasta 8 caracteres sin espacios, u off.
relay-label-unknown = No existe la etiqueta «{ $name }». Etiquetas: { $labels }. Créala con <code>/mark new NAME</code>.
relay-label-exists = Ya existe una etiqueta «{ $name }».
relay-label-created = Etiqueta «{ $name }» creada.
relay-label-renamed = La etiqueta «{ $from }» ahora se llama «{ $to }».
relay-label-deleted = Etiqueta «{ $name }» eliminada y quitada de todas las conversaciones.
relay-label-ticker-set = Ticker de «{ $name }» cambiado; los títulos de los temas se actualizan.
relay-label-after-set = Poner «{ $name }» ahora quita: { $labels }.
relay-label-after-off = Poner «{ $name }» ya no quita otras etiquetas.
relay-label-set = Etiqueta «{ $name }» puesta.
relay-label-unset = Etiqueta «{ $name }» quitada.

## /export

relay-export-usage = <code>/export</code> — un CSV de los usuarios con conversación; <code>/export NAME</code> — solo los que tienen la etiqueta NAME; añade <code>json</code> para JSON.
relay-export-caption = { $count } usuarios con una conversación.
relay-export-hidden = HIDE_INFO está activado: los nombres son seudónimos y no se incluyen los nombres de usuario.

## /new

relay-new-usage = <code>/new @username</code>, <code>/new +teléfono</code> o <code>/new user_id</code> abre una conversación con alguien que aún no ha escrito.
relay-new-usage-bad = «{ $target }» no es un @username, un número +teléfono ni un id de usuario.
relay-new-not-found = No existe ese usuario de Telegram, o su configuración de privacidad lo oculta.
relay-new-bot-refused = Telegram solo deja a { $name } escribir a quienes lo han iniciado. Pide al usuario que abra el bot y pulse Iniciar; su conversación se abrirá sola.
relay-new-not-allowed = Telegram no permite abrir una conversación con este usuario.
relay-new-exists = { $name } ya tiene una conversación: escribe en su tema.
relay-new-opened = Conversación abierta con { $name }: escribe en el tema nuevo para enviarle tu primer mensaje.
relay-new-topic-note = Conversación abierta por el equipo con /new. Tu primer mensaje aquí le llegará a { $name }.
