# Anmeldung: warum das Verbinden eines Bots oder Kontos fehlgeschlagen ist und was als Nächstes zu tun ist.

signin-error-malformed-token = Das sieht nicht nach einem Bot-Token aus. Kopiere ihn von @BotFather: Er sieht aus wie <code>123456789:AAE…</code>, also Ziffern, ein Doppelpunkt und dann etwa 35 Buchstaben und Ziffern.
signin-error-invalid-token = Telegram kennt diesen Token nicht. Prüfe, ob du ihn vollständig von @BotFather kopiert hast, und sende ihn dann erneut.
signin-error-revoked-token = Dieser Token wurde in @BotFather widerrufen. Öffne @BotFather, wähle den Bot, tippe auf <b>API Token</b>, kopiere den aktuellen Token und sende ihn hierher.
signin-error-phone-invalid = Diese Telefonnummer ist ungültig. Sende sie im internationalen Format, zum Beispiel <code>+39 333 123 4567</code>, oder teile deinen Kontakt über die Schaltfläche.
signin-error-phone-banned = Telegram hat diese Telefonnummer gesperrt, daher kann sie nicht verbunden werden.
signin-error-phone-flood = Telegram hat zu viele Anmeldeversuche für diese Nummer registriert. Warte ein paar Stunden und versuche es dann erneut.
signin-error-code-invalid = Dieser Code ist falsch. Sieh in der neuesten Nachricht von Telegram nach und gib den Code erneut ein.
signin-error-code-expired = Dieser Code ist abgelaufen. Tippe auf <b>Code erneut senden</b>, um einen neuen zu erhalten.
signin-error-password-invalid = Dieses Passwort ist falsch. Gib dein Passwort für die zweistufige Bestätigung erneut ein.
signin-error-password-unsupported = Telegram hat Parameter für das Passwort der zweistufigen Bestätigung gesendet, die diese Switchboard-Version nicht versteht; das Passwort wurde daher nicht gesendet. Aktualisiere Switchboard und versuche es erneut.
signin-error-password-required = Dieses Konto ist mit einem Passwort für die zweistufige Bestätigung geschützt. Sende es, um die Anmeldung abzuschließen; die Nachricht wird sofort gelöscht.
signin-error-sign-up-required = Zu dieser Telefonnummer gibt es kein Telegram-Konto. Erstelle zuerst eines in einer offiziellen Telegram-App und verbinde es dann hier.
signin-error-flood-wait = Telegram bittet dich, { $seconds } Sekunden zu warten, bevor du es erneut versuchst.
signin-error-qr-expired = Der QR-Code ist abgelaufen, bevor er gescannt wurde. Tippe auf <b>Neuer QR-Code</b>, um einen neuen zu erhalten.
signin-error-resend-unavailable = Telegram kann den Code gerade nicht auf anderem Weg senden. Verwende den Code, den du schon erhalten hast, oder warte und versuche es erneut.
signin-error-payment-required = Telegram verlangt eine Zahlung, bevor ein Anmeldecode an diese Nummer gesendet wird. Melde dich stattdessen mit einem QR-Code an.
signin-error-network = Telegram ist gerade nicht erreichbar. Versuche es in einer Minute erneut.
signin-error-session-revoked = Die Sitzung wurde auf Telegram-Seite beendet (zum Beispiel über <b>Einstellungen → Geräte</b>). Melde dich erneut an.
signin-error-unexpected = Telegram hat mit einem Fehler geantwortet, den ich nicht kenne (<code>{ $name }</code>). Versuche es erneut; wenn das weiter passiert, melde den Fehler.
