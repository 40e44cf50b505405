//! Issue 13's defects of the grammers edge, each through the real client over the simulator:
//! every test here failed on the code before its fix.

use super::*;
use storage::ConnectionStatus;

/// The connection's status and its reason, as the setup bot shows them.
async fn status(db: &Storage, connection: ConnectionId) -> Option<(ConnectionStatus, String)> {
    let c = db.connections().get(connection).await.ok()??;
    Some((c.status, c.status_reason.unwrap_or_default()))
}

#[tokio::test]
async fn an_account_deleted_by_telegram_asks_for_login_instead_of_reporting_users_blocked_over_mtproto()
 {
    for db in storage::testing::all().await {
        let desk = WireDesk::start_as(&db, ConnectionKind::Account).await;
        let world = &desk.world;
        let anna = world.add_user("Anna", None, None, Some("de"));
        world.user_writes(anna, desk.bot, "Hallo");
        desk.wait("the copy is in a new topic", async || {
            world.topics(desk.group).first().is_some_and(|t| {
                world
                    .topic_messages(desk.group, t.id)
                    .iter()
                    .any(|m| m.text == "Hallo")
            })
        })
        .await;
        let topic = world.topics(desk.group)[0].id;

        // Telegram deletes the account: its requests are answered 401 USER_DEACTIVATED, which
        // is about this account, not about Anna.
        desk.sim.deactivate(desk.bot);
        world.post_in_group(desk.group, Some(topic), desk.operator, "Antwort", None);
        desk.wait(
            "the connection asks for a new sign-in, saying why",
            async || {
                status(&db, desk.connection).await
                    == Some((ConnectionStatus::NeedsLogin, "USER_DEACTIVATED".to_owned()))
            },
        )
        .await;
        assert!(
            desk.sim
                .errors()
                .iter()
                .any(|e| e.ends_with(": USER_DEACTIVATED")),
            "the relay met the deletion"
        );
        desk.stop().await;
    }
}

#[tokio::test]
async fn an_operator_seen_only_as_a_min_user_can_ban_over_mtproto() {
    for db in storage::testing::all().await {
        let desk = WireDesk::start(&db).await;
        let world = &desk.world;
        // Telegram hands the bot the group's members as min users: no access hash to ask about
        // their rights with, only the message they were seen in.
        desk.sim.min_members_in(desk.group);
        let anna = world.add_user("Anna", None, None, Some("en"));
        world.user_writes(anna, desk.bot, "spam");
        desk.wait("a topic", async || !world.topics(desk.group).is_empty())
            .await;
        let topic = world.topics(desk.group)[0].id;
        world.post_in_group(desk.group, Some(topic), desk.operator, "/ban", None);
        let banned = i18n::Lang::En.text("relay-banned");
        desk.wait("the ban is confirmed in the topic", async || {
            world
                .topic_messages(desk.group, topic)
                .iter()
                .any(|m| m.text == banned)
        })
        .await;
        let params = db.parameters().load(desk.connection).await.unwrap();
        assert!(params.ignore_chats.contains(anna), "Anna is ignored");
        desk.stop().await;
    }
}

/// How often the connection's session called `method`, by the simulator's trace.
fn calls(sim: &MtprotoSim, who: i64, method: &str) -> usize {
    let line = format!("{who} {method}");
    sim.trace().iter().filter(|l| **l == line).count()
}

#[tokio::test]
async fn an_edit_that_changes_nothing_costs_no_requests_over_mtproto() {
    for db in storage::testing::all().await {
        let desk = WireDesk::start(&db).await;
        let world = &desk.world;
        let anna = world.add_user("Anna", None, None, Some("en"));
        let msg = world.user_writes(anna, desk.bot, "Hello");
        desk.wait("the copy is in a new topic", async || {
            world.topics(desk.group).first().is_some_and(|t| {
                world
                    .topic_messages(desk.group, t.id)
                    .iter()
                    .any(|m| m.text == "Hello")
            })
        })
        .await;
        let topic = world.topics(desk.group)[0].id;
        let (gets, edits) = (
            calls(&desk.sim, desk.bot, "messages.getMessages"),
            calls(&desk.sim, desk.bot, "messages.editMessage"),
        );
        // An edit update that leaves the text as it was (as a reaction's or a pin's does),
        // then a real edit: updates are handled in order, so once the real one shows, the
        // first has been handled too.
        world.user_edits(anna, desk.bot, msg, "Hello");
        world.user_edits(anna, desk.bot, msg, "Hello!");
        desk.wait("the real edit reaches the copy", async || {
            world
                .topic_messages(desk.group, topic)
                .iter()
                .any(|m| m.text == "Hello!")
        })
        .await;
        assert_eq!(
            (
                calls(&desk.sim, desk.bot, "messages.getMessages") - gets,
                calls(&desk.sim, desk.bot, "messages.editMessage") - edits
            ),
            (1, 1),
            "one lookup and one edit, for the real edit only"
        );
        desk.stop().await;
    }
}
