# Die Modulbefehle in der Support-Gruppe: /send, /mark, /export, /new.

relay-modules-not-allowed = Nur die Personen in EXTENSIONS_ALLOWED können /send, /mark, /export und /new verwenden.

## /send

relay-send-usage =
    <b>Rundsendungen</b>
    Antworte mit /send auf eine Nachricht, um sie an alle Nutzer mit einem Dialog zu senden.
    <code>/send to NAME</code> — nur an Nutzer mit dem Label NAME
    <code>/send to all</code> — wieder an alle Nutzer
    <code>/send to list</code> — als Antwort auf eine Datei oder einen Text mit Nutzer-IDs
    <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code>, <code>/send cancel</code>
relay-send-none = Es läuft keine Rundsendung. Antworte mit /send auf eine Nachricht, um eine zu erstellen.
relay-send-busy = Rundsendung #{ $id } ist noch nicht fertig. Warte sie ab oder stoppe sie mit /send cancel, bevor du eine neue erstellst.
relay-send-list-needs-draft = Erstelle zuerst die Rundsendung (antworte mit /send auf ihre Nachricht) und antworte dann mit /send to list auf die Liste der IDs.
relay-send-list-needs-reply = Antworte mit /send to list auf eine Datei oder Nachricht mit den Nutzer-IDs (eine pro Zeile oder durch Kommas getrennt).
relay-send-list-too-large = Die Liste ist größer als 1 MB. Teile sie und sende eine Rundsendung pro Teil.
relay-send-list-empty = Dort wurden keine Nutzer-IDs gefunden. Sende die IDs eine pro Zeile oder durch Kommas getrennt.
relay-send-not-draft = Die Empfänger lassen sich nur vor dem Start der Rundsendung ändern.
relay-send-audience-set = Empfänger festgelegt: { $size } Nutzer.
relay-send-nobody = Niemand zum Senden: Es gibt keine Empfänger. Wähle andere mit /send to.
relay-send-finished = Rundsendung #{ $id } ist bereits beendet.
relay-send-already-running = Rundsendung #{ $id } wird bereits gesendet.
relay-send-already-paused = Rundsendung #{ $id } ist bereits pausiert.
relay-send-not-started = Rundsendung #{ $id } hat noch nicht begonnen.
relay-send-test-ok = Test wurde dir privat gesendet.
relay-send-test-unreachable = Der Test hat dich nicht erreicht: Öffne einen privaten Chat mit { $name }, tippe auf Starten und versuche es erneut.
relay-send-start-ok = Rundsendung #{ $id } gestartet.
relay-send-pause-ok = Rundsendung #{ $id } pausiert.
relay-send-resume-ok = Rundsendung #{ $id } fortgesetzt.
relay-send-cancel-ok = Rundsendung #{ $id } abgebrochen.
relay-send-button-test = 🧪 Test
relay-send-button-start = ▶️ Starten
relay-send-button-pause = ⏸ Pausieren
relay-send-button-resume = ▶️ Fortsetzen
relay-send-button-cancel = ✖️ Abbrechen
relay-send-audience-all = alle Nutzer mit einem Dialog
relay-send-audience-label = Nutzer mit dem Label { $label }
relay-send-audience-list = eine hochgeladene Liste mit { $count } IDs
relay-send-status-draft = Entwurf
relay-send-status-running = wird gesendet
relay-send-status-paused = pausiert
relay-send-status-cancelled = abgebrochen
relay-send-status-done = beendet
relay-send-card =
    <b>Rundsendung #{ $id }</b> — { $status }
    An: { $audience } ({ $size })
relay-send-progress = Gesendet: { $sent }, fehlgeschlagen: { $failed }, offen: { $left }
relay-send-rate = { $rate }/s, noch etwa { $eta }
relay-send-account-commands = Konten können keine Schaltflächen zeigen: Verwende <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code> oder <code>/send cancel</code>.
relay-send-report = Zustellbericht der Rundsendung #{ $id }: { $sent } gesendet, { $failed } nicht zugestellt.

## /mark

