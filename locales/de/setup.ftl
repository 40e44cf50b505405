# Der Einrichtungsbot: was Admins lesen.

setup-event-linked = ✅ { $name } ist mit seiner Gruppe verbunden. Sende ihm zum Testen eine Nachricht: In der Gruppe erscheint dann ein Thema mit deinem Namen.
setup-event-needs-login = ⚠️ Telegram hat { $name } abgemeldet ({ $reason }). Bis du dich erneut anmeldest, wird nichts weitergeleitet.
setup-event-failed = ❌ { $name } wurde gestoppt: { $reason }. Starte die Verbindung erneut, sobald das Problem behoben ist.
setup-event-link-refused-not-forum = In der Gruppe, die du für { $name } gewählt hast, sind Themen ausgeschaltet. Schalte in den Gruppeneinstellungen <b>Themen</b> ein und sende den Link dann erneut.
setup-event-link-refused-missing-rights = { $name } fehlen Admin-Rechte in der Gruppe, die du gewählt hast. Erteile ihm die in der Gruppe aufgelisteten Rechte und sende den Link dann erneut.
setup-event-link-refused-other = { $name } konnte nicht mit dieser Gruppe verknüpft werden. Öffne die Verbindung und versuche es erneut.
setup-button-open = { $name } öffnen
setup-button-relogin = Erneut anmelden
setup-button-start = Starten
