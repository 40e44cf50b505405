# The setup bot: what admins read.

setup-event-linked = ✅ { $name } is connected to its group. Send it a message to test: a topic with your name appears in the group.
setup-event-needs-login = ⚠️ { $name } was signed out by Telegram ({ $reason }). Nothing is relayed until you sign in again.
setup-event-failed = ❌ { $name } stopped: { $reason }. Start it again when the problem is fixed.
setup-event-link-refused-not-forum = The group you chose for { $name } has Topics off. Turn on <b>Topics</b> in the group's settings, then send the link again.
setup-event-link-refused-missing-rights = { $name } is missing admin rights in the group you chose. Give it the rights listed in the group, then send the link again.
setup-event-link-refused-other = Linking { $name } to that group did not work. Open the connection and try again.
setup-button-open = Open { $name }
setup-button-relogin = Sign in again
setup-button-start = Start

# Commands in the menu (setMyCommands).
setup-command-start = Your connections, and a new one
setup-command-language = Change the language of this bot
setup-command-cancel = Stop what you are doing
setup-command-help = What this bot does

# Start and the list of connections.
setup-welcome =
    👋 <b>Switchboard</b> turns the private chats of a Telegram bot or account into topics of a support group, where your team answers.

    Connect a bot or an account to begin.
setup-help =
    <b>Switchboard</b> relays the private chats of a bot or account to a support group with Topics: one topic per user, your team answers there.

    /start — your connections, and a new one
    /language — the language of this bot
    /cancel — stop what you are doing

    In a user's topic, operators can use /info, /close, /wait, /hold, /ban, /unban and /help.
setup-connections = <b>Your connections</b>
    Tap one to see its status and change it.
setup-connections-empty = You have no connections yet.
setup-button-new = ➕ New connection
setup-button-connections = ⬅️ Connections
setup-button-back = ⬅️ Back
setup-button-cancel = ✖️ Cancel
setup-cancelled = Cancelled. Nothing was changed.
setup-not-found = That connection does not exist, or it is not yours.
setup-outdated = That button belongs to an earlier step. Use the newest message, or /start.
setup-error = Something went wrong on my side, and nothing was changed. Please try again in a moment.

# Step 1.
setup-choose-kind =
    <b>New connection — step 1 of 3</b>
    What do you want to connect?

    <b>A bot</b> made with @BotFather: users write to the bot. Its own code keeps working beside Switchboard.
    <b>An account</b>: users write to a Telegram account, such as your shop's number.
setup-button-bot = 🤖 Connect a bot
setup-button-account = 👤 Connect an account

# Step 2, bot.
setup-ask-token =
    <b>Step 2 of 3 — the bot's token</b>
    In @BotFather choose your bot, then <b>API Token</b>, and send me the token. I delete your message as soon as I have read it.
setup-ask-token-relogin =
    <b>Sign { $name } in again</b>
    In @BotFather choose the bot, then <b>API Token</b>, and send me its current token. I delete your message as soon as I have read it.

# Step 2, account.
setup-choose-method =
    <b>Step 2 of 3 — sign in to the account</b>
    <b>QR code</b>: scan it with a phone where the account is signed in.
    <b>Phone number</b>: Telegram sends a login code to the account.
setup-button-qr = 📷 QR code
setup-button-phone = 📱 Phone number
setup-ask-phone = Send the account's phone number in international form, such as <code>+39 333 123 4567</code>, or tap <b>Share my phone number</b> if it is the account you are using now.
setup-button-share-phone = 📱 Share my phone number
setup-phone-sending = Asking Telegram for a login code…
setup-code =
    <b>Step 2 of 3 — the login code</b>
    { $via }
    Enter it with the buttons below. Telegram voids a code that is sent as a plain message; if you type it, put spaces between the digits, such as <code>1 2 3 4 5</code>.

    Code: <code>{ $code }</code>
setup-code-via-app = Telegram sent a code to the Telegram app where { $phone } is signed in.
setup-code-via-sms = Telegram sent a code by SMS to { $phone }.
setup-code-via-call = Telegram is calling { $phone } to tell you a code.
setup-code-via-missed-call = Telegram is calling { $phone }: the code is the last digits of the calling number.
setup-code-via-email = Telegram sent a code to the e-mail address { $email }.
setup-code-via-fragment = Telegram sent a code to { $phone } on fragment.com.
setup-code-via-other = Telegram sent a code for { $phone }.
setup-button-resend = 🔁 Resend code
setup-code-resent = A new code is on its way.
setup-code-checking = Checking the code…
setup-ask-password = This account has a two-step verification password. Send it as a message: I delete the message at once and never store the password.
setup-password-hint = Hint: { $hint }
setup-qr =
    <b>Step 2 of 3 — scan the QR code</b>
    On a phone where the account is signed in, open <b>Settings → Devices → Link Desktop Device</b> and scan this code. It renews itself before it expires.
setup-qr-scanned = ✅ Scanned — signing in…
setup-button-new-qr = 🔄 New QR code
setup-login-lost = That sign-in was interrupted (I restarted, or it waited too long). Please start it again.