relay-mark-usage =
    <b>Labels</b>
    <code>/mark</code> — die Labels und wie viele Dialoge jedes trägt
    <code>/mark new NAME [TICKER]</code> — ein neues Label, mit einem Emoji oder kurzen Text für Thementitel
    <code>/mark rename NAME NEW</code>, <code>/mark del NAME</code>
    <code>/mark ticker NAME TICKER</code> (oder <code>off</code>)
    <code>/mark after NAME OTHER…</code> — NAME zu setzen entfernt die anderen (<code>off</code>: keine Regel)
    Im Thema eines Nutzers: <code>/mark NAME</code>, <code>/mark del NAME</code>
relay-mark-topic-usage = In einem Thema: <code>/mark NAME</code> gibt diesem Dialog das Label, <code>/mark del NAME</code> entfernt es. Labels werden im allgemeinen Thema (General) mit <code>/mark new NAME</code> erstellt.
relay-mark-none = Es gibt noch keine Labels. Erstelle eins mit <code>/mark new NAME</code>.
relay-mark-list-title = <b>Labels</b>
relay-mark-list-item = { $ticker }<b>{ $name }</b> — { $count }
relay-mark-list-after = , entfernt { $labels }
relay-label-name-rules = „{ $name }“ kann kein Labelname sein: Verwende 1 bis 32 Buchstaben, Ziffern, _ oder - und keines der Wörter new, rename, del, ticker, after, off, all, list, json, csv, to.
relay-label-ticker-rules = „{ $ticker }“ kann kein Ticker sein: Verwende ein Emoji oder bis zu 8 Zeichen ohne Leerzeichen, oder off.
relay-label-unknown = Es gibt kein Label „{ $name }“. Labels: { $labels }. Erstelle es mit <code>/mark new NAME</code>.
relay-label-exists = Ein Label „{ $name }“ gibt es schon.
relay-label-created = Label „{ $name }“ erstellt.
relay-label-renamed = Label „{ $from }“ heißt jetzt „{ $to }“.
relay-label-deleted = Label „{ $name }“ gelöscht und von allen Dialogen entfernt.
relay-label-ticker-set = Ticker von „{ $name }“ geändert; die Thementitel folgen.
relay-label-after-set = „{ $name }“ zu setzen entfernt jetzt: { $labels }.
relay-label-after-off = „{ $name }“ zu setzen entfernt keine anderen Labels mehr.
relay-label-set = Label „{ $name }“ gesetzt.
relay-label-unset = Label „{ $name }“ entfernt.

## /export

relay-export-usage = <code>/export</code> — eine CSV der Nutzer mit Dialogen; <code>/export NAME</code> — nur die mit dem Label NAME; füge <code>json</code> für JSON hinzu.
relay-export-caption = { $count } Nutzer mit einem Dialog.
relay-export-hidden = HIDE_INFO ist an: Namen sind Pseudonyme, Benutzernamen fehlen.

## /new

relay-new-usage = <code>/new @username</code>, <code>/new +Telefon</code> oder <code>/new user_id</code> öffnet einen Dialog mit jemandem, der noch nicht geschrieben hat.
relay-new-usage-bad = „{ $target }“ ist weder ein @username noch eine +Telefonnummer noch eine Nutzer-ID.
relay-new-not-found = Diesen Telegram-Nutzer gibt es nicht, oder seine Privatsphäre-Einstellungen verbergen ihn.
relay-new-bot-refused = Telegram lässt { $name } nur an Nutzer schreiben, die den Bot gestartet haben. Bitte den Nutzer, den Bot zu öffnen und auf Starten zu tippen; sein Dialog öffnet sich dann von selbst.
relay-new-not-allowed = Telegram erlaubt keinen Dialog mit diesem Nutzer.
relay-new-exists = { $name } hat schon einen Dialog: Schreib in seinem Thema.
relay-new-opened = Dialog mit { $name } geöffnet: Schreib im neuen Thema, um die erste Nachricht zu senden.
relay-new-topic-note = Dialog vom Team mit /new geöffnet. Deine erste Nachricht hier geht an { $name }.
