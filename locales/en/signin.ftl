# Sign-in: why connecting a bot or an account failed, and what to do next.

signin-error-malformed-token = That does not look like a bot token. Copy it from @BotFather: it looks like <code>123456789:AAE…</code>, digits, a colon, then about 35 letters and digits.
signin-error-invalid-token = Telegram does not know this token. Check that you copied all of it from @BotFather, then send it again.
signin-error-revoked-token = This token was revoked in @BotFather. Open @BotFather, choose the bot, <b>API Token</b>, copy the current token and send it here.
signin-error-phone-invalid = That phone number is not valid. Send it in international form, such as <code>+39 333 123 4567</code>, or use the button to share your contact.
signin-error-phone-banned = Telegram has banned this phone number, so it cannot be connected.
signin-error-phone-flood = Telegram has seen too many login attempts for this number. Wait a few hours, then try again.
signin-error-code-invalid = That code is wrong. Check the latest message from Telegram and enter the code again.
signin-error-code-expired = That code has expired. Tap <b>Resend code</b> to get a new one.
signin-error-password-invalid = That password is wrong. Enter your two-step verification password again.
signin-error-password-unsupported = Telegram sent two-step verification parameters this version of Switchboard does not understand, so the password was not sent. Update Switchboard and try again.
signin-error-password-required = This account has a two-step verification password. Send it to finish signing in; the message will be deleted at once.
signin-error-sign-up-required = This phone number has no Telegram account. Create one in an official Telegram app first, then connect it here.
signin-error-flood-wait = Telegram asks to wait { $seconds } seconds before trying again.
signin-error-qr-expired = The QR code expired before it was scanned. Tap <b>New QR code</b> to get a fresh one.
signin-error-resend-unavailable = Telegram cannot send the code another way right now. Use the code you already received, or wait and try again.
signin-error-payment-required = Telegram asks for a payment before sending a login code to this number. Sign in with a QR code instead.
signin-error-network = Telegram cannot be reached right now. Try again in a minute.
signin-error-session-revoked = The session was ended on Telegram's side (for example from <b>Settings → Devices</b>). Sign in again.
signin-error-unexpected = Telegram answered with an error I do not know (<code>{ $name }</code>). Try again; if it keeps happening, report it.
