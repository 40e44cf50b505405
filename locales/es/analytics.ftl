# Analytics (issue 16): the dashboard picture, its summary, the setup bot's buttons and /stats.

analytics-seconds = { $s } s
analytics-minutes = { $m } min
analytics-hours = { $h } h { $m } min
analytics-days = { $d } d { $h } h
analytics-operator-anonymous = administrador anónimo
analytics-operator-unknown = antes (sin registrar)

## The picture

analytics-chart-title = Soporte · últimos { $days } días
analytics-chart-dialogs = Conversaciones por día
analytics-chart-messages = Mensajes por día
analytics-chart-response = Tiempo de primera respuesta
analytics-chart-hours = Horas de más actividad (mensajes entrantes)
analytics-chart-operators = Respuestas por operador
analytics-chart-no-answers = No hubo respuestas en este periodo.
analytics-series-new = nuevas
analytics-series-closed = cerradas
analytics-series-reopened = reabiertas
analytics-series-unanswered = aún sin respuesta
analytics-series-in = de usuarios
analytics-series-out = a usuarios
analytics-series-intercepted = interceptados
analytics-series-median = mediana
analytics-series-p90 = percentil 90
analytics-weekdays = Lun, Mar, Mié, Jue, Vie, Sáb, Dom
analytics-operator-line = { $dialogs } conversaciones · mediana de primera respuesta { $median }

## The summary under the picture

analytics-summary-title = <b>Últimos { $days } días</b> ({ $zone })
analytics-summary-empty = No pasó nada en este periodo.
analytics-summary-dialogs = Conversaciones: { $new } nuevas ({ $change } respecto al periodo anterior), { $closed } cerradas, { $reopened } reabiertas; { $waiting } esperan respuesta ahora.
analytics-summary-messages = Mensajes: { $incoming } de usuarios ({ $change }), { $outgoing } a usuarios, { $intercepted } interceptados.
analytics-summary-response-compared = Primera respuesta: mediana { $median }, el 90% en menos de { $p90 } (periodo anterior: mediana { $before }).
analytics-summary-response = Primera respuesta: mediana { $median }, el 90% en menos de { $p90 }.
analytics-summary-response-none = Primera respuesta: no hubo respuestas en este periodo.
analytics-summary-operators = Más respuestas: { $operators }.
analytics-summary-partial = <i>Los operadores, los tiempos de respuesta, los cierres y las reaperturas se registran desde el { $date }; los días anteriores los muestran solo en parte.</i>

## The setup bot

analytics-button = 📊 Analítica
analytics-period-button = { $days } días
analytics-csv-button = 📄 CSV
analytics-zone-button = 🕒 Zona horaria: { $zone }
analytics-no-group = La analítica aparece cuando la conexión está vinculada a su grupo.
analytics-csv-caption = Las cifras de los últimos { $days } días ({ $zone }).
analytics-zone-ask = Envía tu zona horaria como un nombre, por ejemplo <code>Europe/Madrid</code>, <code>America/Mexico_City</code> o <code>UTC</code>. Los días de la analítica empiezan a medianoche allí.
analytics-zone-set = Zona horaria establecida: { $zone }.
analytics-zone-unknown = «{ $zone }» no es un nombre de zona horaria. Envía uno como <code>Europe/Madrid</code> o <code>UTC</code>.
analytics-failed = Ahora no se pudo preparar la analítica. Vuelve a intentarlo en un minuto.

## /stats in the General topic

relay-stats-usage = Usa /stats, /stats 7, /stats 30 o /stats 90 (días).
relay-stats-not-allowed = Solo las personas de EXTENSIONS_ALLOWED pueden usar /stats.
