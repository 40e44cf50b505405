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

# Befehle im Menü (setMyCommands).
setup-command-start = Deine Verbindungen und eine neue
setup-command-language = Sprache dieses Bots ändern
setup-command-cancel = Aktuellen Vorgang abbrechen
setup-command-help = Was dieser Bot kann

# Start und Liste der Verbindungen.
setup-welcome =
    👋 <b>Switchboard</b> macht die privaten Chats eines Telegram-Bots oder -Kontos zu Themen einer Support-Gruppe, in der dein Team antwortet.

    Verbinde einen Bot oder ein Konto, um loszulegen.
setup-help =
    <b>Switchboard</b> leitet die privaten Chats eines Bots oder Kontos an eine Support-Gruppe mit Themen weiter: ein Thema pro Nutzer, und dein Team antwortet dort.

    /start — deine Verbindungen und eine neue
    /language — die Sprache dieses Bots
    /cancel — aktuellen Vorgang abbrechen

    Im Thema eines Nutzers können Operatoren /info, /close, /wait, /hold, /ban, /unban und /help verwenden.
setup-connections = <b>Deine Verbindungen</b>
    Tippe auf eine, um ihren Status zu sehen und sie zu ändern.
setup-connections-empty = Du hast noch keine Verbindungen.
setup-button-new = ➕ Neue Verbindung
setup-button-connections = ⬅️ Verbindungen
setup-button-back = ⬅️ Zurück
setup-button-cancel = ✖️ Abbrechen
setup-cancelled = Abgebrochen. Es wurde nichts geändert.
setup-not-found = Diese Verbindung gibt es nicht, oder sie gehört nicht dir.
setup-outdated = Diese Schaltfläche gehört zu einem früheren Schritt. Verwende die neueste Nachricht oder /start.
setup-error = Bei mir ist etwas schiefgelaufen, und es wurde nichts geändert. Bitte versuche es gleich noch einmal.

# Schritt 1.
setup-choose-kind =
    <b>Neue Verbindung — Schritt 1 von 3</b>
    Was möchtest du verbinden?

    <b>Einen Bot</b>, der mit @BotFather erstellt wurde: Nutzer schreiben dem Bot. Sein eigener Code läuft neben Switchboard weiter.
    <b>Ein Konto</b>: Nutzer schreiben einem Telegram-Konto, zum Beispiel der Nummer deines Shops.
setup-button-bot = 🤖 Bot verbinden
setup-button-account = 👤 Konto verbinden

# Schritt 2, Bot.
setup-ask-token =
    <b>Schritt 2 von 3 — der Token des Bots</b>
    Wähle in @BotFather deinen Bot, dann <b>API Token</b>, und sende mir den Token. Ich lösche deine Nachricht, sobald ich sie gelesen habe.
setup-ask-token-relogin =
    <b>{ $name } erneut anmelden</b>
    Wähle in @BotFather den Bot, dann <b>API Token</b>, und sende mir seinen aktuellen Token. Ich lösche deine Nachricht, sobald ich sie gelesen habe.

# Schritt 2, Konto.
setup-choose-method =
    <b>Schritt 2 von 3 — beim Konto anmelden</b>
    <b>QR-Code</b>: Scanne ihn mit einem Telefon, auf dem das Konto angemeldet ist.
    <b>Telefonnummer</b>: Telegram sendet einen Anmeldecode an das Konto.
setup-button-qr = 📷 QR-Code
setup-button-phone = 📱 Telefonnummer
setup-ask-phone = Sende die Telefonnummer des Kontos im internationalen Format, zum Beispiel <code>+39 333 123 4567</code>, oder tippe auf <b>Meine Nummer teilen</b>, wenn es das Konto ist, das du gerade verwendest.
setup-button-share-phone = 📱 Meine Nummer teilen
setup-phone-sending = Ich frage Telegram nach einem Anmeldecode…
setup-code =
    <b>Schritt 2 von 3 — der Anmeldecode</b>
    { $via }
    Gib ihn mit den Schaltflächen unten ein. Telegram macht einen Code ungültig, wenn er als normale Nachricht gesendet wird; wenn du ihn tippst, setze Leerzeichen zwischen die Ziffern, zum Beispiel <code>1 2 3 4 5</code>.

    Code: <code>{ $code }</code>
