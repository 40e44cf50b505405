//! The real teloxide client and dispatcher against the simulated Bot API.

use switchboard_telegram_sim::{BotApi, World};
use teloxide::prelude::*;
use teloxide::types::{BotCommand, InlineKeyboardButton, InlineKeyboardMarkup, InputFile};

async fn bot_for(api: &BotApi) -> Bot {
    Bot::new(&api.token).set_api_url(url::Url::parse(&api.url).unwrap())
}

#[tokio::test]
async fn teloxide_polls_answers_and_edits_through_the_simulation() {
    let world = World::new();
    let api = BotApi::start(&world, "setup_bot", "Setup").await.unwrap();
    let bot = bot_for(&api).await;
    let me = bot.get_me().await.unwrap();
    assert_eq!(me.username.as_deref(), Some("setup_bot"));

    // A dispatcher, as the setup bot runs one: echo with a button, then react to the press.
    let handler = dptree::entry()
        .branch(
            Update::filter_message().endpoint(|bot: Bot, msg: Message| async move {
                let keyboard =
                    InlineKeyboardMarkup::new([[InlineKeyboardButton::callback("Yes", "yes")]]);
                bot.send_message(
                    msg.chat.id,
                    format!("echo: {}", msg.text().unwrap_or_default()),
                )
                .reply_markup(keyboard)
                .await?;
                bot.delete_message(msg.chat.id, msg.id).await?;
                respond(())
            }),
        )
        .branch(Update::filter_callback_query().endpoint(
            |bot: Bot, q: CallbackQuery| async move {
                bot.answer_callback_query(q.id.clone())
                    .text("noted")
                    .await?;
                if let Some(message) = q.regular_message() {
                    bot.edit_message_text(
                        message.chat.id,
                        message.id,
                        format!("pressed {}", q.data.unwrap_or_default()),
                    )
                    .await?;
                }
                respond(())
            },
        ));
    let mut dispatcher = Dispatcher::builder(bot.clone(), handler).build();
    let shutdown = dispatcher.shutdown_token();
    let running = tokio::spawn(async move { dispatcher.dispatch().await });

    let anna = world.add_user("Anna", None, Some("anna"), Some("it"));
    let typed = api.user_sends(anna, "hello");
    let echo = api
        .wait_for(anna, "the echo", |m| m.text == "echo: hello")
        .await;
    assert_eq!(echo.buttons(), vec![vec!["Yes".to_owned()]]);
    let deadline = tokio::time::Instant::now() + storage::testing::PATIENCE;
    while !api.is_deleted(anna, typed) && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(
        api.is_deleted(anna, typed),
        "the bot deleted the user's message"
    );

    api.user_presses(anna, echo.message_id, &echo.callback_data("Yes").unwrap());
    let edited = api
        .wait_for(anna, "the edit", |m| m.text == "pressed yes")
        .await;
    assert_eq!(
        (edited.message_id, edited.edits),
        (echo.message_id, 1),
        "the same message, edited"
    );
    assert_eq!(
        api.callback_answers()
            .last()
            .and_then(|(_, t)| t.clone())
            .as_deref(),
        Some("noted")
    );

    // A photo (multipart upload) and a command menu per language.
    bot.send_photo(
        ChatId(anna),
        InputFile::memory(vec![0x89, b'P', b'N', b'G']),
    )
    .caption("scan me")
    .await
    .unwrap();
    let photo = api.last_to(anna).unwrap();
    assert!(photo.photo && photo.text == "scan me");
    bot.set_my_commands([BotCommand::new("start", "Avvia")])
        .language_code("it")
        .await
        .unwrap();
    assert_eq!(
        api.commands("it"),
        vec![("start".to_owned(), "Avvia".to_owned())]
    );

    shutdown.shutdown().unwrap().await;
    running.await.unwrap();
}

#[tokio::test]
async fn a_wrong_token_is_refused() {
    let world = World::new();
    let api = BotApi::start(&world, "setup_bot", "Setup").await.unwrap();
    let bot = Bot::new("1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
        .set_api_url(url::Url::parse(&api.url).unwrap());
    assert!(bot.get_me().await.is_err());
}
