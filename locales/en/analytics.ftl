# Analytics (issue 16): the dashboard picture, its summary, the setup bot's buttons and /stats.

analytics-seconds = { $s } s
analytics-minutes = { $m } min
analytics-hours = { $h } h { $m } min
analytics-days = { $d } d { $h } h
analytics-operator-anonymous = anonymous admin
analytics-operator-unknown = earlier (not recorded)

## The picture

analytics-chart-title = Help desk · last { $days } days
analytics-chart-dialogs = Dialogs per day
analytics-chart-messages = Messages per day
analytics-chart-response = First response time
analytics-chart-hours = Busiest hours (incoming messages)
analytics-chart-operators = Answers by operator
analytics-chart-no-answers = No answers in this period.
analytics-series-new = new
analytics-series-closed = closed
analytics-series-reopened = reopened
analytics-series-unanswered = still unanswered
analytics-series-in = from users
analytics-series-out = to users
analytics-series-intercepted = intercepted
analytics-series-median = median
analytics-series-p90 = 90th percentile
analytics-weekdays = Mon, Tue, Wed, Thu, Fri, Sat, Sun
analytics-operator-line = { $dialogs } dialogs · median first response { $median }

## The summary under the picture

analytics-summary-title = <b>Last { $days } days</b> ({ $zone })
analytics-summary-empty = Nothing happened in this period.
analytics-summary-dialogs = Dialogs: { $new } new ({ $change } against the period before), { $closed } closed, { $reopened } reopened; { $waiting } waiting for an answer now.
analytics-summary-messages = Messages: { $incoming } from users ({ $change }), { $outgoing } to users, { $intercepted } intercepted.
analytics-summary-response-compared = First response: median { $median }, 90% within { $p90 } (period before: median { $before }).
analytics-summary-response = First response: median { $median }, 90% within { $p90 }.
analytics-summary-response-none = First response: no answers in this period.
analytics-summary-operators = Most answers: { $operators }.
analytics-summary-partial = <i>Operators, response times, closes and reopens are recorded since { $date }; earlier days show them partly.</i>

## The setup bot

analytics-button = 📊 Analytics
analytics-period-button = { $days } days
analytics-csv-button = 📄 CSV
analytics-zone-button = 🕒 Time zone: { $zone }
analytics-no-group = Analytics appear once the connection is linked to its group.
analytics-csv-caption = The numbers of the last { $days } days ({ $zone }).
analytics-zone-ask = Send your time zone as a name like <code>Europe/Berlin</code>, <code>America/New_York</code> or <code>UTC</code>. Days in the analytics begin at midnight there.
analytics-zone-set = Time zone set: { $zone }.
analytics-zone-unknown = “{ $zone }” is not a time zone name. Send one like <code>Europe/Berlin</code> or <code>UTC</code>.
analytics-failed = The analytics could not be prepared right now. Try again in a minute.

## /stats in the General topic

relay-stats-usage = Use /stats, /stats 7, /stats 30 or /stats 90 (days).
relay-stats-not-allowed = Only the people listed in EXTENSIONS_ALLOWED can use /stats.