setup-code-via-app = Telegram hat einen Code an die Telegram-App gesendet, in der { $phone } angemeldet ist.
setup-code-via-sms = Telegram hat einen Code per SMS an { $phone } gesendet.
setup-code-via-call = Telegram ruft { $phone } an, um dir einen Code durchzusagen.
setup-code-via-missed-call = Telegram ruft { $phone } an: Der Code besteht aus den letzten Ziffern der anrufenden Nummer.
setup-code-via-email = Telegram hat einen Code an die E-Mail-Adresse { $email } gesendet.
setup-code-via-fragment = Telegram hat einen Code für { $phone } auf fragment.com gesendet.
setup-code-via-other = Telegram hat einen Code für { $phone } gesendet.
setup-button-resend = 🔁 Code erneut senden
setup-code-resent = Ein neuer Code ist unterwegs.
setup-code-checking = Code wird geprüft…
setup-ask-password = Dieses Konto ist mit einem Passwort für die zweistufige Bestätigung geschützt. Sende es als Nachricht: Ich lösche die Nachricht sofort und speichere das Passwort nie.
setup-password-hint = Hinweis: { $hint }
setup-qr =
    <b>Schritt 2 von 3 — den QR-Code scannen</b>
    Öffne auf einem Telefon, auf dem das Konto angemeldet ist, <b>Einstellungen → Geräte → Desktop-Gerät verbinden</b> und scanne diesen Code. Er erneuert sich von selbst, bevor er abläuft.
setup-qr-scanned = ✅ Gescannt — Anmeldung läuft…
setup-button-new-qr = 🔄 Neuer QR-Code
setup-login-lost = Diese Anmeldung wurde unterbrochen (ich wurde neu gestartet, oder sie hat zu lange gewartet). Bitte starte sie erneut.

# Nach der Anmeldung.
setup-signed-in = ✅ Angemeldet als <b>{ $name }</b>.
setup-already-yours = { $name } gehört bereits zu deinen Verbindungen, daher wurde nichts Neues hinzugefügt.
setup-already-other = { $name } wurde bereits von jemand anderem verbunden. Diese Person kann die Verbindung löschen; bis dahin kann { $name } hier nicht verbunden werden.
setup-relogin-different = Du hast dich als { $name } angemeldet, aber diese Verbindung gehört zu einem anderen Konto. Melde dich mit demselben Konto an oder erstelle eine neue Verbindung.
setup-relogged = ✅ { $name } ist wieder angemeldet und leitet weiter.

# Schritt 3.
setup-group-bot =
    <b>Schritt 3 von 3 — die Support-Gruppe</b>
    Tippe auf <b>Zur Gruppe hinzufügen</b> und wähle eine Gruppe für dein Team, oder erstelle eine. In dieser Gruppe:
    • schalte in den Gruppeneinstellungen <b>Themen</b> ein;
    • behalte die Admin-Rechte, die der Link anfordert (Themen verwalten, Nachrichten löschen und anheften, Nutzer sperren und einladen).
    Ich melde mich hier, sobald { $name } verknüpft ist.

    Wenn die Schaltfläche nicht funktioniert, füge { $name } selbst als Admin zur Gruppe hinzu und sende dort <code>/start { $code }</code>.
setup-button-add-to-group = ➕ Zur Gruppe hinzufügen
setup-group-account =
    <b>Schritt 3 von 3 — die Support-Gruppe</b>
    { $name } kann eine neue Gruppe mit Themen für dich erstellen und dich zu ihrem Admin machen, oder eine Gruppe verwenden, die du schon hast.
setup-button-create-group = ✨ Neue Gruppe erstellen
setup-button-use-group = 👥 Vorhandene Gruppe nutzen
setup-group-existing =
    In deiner Gruppe:
    • schalte in den Gruppeneinstellungen <b>Themen</b> ein;
    • füge { $name } als Admin hinzu, mit den Rechten, Themen zu verwalten, Nachrichten zu löschen und anzuheften sowie Nutzer zu sperren und einzuladen;
    • sende diesen Code in der Gruppe: <code>{ $code }</code>
    Ich melde mich hier, sobald die Gruppe verknüpft ist.
setup-group-creating = { $name } erstellt die Gruppe <b>{ $title }</b> und macht dich zu ihrem Admin. Ich melde mich hier, wenn sie bereit ist.
setup-group-default-title = { $name } — Support
setup-change-group-note = Die aktuelle Gruppe funktioniert weiter, bis die neue verknüpft ist.

