# Analytics (issue 16): the dashboard picture, its summary, the setup bot's buttons and /stats.

analytics-seconds = { $s } s
analytics-minutes = { $m } min
analytics-hours = { $h } h { $m } min
analytics-days = { $d } j { $h } h
analytics-operator-anonymous = administrateur anonyme
analytics-operator-unknown = avant (non enregistré)

## The picture

analytics-chart-title = Support · { $days } derniers jours
analytics-chart-dialogs = Conversations par jour
analytics-chart-messages = Messages par jour
analytics-chart-response = Délai de première réponse
analytics-chart-hours = Heures de pointe (messages entrants)
analytics-chart-operators = Réponses par opérateur
analytics-chart-no-answers = Aucune réponse sur cette période.
analytics-series-new = nouvelles
analytics-series-closed = fermées
analytics-series-reopened = rouvertes
analytics-series-unanswered = toujours sans réponse
analytics-series-in = des utilisateurs
analytics-series-out = aux utilisateurs
analytics-series-intercepted = interceptés
analytics-series-median = médiane
analytics-series-p90 = 90e centile
analytics-weekdays = Lun, Mar, Mer, Jeu, Ven, Sam, Dim
analytics-operator-line = { $dialogs } conversations · médiane de première réponse { $median }

## The summary under the picture

analytics-summary-title = <b>{ $days } derniers jours</b> ({ $zone })
analytics-summary-empty = Rien ne s’est passé sur cette période.
analytics-summary-dialogs = Conversations : { $new } nouvelles ({ $change } par rapport à la période précédente), { $closed } fermées, { $reopened } rouvertes ; { $waiting } attendent une réponse maintenant.
analytics-summary-messages = Messages : { $incoming } des utilisateurs ({ $change }), { $outgoing } aux utilisateurs, { $intercepted } interceptés.
analytics-summary-response-compared = Première réponse : médiane { $median }, 90 % en moins de { $p90 } (période précédente : médiane { $before }).
analytics-summary-response = Première réponse : médiane { $median }, 90 % en moins de { $p90 }.
analytics-summary-response-none = Première réponse : aucune réponse sur cette période.
analytics-summary-operators = Le plus de réponses : { $operators }.
analytics-summary-partial = <i>Les opérateurs, les délais de réponse, les fermetures et les réouvertures sont enregistrés depuis le { $date } ; les jours précédents ne les montrent qu’en partie.</i>

## The setup bot

analytics-button = 📊 Statistiques
analytics-period-button = { $days } jours
analytics-csv-button = 📄 CSV
analytics-zone-button = 🕒 Fuseau horaire : { $zone }
analytics-no-group = Les statistiques apparaissent une fois la connexion liée à son groupe.
analytics-csv-caption = Les chiffres des { $days } derniers jours ({ $zone }).
analytics-zone-ask = Envoyez votre fuseau horaire sous forme de nom, par exemple <code>Europe/Paris</code>, <code>America/Montreal</code> ou <code>UTC</code>. Les jours des statistiques commencent à minuit à cet endroit.
analytics-zone-set = Fuseau horaire défini : { $zone }.
analytics-zone-unknown = « { $zone } » n’est pas un nom de fuseau horaire. Envoyez-en un comme <code>Europe/Paris</code> ou <code>UTC</code>.
analytics-failed = Les statistiques n’ont pas pu être préparées pour le moment. Réessayez dans une minute.

## /stats in the General topic

relay-stats-usage = Utilisez /stats, /stats 7, /stats 30 ou /stats 90 (jours).
relay-stats-not-allowed = Seules les personnes listées dans EXTENSIONS_ALLOWED peuvent utiliser /stats.
