//! Starting the setup bot: Telegram briefly unreachable is waited out; a refused token ends the run.

use std::sync::Arc;

use switchboard_config_bot::Options;
use telegram_sim::{BotApi, World};
use teloxide::Bot;

#[tokio::test]
async fn telegram_unreachable_at_start_is_retried_until_it_answers() {
    let db = storage::testing::sqlite().await;
    let world = World::new();
    let api = BotApi::start(&world, "desk_setup_bot", "Desk")
        .await
        .unwrap();
    api.fail_next_requests(2); // getMe fails twice: retried after 1 s, then 2 s
    let bot = Bot::new(&api.token).set_api_url(url::Url::parse(&api.url).unwrap());
    let storage = (*db).clone();
    let run = tokio::spawn(switchboard_config_bot::run(
        bot,
        storage,
        Arc::new(world.authenticator()),
        Options::default(),
        std::future::pending(),
    ));
    let admin = world.add_user("Maria", None, None, Some("en"));
    api.user_sends(admin, "/start");
    api.wait_for(admin, "the answer to /start", |m| {
        m.text
            .contains(&i18n::Lang::En.text("setup-connections-empty"))
    })
    .await;
    assert!(!run.is_finished(), "still running");
    run.abort();
}

#[tokio::test]
async fn a_refused_token_ends_the_run_with_the_error() {
    let db = storage::testing::sqlite().await;
    let world = World::new();
    let api = BotApi::start(&world, "desk_setup_bot", "Desk")
        .await
        .unwrap();
    let wrong = Bot::new("1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .set_api_url(url::Url::parse(&api.url).unwrap());
    // A run that retried would never end: the bound only catches that.
    let result = tokio::time::timeout(
        storage::testing::PATIENCE,
        switchboard_config_bot::run(
            wrong,
            (*db).clone(),
            Arc::new(world.authenticator()),
            Options::default(),
            std::future::pending(),
        ),
    )
    .await
    .expect("ends at once, without retrying");
    assert!(
        matches!(
            result,
            Err(teloxide::RequestError::Api(
                teloxide::ApiError::InvalidToken
            ))
        ),
        "{result:?}"
    );
}

#[tokio::test]
async fn a_stop_while_waiting_for_telegram_ends_the_run() {
    let db = storage::testing::sqlite().await;
    let world = World::new();
    let api = BotApi::start(&world, "desk_setup_bot", "Desk")
        .await
        .unwrap();
    api.fail_next_requests(1_000);
    let bot = Bot::new(&api.token).set_api_url(url::Url::parse(&api.url).unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let run = tokio::spawn(switchboard_config_bot::run(
        bot,
        (*db).clone(),
        Arc::new(world.authenticator()),
        Options::default(),
        async move {
            let _ = stopped.await;
        },
    ));
    storage::testing::eventually("getMe has failed once", async || {
        api.failures_left() < 1_000
    })
    .await;
    stop.send(()).unwrap();
    // Telegram stays unreachable for the next 999 requests: only a stop ends this run.
    let result = tokio::time::timeout(storage::testing::PATIENCE, run)
        .await
        .expect("stops without waiting for Telegram")
        .unwrap();
    assert!(result.is_ok(), "{result:?}");
}
