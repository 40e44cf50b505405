# Das Relay: was Operatoren in Themen sehen und was Nutzer vom Relay selbst sehen.

relay-yes = ja
relay-no = nein
relay-info-unknown = —
relay-info-card =
    <b>{ $name }</b>
    Benutzername: { $username }
    Nutzer-ID: <code>{ $id }</code>
    Sprache: { $language }
    Premium: { $premium }
    Erster Kontakt: { $first_contact }
    Startparameter: { $start_param }
    Nachrichten: { $from_user } vom Nutzer, { $from_operators } von Operatoren
relay-start-param = Der Nutzer hat den Dialog mit dem Parameter <code>{ $param }</code> gestartet.
relay-unknown-command = Unbekannter Befehl, daher wurde er nicht an den Nutzer gesendet. /help listet die Befehle auf; beginne eine Nachricht mit „/ “ (Schrägstrich, Leerzeichen), um einen internen Kommentar zu hinterlassen.
relay-refused-banned = Dieser Nutzer ist gesperrt, daher wurde die Nachricht nicht gesendet. Mit /unban kannst du ihm wieder schreiben.
relay-refused-keyword = Nicht gesendet: Die Nachricht enthält ein Wort, das durch RESTRICTED_KEYWORDS_BACKEND gesperrt ist.
relay-info-sent-privately = Der Einrichtungsbot hat dir die Infokarte privat geschickt.
relay-info-not-allowed = Nur die in EXTENSIONS_ALLOWED eingetragenen Personen können sehen, wer dieser Nutzer ist.
relay-ban-needs-right = Für /ban und /unban brauchst du in der Gruppe das Admin-Recht „Nutzer sperren“.
relay-banned = Gesperrt: Nachrichten dieses Nutzers werden nicht mehr weitergeleitet. /unban macht das rückgängig.
relay-unbanned = Entsperrt: Nachrichten dieses Nutzers werden wieder weitergeleitet.
relay-help =
    <b>Befehle im Thema eines Nutzers</b>
    /info — wer der Nutzer ist
    /close — den Dialog schließen (⬛)
    /wait — als „Support hat geantwortet“ markieren (🟨)
    /hold — als „wartet auf Support“ markieren (🟪)
    /ban — diesen Nutzer nicht mehr weiterleiten; /unban — wieder weiterleiten
    /mark NAME — diesem Dialog ein Label geben; /mark del NAME — es entfernen
    <code>/ text</code> — ein interner Kommentar, wird nie gesendet
    Jede andere Nachricht wird an den Nutzer gesendet; eine Antwort hier erscheint auch bei ihm als Antwort.
relay-intercepted = ↪ Aus einer anderen Sitzung von { $name } an den Nutzer gesendet:
relay-user-blocked = Nicht zugestellt: Der Nutzer hat { $name } blockiert oder sein Konto gelöscht.
relay-not-delivered = Nicht an den Nutzer zugestellt: { $reason }
relay-unsupported-content = Diese Nachricht konnte nicht kopiert werden (der Chat verbietet das Kopieren, oder Telegram erlaubt diese Art von Nachricht hier nicht). Bitte den Nutzer, sie auf anderem Weg zu senden.
relay-user-delivery-failed = Leider konnte Ihre Nachricht nicht an das Support-Team zugestellt werden. Bitte senden Sie sie als Text oder als anderen Dateityp.
relay-link-done = ✅ Diese Gruppe ist jetzt das Backend von { $name }: Jeder private Chat erscheint hier als eigenes Thema.
relay-link-not-admin = Nur der Admin, der { $name } im Einrichtungsbot eingerichtet hat, kann die Verknüpfung mit einer Gruppe herstellen.
relay-link-not-forum = Themen sind in dieser Gruppe ausgeschaltet. Öffne die Gruppeneinstellungen, schalte <b>Themen</b> ein und sende den Link dann erneut.
relay-link-missing-rights = { $name } braucht hier diese Admin-Rechte: { $rights }. Erteile sie in den Admin-Einstellungen der Gruppe und sende den Link dann erneut.
relay-right-manage-topics = Themen verwalten
relay-right-delete-messages = Nachrichten löschen
relay-right-pin-messages = Nachrichten anheften
relay-right-ban-users = Nutzer sperren
relay-join-new-group = Deine neue Support-Gruppe ist bereit, aber die Privatsphäre-Einstellungen von Telegram haben verhindert, dass das Konto dich hinzufügt. Tritt ihr über diesen Link bei: { $link }, und mach dich danach über das Konto zum Admin.
relay-updates-lost-since = ⚠️ Das Relay war zu lange offline, als dass Telegram alles nachliefern könnte: Nachrichten an { $name } seit { $since } können hier fehlen. Sieh in seinen Chats in Telegram nach, ob etwas unbeantwortet ist.
relay-updates-lost = ⚠️ Das Relay war zu lange offline, als dass Telegram alles nachliefern könnte: einige Nachrichten an { $name } aus dieser Zeit können hier fehlen. Sieh in seinen Chats in Telegram nach, ob etwas unbeantwortet ist.
relay-new-group-not-promoted = Deine neue Support-Gruppe ist bereit und du bist drin, aber Telegram hat dem Konto nicht erlaubt, dich zum Admin zu machen ({ $reason }). Mach dich über das Konto selbst zum Admin: Öffne dort die Gruppe, dann Administratoren.
relay-new-group-admin-failed = Deine neue Support-Gruppe ist bereit, aber das Konto konnte dich nicht hinzufügen ({ $reason }). Öffne die Gruppe in der Telegram-App des Kontos, füge dich hinzu und mach dich zum Admin.
