# The module commands in the backend group: /send, /mark, /export, /new.

relay-modules-not-allowed = Only the people listed in EXTENSIONS_ALLOWED can use /send, /mark, /export and /new.

## /send

relay-send-usage =
    <b>Broadcasts</b>
    Reply to a message with /send to send it to every user with a dialog.
    <code>/send to NAME</code> — only users with the label NAME
    <code>/send to all</code> — every user again
    <code>/send to list</code> — in reply to a file or text of user ids
    <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code>, <code>/send cancel</code>
relay-send-none = There is no broadcast in progress. Reply to a message with /send to compose one.
relay-send-busy = Broadcast #{ $id } is not finished yet. Wait for it, or stop it with /send cancel, before composing another.
relay-send-list-needs-draft = Compose the broadcast first (reply to its message with /send), then reply to the list of ids with /send to list.
relay-send-list-needs-reply = Reply to a file or a message with the user ids (one per line, or separated by commas) with /send to list.
relay-send-list-too-large = The list is larger than 1 MB. Split it and send one broadcast per part.
relay-send-list-empty = No user ids found there. Send the ids one per line, or separated by commas.
relay-send-not-draft = The audience can only change before the broadcast starts.
relay-send-audience-set = Audience set: { $size } users.
relay-send-nobody = Nobody to send to: the audience is empty. Choose another with /send to.
relay-send-finished = Broadcast #{ $id } is already finished.
relay-send-already-running = Broadcast #{ $id } is already sending.
relay-send-already-paused = Broadcast #{ $id } is already paused.
relay-send-not-started = Broadcast #{ $id } has not started yet.
relay-send-test-ok = Test sent to you privately.
relay-send-test-unreachable = The test could not reach you: open a private chat with { $name } and press Start, then try again.
relay-send-start-ok = Broadcast #{ $id } started.
relay-send-pause-ok = Broadcast #{ $id } paused.
relay-send-resume-ok = Broadcast #{ $id } resumed.
relay-send-cancel-ok = Broadcast #{ $id } cancelled.
relay-send-button-test = 🧪 Test
relay-send-button-start = ▶️ Start
relay-send-button-pause = ⏸ Pause
relay-send-button-resume = ▶️ Resume
relay-send-button-cancel = ✖️ Cancel
relay-send-audience-all = all users with a dialog
relay-send-audience-label = users with the label { $label }
relay-send-audience-list = an uploaded list of { $count } ids
relay-send-status-draft = draft
relay-send-status-running = sending
relay-send-status-paused = paused
relay-send-status-cancelled = cancelled
relay-send-status-done = finished
relay-send-card =
    <b>Broadcast #{ $id }</b> — { $status }
    To: { $audience } ({ $size })
relay-send-progress = Sent: { $sent }, failed: { $failed }, left: { $left }
relay-send-rate = { $rate }/s, about { $eta } to finish
relay-send-account-commands = Accounts cannot show buttons: use <code>/send test</code>, <code>/send start</code>, <code>/send pause</code>, <code>/send resume</code> or <code>/send cancel</code>.
relay-send-report = Delivery report of broadcast #{ $id }: { $sent } sent, { $failed } not delivered.

## /mark

relay-mark-usage =
    <b>Labels</b>
    <code>/mark</code> — the labels and how many dialogs carry each
    <code>/mark new NAME [TICKER]</code> — a new label, with an emoji or short text for topic titles
    <code>/mark rename NAME NEW</code>, <code>/mark del NAME</code>
    <code>/mark ticker NAME TICKER</code> (or <code>off</code>)
    <code>/mark after NAME OTHER…</code> — setting NAME removes the others (<code>off</code>: no rule)
    In a user's topic: <code>/mark NAME</code>, <code>/mark del NAME</code>
relay-mark-topic-usage = In a topic: <code>/mark NAME</code> puts the label on this dialog, <code>/mark del NAME</code> takes it off. Labels are created in the General topic with <code>/mark new NAME</code>.
relay-mark-none = There are no labels yet. Create one with <code>/mark new NAME</code>.
relay-mark-list-title = <b>Labels</b>
relay-mark-list-item = { $ticker }<b>{ $name }</b> — { $count }
relay-mark-list-after = , removes { $labels }
relay-label-name-rules = “{ $name }” cannot be a label name: use 1 to 32 letters, digits, _ or -, and none of the words new, rename, del, ticker, after, off, all, list, json, csv, to.
relay-label-ticker-rules = “{ $ticker }” cannot be a ticker: use an emoji or up to 8 characters without spaces, or off.
relay-label-unknown = There is no label “{ $name }”. Labels: { $labels }. Create it with <code>/mark new NAME</code>.
relay-label-exists = A label “{ $name }” exists already.
relay-label-created = Label “{ $name }” created.
relay-label-renamed = Label “{ $from }” is now “{ $to }”.
relay-label-deleted = Label “{ $name }” deleted and taken off every dialog.
relay-label-ticker-set = Ticker of “{ $name }” changed; topic titles follow.
relay-label-after-set = Setting “{ $name }” now removes: { $labels }.
relay-label-after-off = Setting “{ $name }” no longer removes other labels.
relay-label-set = Label “{ $name }” set.
relay-label-unset = Label “{ $name }” taken off.

## /export

relay-export-usage = <code>/export</code> — a CSV of the users with dialogs; <code>/export NAME</code> — only those with the label NAME; add <code>json</code> for JSON.
relay-export-caption = { $count } users with a dialog.
relay-export-hidden = HIDE_INFO is on: names are pseudonyms and usernames are left out.

## /new

relay-new-usage = <code>/new @username</code>, <code>/new +phone</code> or <code>/new user_id</code> opens a dialog with someone who has not written yet.
relay-new-usage-bad = “{ $target }” is not a @username, a +phone number or a user id.
relay-new-not-found = No such Telegram user, or their privacy settings hide them.
relay-new-bot-refused = Telegram lets { $name } write only to users who have started it. Ask the user to open the bot and press Start; their dialog opens by itself.
relay-new-not-allowed = Telegram does not allow opening a dialog with this user.
relay-new-exists = { $name } already has a dialog: write in their topic.
relay-new-opened = Dialog opened with { $name }: write in the new topic to send them your first message.
relay-new-topic-note = Dialog opened by the team with /new. Your first message here goes to { $name }.
