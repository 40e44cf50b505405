# Parameter: was jeder bedeutet, welche Werte er annimmt und warum ein Wert abgelehnt wurde.
# Die Texte sind Telegram-HTML. Argumente werden von dem Code maskiert, der sie übergibt.

param-card =
    <b>{ $name }</b>
    { $help }

    <b>Format:</b> { $format }
    <b>Standard:</b> <code>{ $default }</code>
    <b>Aktueller Wert:</b> <code>{ $current }</code>

    Sende einen neuen Wert oder <code>DEFAULT</code>, um den Standardwert wiederherzustellen.
param-saved = { $name } ist jetzt <code>{ $value }</code>.
param-reset = { $name } ist wieder auf dem Standardwert <code>{ $value }</code>.
param-refused =
    Dieser Wert wurde nicht gespeichert: { $reason }
    { $name } behält den Wert <code>{ $current }</code>. Sende einen anderen Wert oder <code>DEFAULT</code>.

param-welcome-help = Die Nachricht, die ein Nutzer beim ersten Kontakt erhält und erneut, wenn ein geschlossener Dialog wieder geöffnet wird. <code>{"{"}name{"}"}</code> wird durch den Vornamen des Nutzers ersetzt. Mit <code>OFF</code> wird nichts gesendet.
param-autoclose-help = Wie viele Stunden ein Dialog im Status „Support hat geantwortet“ (🟨) wartet, bevor er sich von selbst schließt (⬛). Mit <code>OFF</code> werden Dialoge nie automatisch geschlossen.
param-auto-info-help = Ob beim Erstellen eines neuen Themas die Infokarte des Nutzers gepostet wird (Name, Benutzername, ID, Sprache, Startparameter).
param-extensions-allowed-help = Wer die Modulbefehle im allgemeinen Thema (General) verwenden darf (/send, /mark, /export, /new) und /info sieht, wenn HIDE_INFO es verbirgt. Der Admin der Verbindung darf es immer.
param-silent-mode-help = Ob Verarbeitungsfehler vor den Nutzern verborgen werden. Operatoren sehen weiterhin jeden Fehler im Thema.
param-intercept-external-help = Ob Nachrichten, die der Bot oder das Konto dem Nutzer aus seinen anderen Sitzungen gesendet hat (eigener Code, eine andere App), als abgefangen markiert ins Thema kopiert werden.
param-private-keywords-help = Wenn gesetzt, wird ein Thema nur erstellt (oder ein geschlossener Dialog wieder geöffnet), wenn die Nachricht des Nutzers passt; solange ein Dialog offen ist, kommt alles durch. Eine Phrase passt dort, wo ein Wort beginnt, unabhängig von Groß- und Kleinschreibung.
param-hide-info-help = Verbirgt vor den Operatoren, wer der Nutzer ist: <code>name</code> benennt Themen mit generierten Pseudonymen statt mit Namen; <code>command</code> sorgt dafür, dass /info nur EXTENSIONS_ALLOWED antwortet, privat über diesen Bot.
param-ignore-chats-help = Nutzer, deren Nachrichten spurlos verworfen werden. /ban in einem Thema fügt den Nutzer hier hinzu. 777000 ist das Dienstkonto von Telegram selbst.
param-white-list-help = Wenn gesetzt, werden nur Nachrichten dieser Nutzer weitergeleitet; alle anderen werden ignoriert.
param-reply-only-help = Wenn aktiviert, werden nur die Nachrichten von Operatoren an den Nutzer gesendet, die auf eine Nachricht des Nutzers antworten; alles andere im Thema bleibt ein interner Kommentar.
param-restricted-keywords-frontend-help = Passende Nachrichten von Nutzern werden nicht an die Gruppe weitergeleitet.
param-restricted-keywords-backend-help = Passende Nachrichten von Operatoren werden nicht an den Nutzer gesendet; ein Hinweis im Thema macht darauf aufmerksam.
param-leave-closed-help = Wenn aktiviert, bleibt ein geschlossener Dialog geschlossen, wenn der Nutzer erneut schreibt (es wird keine Begrüßung gesendet); eine Nachricht eines Operators öffnet ihn trotzdem wieder.
param-icon-color-help = Die Farbe der Themen, die diese Verbindung erstellt.

param-format-text = ein Text mit Telegram-Formatierung oder <code>OFF</code>
param-format-hours = eine ganze Zahl von Stunden (1 oder mehr) oder <code>OFF</code>
param-format-boolean = <code>TRUE</code> oder <code>FALSE</code> (<code>ON</code>/<code>OFF</code> und <code>YES</code>/<code>NO</code> gehen auch)
param-format-audience = Nutzer-IDs, durch Kommas getrennt, <code>ALL</code> für alle Mitglieder der Gruppe oder <code>ADMIN</code>
param-format-keywords = zum Beispiel <code>"help", "operator", ["refund","order"], ["price","~spam"]</code>: ein Wort oder eine Phrase in Anführungszeichen passt für sich allein, eine Liste in eckigen Klammern braucht alle ihre Elemente, <code>~</code> bedeutet „darf nicht enthalten“; oder <code>OFF</code>
param-format-hide-info = <code>name</code>, <code>command</code>, beide durch ein Komma getrennt, oder <code>OFF</code>
param-format-user-ids = Nutzer-IDs, durch Kommas getrennt, oder <code>OFF</code>
param-format-white-list = Nutzer-IDs, durch Kommas getrennt, oder <code>OFF</code>
param-format-icon-color = eine der Farben <code>blue</code>, <code>yellow</code>, <code>violet</code>, <code>green</code>, <code>rose</code>, <code>red</code>

