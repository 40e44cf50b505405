# Parameters: what each one means, what it takes, and why a value was refused.
# Texts are Telegram HTML. Arguments are escaped by the code that passes them.

param-card =
    <b>{ $name }</b>
    { $help }

    <b>Format:</b> { $format }
    <b>Default:</b> <code>{ $default }</code>
    <b>Current value:</b> <code>{ $current }</code>

    Send a new value, or <code>DEFAULT</code> to restore the default.
param-saved = { $name } is now <code>{ $value }</code>.
param-reset = { $name } is back to its default, <code>{ $value }</code>.
param-refused =
    That value was not saved: { $reason }
    { $name } keeps its value <code>{ $current }</code>. Send another value, or <code>DEFAULT</code>.

param-welcome-help = The message a user receives on first contact, and again when a closed dialog reopens. <code>{"{"}name{"}"}</code> is replaced by the user's first name. <code>OFF</code> sends nothing.
param-autoclose-help = How many hours a dialog waits in "support answered" (🟨) before it closes by itself (⬛). <code>OFF</code> never closes dialogs automatically.
param-auto-info-help = Whether to post the user's info card (name, username, id, language, start parameter) when a new topic is created.
param-extensions-allowed-help = Who may use the module commands in the General topic (/send, /mark, /export, /new) and see /info when HIDE_INFO hides it. The connection's admin always may.
param-silent-mode-help = Whether to hide processing errors from users. Operators still see every error in the topic.
param-intercept-external-help = Whether to copy into the topic the messages that the bot or account sent to the user from its other sessions (its own code, another app), marked as intercepted.
param-private-keywords-help = When set, a topic is created (or a closed dialog reopened) only when the user's message matches; while a dialog is open, everything passes. A phrase matches where a word starts, in any letter case.
param-hide-info-help = Hides who the user is from operators: <code>name</code> titles topics with generated pseudonyms instead of names; <code>command</code> makes /info answer only to EXTENSIONS_ALLOWED, privately through this bot.
param-ignore-chats-help = Users whose messages are dropped without a trace. /ban in a topic adds the user here. 777000 is Telegram's own service account.
param-white-list-help = When set, only these users are relayed; everyone else is ignored.
param-reply-only-help = When on, only operator messages that reply to a user's message are sent to the user; everything else in the topic stays an internal comment.
param-restricted-keywords-frontend-help = User messages that match are not relayed to the group.
param-restricted-keywords-backend-help = Operator messages that match are not sent to the user; a notice in the topic says so.
param-leave-closed-help = When on, a closed dialog stays closed when the user writes again (no welcome is sent); an operator's message still reopens it.
param-icon-color-help = The colour of the topics this connection creates.

param-format-text = a text with Telegram formatting, or <code>OFF</code>
param-format-hours = a whole number of hours (1 or more), or <code>OFF</code>
param-format-boolean = <code>TRUE</code> or <code>FALSE</code> (<code>ON</code>/<code>OFF</code> and <code>YES</code>/<code>NO</code> work too)
param-format-audience = user ids separated by commas, <code>ALL</code> for every member of the group, or <code>ADMIN</code>
param-format-keywords = for example <code>"help", "operator", ["refund","order"], ["price","~spam"]</code>: a quoted word or phrase matches alone, a bracketed list needs all of its items, <code>~</code> means "must not contain"; or <code>OFF</code>
param-format-hide-info = <code>name</code>, <code>command</code>, both separated by a comma, or <code>OFF</code>
param-format-user-ids = user ids separated by commas, or <code>OFF</code>
param-format-white-list = user ids separated by commas, or <code>OFF</code>
param-format-icon-color = one of <code>blue</code>, <code>yellow</code>, <code>violet</code>, <code>green</code>, <code>rose</code>, <code>red</code>

param-error-not-boolean = expected TRUE or FALSE (ON/OFF and YES/NO work too).
param-error-not-hours = expected a whole number of hours, from 1 to { $max }, or OFF.
param-error-not-user-id = <code>{ $item }</code> is not a Telegram user id. User ids are positive numbers; /info in a user's topic shows one.
param-error-empty-list = the list is empty. Send at least one item, or OFF.
param-error-not-one-of = <code>{ $item }</code> is not one of: { $allowed }.
param-error-empty-text = the text is empty. Send OFF to send nothing.
param-error-too-long = the text has { $length } characters; Telegram allows at most { $max }.
param-error-unknown-placeholder = <code>{"{"}{ $placeholder }{"}"}</code> is not a placeholder I know; only <code>{"{"}name{"}"}</code> is.

keywords-error-empty = no keywords at position { $position }. Send at least one, such as <code>"help"</code>, or OFF.
keywords-error-unclosed-quote = the quote opened at position { $position } is never closed.
keywords-error-unclosed-bracket = the bracket opened at position { $position } is never closed.
keywords-error-nested-bracket = brackets cannot be nested (position { $position }).
keywords-error-stray-closing-bracket = the <code>]</code> at position { $position } closes no bracket.
keywords-error-empty-phrase = an empty word or phrase at position { $position }.
keywords-error-expected-comma = a comma is missing before position { $position }.
keywords-error-stray-quote = a quote inside an unquoted word at position { $position }; put the whole phrase in quotes.
keywords-error-too-long = the list is longer than 4096 characters (position { $position }).

welcome-default = Hello! Please describe your question. We will answer as soon as we can.

param-webhooks-help = Sends events of this connection to your own services (a CRM, a shop, n8n, an assistant) as signed HTTPS requests, and posts chosen topic commands to them. Each URL gets the events and <code>/commands</code> listed for it. Deliveries are kept in order per URL and retried for 24 hours; requests carry a Standard Webhooks signature made with the secret shown on the connection card.
param-format-webhooks = a JSON object of URLs and their lists, for example <code>{"{"}"https://crm.example/hook": ["dialog_created", "message_received"], "https://x.example/cmd": ["/invoice"]{"}"}</code>. Events: <code>dialog_created</code>, <code>dialog_reopened</code>, <code>dialog_closed</code>, <code>dialog_status_changed</code>, <code>message_received</code>, <code>message_sent</code>, <code>message_intercepted</code>, <code>label_added</code>, <code>label_removed</code>, <code>broadcast_finished</code>; or <code>OFF</code>
param-error-webhooks-json = this is not valid JSON: the problem is at line { $line }, column { $column }.
param-error-webhooks-shape = expected a JSON object whose keys are URLs and whose values are lists of event names and <code>/commands</code>.
param-error-webhooks-too-many = at most { $max } URLs.
param-error-webhook-url = <code>{ $url }</code> is not an <code>https://</code> URL with a host (and without a user name or password).
param-error-webhook-not-https = <code>{ $url }</code> uses plain <code>http://</code>, which is allowed only to this machine (for testing). Use <code>https://</code>.
param-error-webhook-event = <code>{ $item }</code> is not an event. Events: { $allowed }.
param-error-webhook-command = <code>{ $item }</code> is not a command: a slash, then 1 to 32 of a–z, 0–9 and _.
param-error-webhook-nothing = the list of <code>{ $url }</code> is empty: name at least one event or command, or leave the URL out.
