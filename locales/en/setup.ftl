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
