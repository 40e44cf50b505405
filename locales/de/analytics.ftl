# Analytics (issue 16): the dashboard picture, its summary, the setup bot's buttons and /stats.

analytics-seconds = { $s } s
analytics-minutes = { $m } min
analytics-hours = { $h } h { $m } min
analytics-days = { $d } T { $h } h
analytics-operator-anonymous = anonymer Admin
analytics-operator-unknown = früher (nicht erfasst)

## The picture

analytics-chart-title = Support · letzte { $days } Tage
analytics-chart-dialogs = Dialoge pro Tag
analytics-chart-messages = Nachrichten pro Tag
analytics-chart-response = Zeit bis zur ersten Antwort
analytics-chart-hours = Stoßzeiten (eingehende Nachrichten)
analytics-chart-operators = Antworten pro Operator
analytics-chart-no-answers = Keine Antworten in diesem Zeitraum.
analytics-series-new = neu
analytics-series-closed = geschlossen
analytics-series-reopened = wieder geöffnet
analytics-series-unanswered = noch unbeantwortet
analytics-series-in = von Nutzern
analytics-series-out = an Nutzer
analytics-series-intercepted = abgefangen
analytics-series-median = Median
analytics-series-p90 = 90. Perzentil
analytics-weekdays = Mo, Di, Mi, Do, Fr, Sa, So
analytics-operator-line = { $dialogs } Dialoge · Median erste Antwort { $median }

## The summary under the picture

analytics-summary-title = <b>Letzte { $days } Tage</b> ({ $zone })
analytics-summary-empty = In diesem Zeitraum ist nichts passiert.
analytics-summary-dialogs = Dialoge: { $new } neu ({ $change } gegenüber dem Zeitraum davor), { $closed } geschlossen, { $reopened } wieder geöffnet; { $waiting } warten jetzt auf eine Antwort.
analytics-summary-messages = Nachrichten: { $incoming } von Nutzern ({ $change }), { $outgoing } an Nutzer, { $intercepted } abgefangen.
analytics-summary-response-compared = Erste Antwort: Median { $median }, 90 % innerhalb von { $p90 } (Zeitraum davor: Median { $before }).
analytics-summary-response = Erste Antwort: Median { $median }, 90 % innerhalb von { $p90 }.
analytics-summary-response-none = Erste Antwort: keine Antworten in diesem Zeitraum.
analytics-summary-operators = Die meisten Antworten: { $operators }.
analytics-summary-partial = <i>Operatoren, Antwortzeiten, Schließungen und Wiederöffnungen werden seit dem { $date } erfasst; frühere Tage zeigen sie nur teilweise.</i>

## The setup bot

analytics-button = 📊 Analytics
analytics-period-button = { $days } Tage
analytics-csv-button = 📄 CSV
analytics-zone-button = 🕒 Zeitzone: { $zone }
analytics-no-group = Die Analytics erscheinen, sobald die Verbindung mit ihrer Gruppe verknüpft ist.
analytics-csv-caption = Die Zahlen der letzten { $days } Tage ({ $zone }).
analytics-zone-ask = Schick deine Zeitzone als Namen, zum Beispiel <code>Europe/Berlin</code>, <code>Europe/Vienna</code> oder <code>UTC</code>. Die Tage in den Analytics beginnen dort um Mitternacht.
analytics-zone-set = Zeitzone gesetzt: { $zone }.
analytics-zone-unknown = „{ $zone }“ ist kein Zeitzonenname. Schick einen wie <code>Europe/Berlin</code> oder <code>UTC</code>.
analytics-failed = Die Analytics konnten gerade nicht erstellt werden. Versuch es in einer Minute noch einmal.

## /stats in the General topic

relay-stats-usage = Verwende /stats, /stats 7, /stats 30 oder /stats 90 (Tage).
relay-stats-not-allowed = Nur die Personen aus EXTENSIONS_ALLOWED können /stats verwenden.
