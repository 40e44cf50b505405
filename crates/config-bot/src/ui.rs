//! Showing a [`Screen`] on Telegram: as a new message, or in place of the message whose button
//! was pressed.

use teloxide::RequestError;
use teloxide::payloads::{EditMessageTextSetters as _, SendMessageSetters as _};
use teloxide::prelude::*;
use teloxide::types::{
    ButtonRequest, InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, KeyboardMarkup,
    KeyboardRemove, MessageId, ParseMode, ReplyMarkup,
};

use crate::screen::{Action, Keyboard, Screen};

/// The inline keyboard of a screen, if it has one.
pub fn inline_markup(keyboard: &Keyboard) -> Option<InlineKeyboardMarkup> {
    let Keyboard::Inline(rows) = keyboard else {
        return None;
    };
    let rows = rows.iter().map(|row| {
        row.iter()
            .filter_map(|button| match &button.action {
                Action::Press(callback) => Some(InlineKeyboardButton::callback(
                    button.label.clone(),
                    callback.encode(),
                )),
                // A link that does not parse is left out rather than failing the whole screen.
                Action::Url(url) => url::Url::parse(url)
                    .ok()
                    .map(|url| InlineKeyboardButton::url(button.label.clone(), url)),
            })
            .collect::<Vec<_>>()
    });
    Some(InlineKeyboardMarkup::new(rows))
}

fn reply_markup(keyboard: &Keyboard) -> Option<ReplyMarkup> {
    match keyboard {
        Keyboard::None => None,
        Keyboard::Inline(_) => inline_markup(keyboard).map(ReplyMarkup::InlineKeyboard),
        Keyboard::SharePhone { share, cancel } => Some(ReplyMarkup::Keyboard(
            KeyboardMarkup::new([
                vec![KeyboardButton::new(share.clone()).request(ButtonRequest::Contact)],
                vec![KeyboardButton::new(cancel.clone())],
            ])
            .resize_keyboard()
            .one_time_keyboard(),
        )),
        Keyboard::Remove => Some(ReplyMarkup::KeyboardRemove(KeyboardRemove::new())),
    }
}

/// Sends `screen` as a new message.
pub async fn send(bot: &Bot, chat: ChatId, screen: &Screen) -> Result<Message, RequestError> {
    let mut request = bot
        .send_message(chat, screen.html.clone())
        .parse_mode(ParseMode::Html)
        .link_preview_options(no_preview());
    if let Some(markup) = reply_markup(&screen.keyboard) {
        request = request.reply_markup(markup);
    }
    request.await
}

fn no_preview() -> teloxide::types::LinkPreviewOptions {
    teloxide::types::LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// Shows `screen` in place of message `id` (the one whose button was pressed). A message that
/// cannot become this screen (a photo, a reply keyboard, a message too old to edit) is replaced
/// by a new one. Returns the id of the message now showing the screen.
pub async fn replace(
    bot: &Bot,
    chat: ChatId,
    id: Option<MessageId>,
    screen: &Screen,
) -> Result<MessageId, RequestError> {
    let editable = matches!(screen.keyboard, Keyboard::Inline(_) | Keyboard::None);
    if let (Some(id), true) = (id, editable) {
        let mut request = bot
            .edit_message_text(chat, id, screen.html.clone())
            .parse_mode(ParseMode::Html)
            .link_preview_options(no_preview());
        if let Some(markup) = inline_markup(&screen.keyboard) {
            request = request.reply_markup(markup);
        }
        match request.await {
            Ok(_) => return Ok(id),
            // Pressing a button that shows the same screen again changes nothing: fine.
            Err(RequestError::Api(teloxide::ApiError::MessageNotModified)) => return Ok(id),
            Err(RequestError::Api(_)) => {
                let _ = bot.delete_message(chat, id).await;
            }
            Err(other) => return Err(other),
        }
    }
    send(bot, chat, screen).await.map(|m| m.id)
}