# Die Verbindungskarte.
setup-card =
    <b>{ $name }</b> { $username }
    Art: { $kind }
    Status: { $status }
    Gruppe: { $group }
    Verbunden am { $created }
setup-kind-bot = Bot
setup-kind-account = Konto
setup-status-linking = 🔗 wartet auf seine Gruppe
setup-status-active = ✅ leitet weiter
setup-status-stopped = ⏸ gestoppt
setup-status-needs-login = ⚠️ von Telegram abgemeldet ({ $reason }); melde dich erneut an
setup-status-failed = ❌ durch einen Fehler gestoppt: { $reason }
setup-group-none = noch nicht verknüpft
setup-group-linked = verknüpft (ID <code>{ $id }</code>)
setup-group-being-created = wird erstellt: { $title }
setup-button-parameters = ⚙️ Parameter
setup-button-stop = ⏸ Stoppen
setup-button-change-group = 🔁 Gruppe wechseln
setup-button-delete = 🗑 Löschen
setup-stopped = { $name } ist gestoppt: Es wird nichts weitergeleitet, bis du die Verbindung wieder startest.
setup-started = { $name } läuft.
setup-not-now = Das geht nicht, solange { $name } in diesem Zustand ist: { $status }.
setup-delete-confirm = <b>{ $name }</b> löschen? Die Sitzung wird beendet und die Parameter werden entfernt. Der Verlauf der Dialoge bleibt in der Gruppe.
setup-button-confirm-delete = 🗑 Ja, löschen
setup-deleted = { $name } ist gelöscht und abgemeldet. Der Verlauf bleibt in der Gruppe.

# Parameter.
setup-params =
    <b>Parameter von { $name }</b>
    Tippe auf einen, um zu lesen, was er bewirkt, und ihn zu ändern.
setup-button-default = ↩️ DEFAULT

# Sprache.
setup-language = Wähle die Sprache dieses Bots:
setup-language-set = Ab jetzt spreche ich Deutsch.

# Hinweise bei Eingaben, die nicht passen.
setup-hint-idle = Sende /start, um deine Verbindungen zu sehen, oder /help, um zu lesen, was ich mache.
setup-hint-buttons = Bitte verwende die Schaltflächen der letzten Nachricht oder /cancel.
setup-hint-token = Ich warte auf einen Bot-Token von @BotFather, zum Beispiel <code>123456789:AAE…</code>, oder auf /cancel.
setup-hint-code = Gib den Code mit den Schaltflächen ein oder tippe ihn mit Leerzeichen zwischen den Ziffern, zum Beispiel <code>1 2 3 4 5</code>.
setup-hint-password = Ich warte auf das Passwort für die zweistufige Bestätigung des Kontos oder auf /cancel.
setup-hint-qr = Scanne den QR-Code mit der Telegram-App oder sende /cancel.
setup-hint-group = Ich warte darauf, dass { $name } mit einer Gruppe verknüpft wird; ich melde mich hier, sobald es so weit ist. /start zeigt deine Verbindungen.
setup-hint-text-only = Ich kann hier nur Text lesen.
setup-card-intercept-unseen = ⚠️ <b>INTERCEPT_EXTERNAL</b> ist an, aber nach einem Tag Betrieb ist keine einzige Nachricht, die außerhalb von Switchboard gesendet wurde, bei diesem Bot angekommen. Telegram gibt die eigenen Bot-API-Nachrichten eines Bots womöglich nicht an das Relay weiter: Was du Nutzern aus einem anderen Programm schickst, erscheint nicht in ihren Themen. Schreib Nutzern aus den Themen oder schalte den Parameter aus.

setup-button-webhook-secret = 🔑 Neues Signaturgeheimnis
setup-webhook-secret = 🔑 Signaturgeheimnis dieser Webhooks (nur jetzt sichtbar; trage es beim Empfänger ein und lösche dann diese Nachricht): <code>{ $secret }</code>
    Empfänger prüfen damit den Header <code>webhook-signature</code>, wie die Standard-Webhooks-Spezifikation es beschreibt. [🔑 Neues Signaturgeheimnis] ersetzt es; das alte gilt sofort nicht mehr.
setup-event-webhook-failed = ⚠️ { $name }: ein Webhook wurde aufgegeben. Das Ereignis <code>{ $event }</code> <code>{ $id }</code> konnte nicht an { $url } zugestellt werden: { $reason }. Spätere Ereignisse werden weiter gesendet; prüfe den Empfänger und WEBHOOKS.
