# The relay: what operators see in topics, and what users see from the relay itself.

relay-yes = yes
relay-no = no
relay-info-unknown = —
relay-info-card =
    <b>{ $name }</b>
    Username: { $username }
    User id: <code>{ $id }</code>
    Language: { $language }
    Premium: { $premium }
    First contact: { $first_contact }
    Start parameter: { $start_param }
    Messages: { $from_user } from the user, { $from_operators } from operators
relay-start-param = The user started the conversation with the parameter <code>{ $param }</code>.
relay-unknown-command = Unknown command, so it was not sent to the user. /help lists the commands; start a message with "/ " (slash, space) to leave an internal comment.
relay-refused-banned = This user is banned, so the message was not sent. Use /unban to write to them again.
relay-refused-keyword = Not sent: the message contains a word blocked by RESTRICTED_KEYWORDS_BACKEND.
relay-info-sent-privately = The info card was sent to you privately by the setup bot.
relay-info-not-allowed = Only the people listed in EXTENSIONS_ALLOWED can see who this user is.
relay-ban-needs-right = You need the group's "Ban users" admin right to use /ban and /unban.
relay-banned = Banned: messages from this user are no longer relayed. /unban undoes it.
relay-unbanned = Unbanned: messages from this user are relayed again.
relay-help =
    <b>Commands in a user's topic</b>
    /info — who the user is
    /close — close the dialog (⬛)
    /wait — mark it as answered by support (🟨)
    /hold — mark it as waiting for support (🟪)
    /ban — stop relaying this user; /unban — resume
    /mark NAME — put a label on this dialog; /mark del NAME — take it off
    <code>/ text</code> — an internal comment, never sent
    Any other message is sent to the user; a reply here becomes a reply on their side.
relay-intercepted = ↪ Sent to the user from another session of { $name }:
relay-user-blocked = Not delivered: the user has blocked { $name } or deleted their account.
relay-not-delivered = Not delivered to the user: { $reason }
relay-unsupported-content = This message could not be copied (the chat forbids copying, or Telegram does not allow this kind of message here). Ask the user to send it another way.
relay-user-delivery-failed = Sorry, your message could not be delivered to the support team. Please send it as text or another file type.
relay-link-done = ✅ This group is now the backend of { $name }. Every private chat with it will appear here as a topic.
relay-link-not-admin = Only the admin who set up { $name } in the setup bot can link it to a group.
relay-link-not-forum = Topics are off in this group. Open the group's settings, turn on <b>Topics</b>, then send the link again.
relay-link-missing-rights = { $name } needs these admin rights here: { $rights }. Grant them in the group's admin settings, then send the link again.
relay-right-manage-topics = Manage topics
relay-right-delete-messages = Delete messages
relay-right-pin-messages = Pin messages
relay-right-ban-users = Ban users
relay-join-new-group = Your new support group is ready, but Telegram's privacy settings did not let the account add you. Join it with this link: { $link }, then make yourself an admin from the account.
relay-updates-lost-since = ⚠️ The relay was away too long for Telegram to replay everything: messages sent to { $name } since { $since } may be missing here. Look in its chats in Telegram for anything unanswered.
relay-updates-lost = ⚠️ The relay was away too long for Telegram to replay everything: some messages sent to { $name } while it was offline may be missing here. Look in its chats in Telegram for anything unanswered.
relay-new-group-not-promoted = Your new support group is ready and you are in it, but Telegram did not let the account make you an admin ({ $reason }). Make yourself an admin from the account: open the group there, then Administrators.
relay-new-group-admin-failed = Your new support group is ready, but the account could not add you ({ $reason }). Open the group in the account's Telegram app and add yourself, then make yourself an admin.
