# Inicio de sesión: por qué falló la conexión de un bot o una cuenta, y qué hacer a continuación.

signin-error-malformed-token = Eso no parece un token de bot. Cópialo de @BotFather; tiene esta forma: <code>123456789:AAE…</code>, es decir, dígitos, dos puntos y luego unas 35 letras y dígitos.
signin-error-invalid-token = Telegram no reconoce este token. Comprueba que lo copiaste entero de @BotFather y vuelve a enviarlo.
signin-error-revoked-token = Este token se revocó en @BotFather. Abre @BotFather, elige el bot, pulsa <b>API Token</b>, copia el token actual y envíalo aquí.
signin-error-phone-invalid = Ese número de teléfono no es válido. Envíalo en formato internacional, como <code>+39 333 123 4567</code>, o usa el botón para compartir tu contacto.
signin-error-phone-banned = Telegram ha bloqueado este número de teléfono, así que no se puede conectar.
signin-error-phone-flood = Telegram ha detectado demasiados intentos de inicio de sesión con este número. Espera unas horas y vuelve a intentarlo.
signin-error-code-invalid = Ese código es incorrecto. Revisa el último mensaje de Telegram e introduce el código de nuevo.
signin-error-code-expired = Ese código ha caducado. Pulsa <b>Reenviar código</b> para recibir uno nuevo.
signin-error-password-invalid = Esa contraseña es incorrecta. Vuelve a introducir tu contraseña de verificación en dos pasos.
signin-error-password-unsupported = Telegram envió parámetros de la contraseña de verificación en dos pasos que esta versión de Switchboard no entiende, así que la contraseña no se envió. Actualiza Switchboard e inténtalo de nuevo.
signin-error-password-required = Esta cuenta tiene una contraseña de verificación en dos pasos. Envíala para terminar de iniciar sesión; el mensaje se borrará al instante.
signin-error-sign-up-required = Este número de teléfono no tiene cuenta de Telegram. Primero crea una en una app oficial de Telegram y luego conéctala aquí.
signin-error-flood-wait = Telegram pide esperar { $seconds } segundos antes de volver a intentarlo.
signin-error-qr-expired = El código QR caducó antes de escanearse. Pulsa <b>Nuevo código QR</b> para obtener otro.
signin-error-resend-unavailable = Ahora mismo Telegram no puede enviar el código de otra forma. Usa el código que ya recibiste, o espera y vuelve a intentarlo.
signin-error-payment-required = Telegram pide un pago antes de enviar un código de inicio de sesión a este número. Mejor inicia sesión con un código QR.
signin-error-network = Ahora mismo no se puede conectar con Telegram. Vuelve a intentarlo en un minuto.
signin-error-session-revoked = La sesión se cerró desde Telegram (por ejemplo, en <b>Ajustes → Dispositivos</b>). Vuelve a iniciar sesión.
signin-error-unexpected = Telegram respondió con un error que no conozco (<code>{ $name }</code>). Vuelve a intentarlo; si sigue pasando, infórmalo.
