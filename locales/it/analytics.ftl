# Analytics (issue 16): the dashboard picture, its summary, the setup bot's buttons and /stats.

analytics-seconds = { $s } s
analytics-minutes = { $m } min
analytics-hours = { $h } h { $m } min
analytics-days = { $d } g { $h } h
analytics-operator-anonymous = amministratore anonimo
analytics-operator-unknown = prima (non registrato)

## The picture

analytics-chart-title = Assistenza · ultimi { $days } giorni
analytics-chart-dialogs = Conversazioni al giorno
analytics-chart-messages = Messaggi al giorno
analytics-chart-response = Tempo di prima risposta
analytics-chart-hours = Ore di punta (messaggi in arrivo)
analytics-chart-operators = Risposte per operatore
analytics-chart-no-answers = Nessuna risposta in questo periodo.
analytics-series-new = nuove
analytics-series-closed = chiuse
analytics-series-reopened = riaperte
analytics-series-unanswered = ancora senza risposta
analytics-series-in = dagli utenti
analytics-series-out = agli utenti
analytics-series-intercepted = intercettati
analytics-series-median = mediana
analytics-series-p90 = 90° percentile
analytics-weekdays = Lun, Mar, Mer, Gio, Ven, Sab, Dom
analytics-operator-line = { $dialogs } conversazioni · mediana prima risposta { $median }

## The summary under the picture

analytics-summary-title = <b>Ultimi { $days } giorni</b> ({ $zone })
analytics-summary-empty = In questo periodo non è successo nulla.
analytics-summary-dialogs = Conversazioni: { $new } nuove ({ $change } rispetto al periodo precedente), { $closed } chiuse, { $reopened } riaperte; { $waiting } in attesa di risposta ora.
analytics-summary-messages = Messaggi: { $incoming } dagli utenti ({ $change }), { $outgoing } agli utenti, { $intercepted } intercettati.
analytics-summary-response-compared = Prima risposta: mediana { $median }, il 90% entro { $p90 } (periodo precedente: mediana { $before }).
analytics-summary-response = Prima risposta: mediana { $median }, il 90% entro { $p90 }.
analytics-summary-response-none = Prima risposta: nessuna risposta in questo periodo.
analytics-summary-operators = Più risposte: { $operators }.
analytics-summary-partial = <i>Operatori, tempi di risposta, chiusure e riaperture sono registrati dal { $date }; i giorni precedenti li mostrano solo in parte.</i>

## The setup bot

analytics-button = 📊 Statistiche
analytics-period-button = { $days } giorni
analytics-csv-button = 📄 CSV
analytics-zone-button = 🕒 Fuso orario: { $zone }
analytics-no-group = Le statistiche compaiono quando la connessione è collegata al suo gruppo.
analytics-csv-caption = I numeri degli ultimi { $days } giorni ({ $zone }).
analytics-zone-ask = Invia il tuo fuso orario come nome, per esempio <code>Europe/Rome</code>, <code>America/Sao_Paulo</code> o <code>UTC</code>. I giorni delle statistiche iniziano a mezzanotte lì.
analytics-zone-set = Fuso orario impostato: { $zone }.
analytics-zone-unknown = «{ $zone }» non è il nome di un fuso orario. Inviane uno come <code>Europe/Rome</code> o <code>UTC</code>.
analytics-failed = Non è stato possibile preparare le statistiche ora. Riprova tra un minuto.

## /stats in the General topic

relay-stats-usage = Usa /stats, /stats 7, /stats 30 o /stats 90 (giorni).
relay-stats-not-allowed = Solo le persone in EXTENSIONS_ALLOWED possono usare /stats.
