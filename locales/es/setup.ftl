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