# After signing in.
setup-signed-in = ✅ Signed in as <b>{ $name }</b>.
setup-already-yours = { $name } is already one of your connections, so nothing new was added.
setup-already-other = { $name } is already connected by someone else. They can delete that connection; until then it cannot be connected here.
setup-relogin-different = You signed in as { $name }, but this connection belongs to another account. Sign in with the same account, or make a new connection.
setup-relogged = ✅ { $name } is signed in again and relaying.

# Step 3.
setup-group-bot =
    <b>Step 3 of 3 — the support group</b>
    Tap <b>Add to group</b> and choose a group for your team, or create one. In that group:
    • turn on <b>Topics</b> in the group's settings;
    • keep the admin rights the link asks for (manage topics, delete and pin messages, ban and invite users).
    I tell you here as soon as { $name } is linked.

    If the button does not work, add { $name } to the group as an admin yourself and send <code>/start { $code }</code> there.
setup-button-add-to-group = ➕ Add to group
setup-group-account =
    <b>Step 3 of 3 — the support group</b>
    { $name } can create a new group with Topics for you and make you its admin, or use a group you already have.
setup-button-create-group = ✨ Create a new group
setup-button-use-group = 👥 Use an existing group
setup-group-existing =
    In your group:
    • turn on <b>Topics</b> in the group's settings;
    • add { $name } as an admin with the rights to manage topics, delete and pin messages, ban and invite users;
    • send this code in the group: <code>{ $code }</code>
    I tell you here as soon as the group is linked.
setup-group-creating = { $name } is creating the group <b>{ $title }</b> and will make you its admin. I tell you here when it is ready.
setup-group-default-title = { $name } — support
setup-change-group-note = The current group keeps working until the new one is linked.

# The connection card.
setup-card =
    <b>{ $name }</b> { $username }
    Kind: { $kind }
    Status: { $status }
    Group: { $group }
    Connected on { $created }
setup-kind-bot = bot
setup-kind-account = account
setup-status-linking = 🔗 waiting for its group
setup-status-active = ✅ relaying
setup-status-stopped = ⏸ stopped
setup-status-needs-login = ⚠️ signed out by Telegram ({ $reason }); sign in again
setup-status-failed = ❌ stopped by an error: { $reason }
setup-group-none = not linked yet
setup-group-linked = linked (id <code>{ $id }</code>)
setup-group-being-created = being created: { $title }
setup-button-parameters = ⚙️ Parameters
setup-button-stop = ⏸ Stop
setup-button-change-group = 🔁 Change group
setup-button-delete = 🗑 Delete
setup-stopped = { $name } is stopped: nothing is relayed until you start it.
setup-started = { $name } is running.
setup-not-now = That cannot be done while { $name } is in this state: { $status }.
setup-delete-confirm = Delete <b>{ $name }</b>? Its session is signed out and its parameters are removed. The dialogs' history stays in the group.
setup-button-confirm-delete = 🗑 Yes, delete it
setup-deleted = { $name } is deleted and signed out. Its history stays in the group.

# Parameters.
setup-params =
    <b>Parameters of { $name }</b>
    Tap one to read what it does and change it.
setup-button-default = ↩️ DEFAULT

# Language.
setup-language = Choose the language of this bot:
setup-language-set = From now on I speak English.

# Hints for input that does not fit.
setup-hint-idle = Send /start to see your connections, or /help to read what I do.
setup-hint-buttons = Please use the buttons of the last message, or /cancel.
setup-hint-token = I am waiting for a bot token from @BotFather, such as <code>123456789:AAE…</code>, or /cancel.
setup-hint-code = Enter the code with the buttons, or type it with spaces between the digits, such as <code>1 2 3 4 5</code>.
setup-hint-password = I am waiting for the account's two-step verification password, or /cancel.
setup-hint-qr = Scan the QR code with the Telegram app, or /cancel.
setup-hint-group = I am waiting for { $name } to be linked to a group; I tell you here when it is. /start shows your connections.
setup-hint-text-only = I can only read text here.
setup-card-intercept-unseen = ⚠️ <b>INTERCEPT_EXTERNAL</b> is on, but in a day of traffic not one message sent from outside Switchboard has come back to this bot. Telegram may not pass a bot's own Bot API messages to the relay: anything you send to users from another program will not appear in their topics. Send to users from the topics instead, or turn the parameter off.

setup-button-webhook-secret = 🔑 New signing secret
setup-webhook-secret = 🔑 Signing secret of these webhooks (shown only now; keep it in your receiver's settings, then delete this message): <code>{ $secret }</code>
    Receivers check the <code>webhook-signature</code> header with it, as the Standard Webhooks specification describes. [🔑 New signing secret] replaces it; the old one stops verifying at once.
setup-event-webhook-failed = ⚠️ { $name }: a webhook was given up. The <code>{ $event }</code> event <code>{ $id }</code> could not be delivered to { $url }: { $reason }. Later events are still sent; check the receiver and WEBHOOKS.
