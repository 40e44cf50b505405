# El reenvío: lo que los operadores ven en los temas y lo que los usuarios ven del propio sistema de reenvío.

relay-yes = sí
relay-no = no
relay-info-unknown = —
relay-info-card =
    <b>{ $name }</b>
    Nombre de usuario: { $username }
    ID de usuario: <code>{ $id }</code>
    Idioma: { $language }
    Premium: { $premium }
    Primer contacto: { $first_contact }
    Parámetro de inicio: { $start_param }
    Mensajes: { $from_user } del usuario, { $from_operators } de operadores
relay-start-param = El usuario inició la conversación con el parámetro <code>{ $param }</code>.
relay-unknown-command = Comando desconocido, así que no se ha enviado al usuario. /help muestra los comandos; empieza un mensaje con «/ » (barra y espacio) para dejar un comentario interno.
relay-refused-banned = Este usuario está bloqueado, así que el mensaje no se ha enviado. Usa /unban para volver a escribirle.
relay-refused-keyword = No enviado: el mensaje contiene una palabra bloqueada por RESTRICTED_KEYWORDS_BACKEND.
relay-info-sent-privately = El bot de configuración te ha enviado la ficha por privado.
relay-info-not-allowed = Solo las personas indicadas en EXTENSIONS_ALLOWED pueden ver quién es este usuario.
relay-ban-needs-right = Para usar /ban y /unban necesitas el permiso de administrador «Bloquear usuarios» en el grupo.
relay-banned = Bloqueado: los mensajes de este usuario ya no se reenvían. /unban lo deshace.
relay-unbanned = Desbloqueado: los mensajes de este usuario vuelven a reenviarse.
relay-help =
    <b>Comandos en el tema de un usuario</b>
    /info — quién es el usuario
    /close — cerrar la conversación (⬛)
    /wait — marcarla como «respondida por soporte» (🟨)
    /hold — marcarla como pendiente de soporte (🟪)
    /ban — dejar de reenviar a este usuario; /unban — reanudar
    /mark NAME — poner una etiqueta a esta conversación; /mark del NAME — quitarla
    <code>/ text</code> — un comentario interno, nunca se envía
    Cualquier otro mensaje se envía al usuario; si aquí respondes a un mensaje, a él también le llega como respuesta.
relay-intercepted = ↪ Enviado al usuario desde otra sesión de { $name }:
relay-user-blocked = No entregado: el usuario ha bloqueado a { $name } o ha eliminado su cuenta.
relay-not-delivered = No se ha entregado al usuario: { $reason }
relay-unsupported-content = No se ha podido copiar este mensaje (el chat prohíbe copiar, o Telegram no permite aquí este tipo de mensaje). Pide al usuario que lo envíe de otra forma.
relay-user-delivery-failed = Lo sentimos, no hemos podido entregar tu mensaje al equipo de soporte. Por favor, envíalo como texto o en otro tipo de archivo.
relay-link-done = ✅ Este grupo es ahora el backend de { $name }: cada chat privado aparecerá aquí como un tema.
relay-link-not-admin = Solo el administrador que configuró { $name } en el bot de configuración puede vincularlo a un grupo.
relay-link-not-forum = Los temas están desactivados en este grupo. Abre los ajustes del grupo, activa <b>Temas</b> y vuelve a enviar el enlace.
relay-link-missing-rights = { $name } necesita aquí estos permisos de administrador: { $rights }. Concédeselos en los ajustes de administradores del grupo y vuelve a enviar el enlace.
relay-right-manage-topics = Gestionar temas
relay-right-delete-messages = Eliminar mensajes
relay-right-pin-messages = Fijar mensajes
relay-right-ban-users = Bloquear usuarios
relay-join-new-group = Tu nuevo grupo de soporte está listo, pero los ajustes de privacidad de Telegram no han permitido que la cuenta te añada. Únete con este enlace: { $link } y después hazte administrador desde la cuenta.
relay-updates-lost-since = ⚠️ El relé estuvo fuera demasiado tiempo para que Telegram lo reenviara todo: pueden faltar aquí mensajes enviados a { $name } desde { $since }. Revisa sus chats en Telegram por si queda algo sin responder.
relay-updates-lost = ⚠️ El relé estuvo fuera demasiado tiempo para que Telegram lo reenviara todo: pueden faltar aquí algunos mensajes enviados a { $name } mientras estaba desconectado. Revisa sus chats en Telegram por si queda algo sin responder.
relay-new-group-not-promoted = Tu nuevo grupo de soporte está listo y ya estás dentro, pero Telegram no ha permitido que la cuenta te haga administrador ({ $reason }). Hazte administrador desde la cuenta: abre allí el grupo y luego Administradores.
relay-new-group-admin-failed = Tu nuevo grupo de soporte está listo, pero la cuenta no ha podido añadirte ({ $reason }). Abre el grupo en la app de Telegram de la cuenta, añádete y hazte administrador.