param-error-not-boolean = erwartet wird TRUE oder FALSE (ON/OFF und YES/NO gehen auch).
param-error-not-hours = erwartet wird eine ganze Zahl von Stunden von 1 bis { $max } oder OFF.
param-error-not-user-id = <code>{ $item }</code> ist keine Telegram-Nutzer-ID. Nutzer-IDs sind positive Zahlen; /info im Thema eines Nutzers zeigt seine an.
param-error-empty-list = die Liste ist leer. Sende mindestens ein Element oder OFF.
param-error-not-one-of = <code>{ $item }</code> ist keiner der zulässigen Werte: { $allowed }.
param-error-empty-text = der Text ist leer. Sende OFF, um nichts zu senden.
param-error-too-long = der Text hat { $length } Zeichen; Telegram erlaubt höchstens { $max }.
param-error-unknown-placeholder = <code>{"{"}{ $placeholder }{"}"}</code> ist kein Platzhalter, den ich kenne; ich kenne nur <code>{"{"}name{"}"}</code>.

keywords-error-empty = an Position { $position } stehen keine Schlüsselwörter. Sende mindestens eines, etwa <code>"help"</code>, oder OFF.
keywords-error-unclosed-quote = das an Position { $position } geöffnete Anführungszeichen wird nie geschlossen.
keywords-error-unclosed-bracket = die an Position { $position } geöffnete eckige Klammer wird nie geschlossen.
keywords-error-nested-bracket = eckige Klammern lassen sich nicht verschachteln (Position { $position }).
keywords-error-stray-closing-bracket = die <code>]</code> an Position { $position } schließt keine Klammer.
keywords-error-empty-phrase = ein leeres Wort oder eine leere Phrase an Position { $position }.
keywords-error-expected-comma = vor Position { $position } fehlt ein Komma.
keywords-error-stray-quote = ein Anführungszeichen in einem Wort ohne Anführungszeichen an Position { $position }; setze die ganze Phrase in Anführungszeichen.
keywords-error-too-long = die Liste ist länger als 4096 Zeichen (Position { $position }).

welcome-default = Hallo! Bitte beschreiben Sie Ihr Anliegen. Wir antworten Ihnen so schnell wie möglich.

param-webhooks-help = Sendet die Ereignisse dieser Verbindung als signierte HTTPS-Anfragen an eigene Dienste (ein CRM, einen Shop, n8n, einen Assistenten) und leitet ausgewählte Topic-Befehle an sie weiter. Jede URL erhält die für sie aufgeführten Ereignisse und <code>/Befehle</code>. Zustellungen bleiben je URL in Reihenfolge und werden 24 Stunden lang wiederholt; Anfragen tragen eine Standard-Webhooks-Signatur mit dem Geheimnis, das beim Einrichten angezeigt wird.
param-format-webhooks = ein JSON-Objekt aus URLs und ihren Listen, zum Beispiel <code>{"{"}"https://crm.example/hook": ["dialog_created", "message_received"], "https://x.example/cmd": ["/invoice"]{"}"}</code>. Ereignisse: <code>dialog_created</code>, <code>dialog_reopened</code>, <code>dialog_closed</code>, <code>dialog_status_changed</code>, <code>message_received</code>, <code>message_sent</code>, <code>message_intercepted</code>, <code>label_added</code>, <code>label_removed</code>, <code>broadcast_finished</code>; oder <code>OFF</code>
param-error-webhooks-json = das ist kein gültiges JSON: der Fehler liegt in Zeile { $line }, Spalte { $column }.
param-error-webhooks-shape = erwartet wird ein JSON-Objekt, dessen Schlüssel URLs und dessen Werte Listen von Ereignisnamen und <code>/Befehlen</code> sind.
param-error-webhooks-too-many = höchstens { $max } URLs.
param-error-webhook-url = <code>{ $url }</code> ist keine <code>https://</code>-URL mit Host (und ohne Benutzername oder Passwort).
param-error-webhook-not-https = <code>{ $url }</code> verwendet einfaches <code>http://</code>, das nur zu diesem Rechner erlaubt ist (zum Testen). Verwende <code>https://</code>.
param-error-webhook-event = <code>{ $item }</code> ist kein Ereignis. Ereignisse: { $allowed }.
param-error-webhook-command = <code>{ $item }</code> ist kein Befehl: ein Schrägstrich, dann 1 bis 32 Zeichen aus a–z, 0–9 und _.
param-error-webhook-nothing = die Liste von <code>{ $url }</code> ist leer: nenne mindestens ein Ereignis oder einen Befehl oder lass die URL weg.
