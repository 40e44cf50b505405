//! Plain requests: invoking, texts and buttons, edits, deletions, callback answers.

use grammers_mtsender::InvocationError;
use grammers_tl_types as tl;

use crate::gateway::GatewayError;
use crate::logic::broadcast::Button;

use super::classify::classify;
use super::{Core, GrammersGateway};

/// Inline buttons as Telegram's reply markup; `None` without buttons.
pub(super) fn inline_markup(buttons: &[Vec<Button>]) -> Option<tl::enums::ReplyMarkup> {
    let rows: Vec<tl::enums::KeyboardInlineButtonRow> = buttons
        .iter()
        .filter(|row| !row.is_empty())
        .map(|row| {
            tl::types::KeyboardInlineButtonRow {
                buttons: row
                    .iter()
                    .map(|b| {
                        tl::types::KeyboardInlineButton {
                            style: None,
                            text: b.text.clone(),
                            r#type: tl::types::InlineButtonTypeCallback {
                                requires_password: false,
                                data: b.data.as_bytes().to_vec(),
                            }
                            .into(),
                        }
                        .into()
                    })
                    .collect(),
            }
            .into()
        })
        .collect();
    (!rows.is_empty()).then(|| {
        tl::types::ReplyInlineMarkup {
            force_reply: false,
            rows,
        }
        .into()
    })
}

/// Where a message goes inside a forum: a reply to `reply_to` within `topic`, or (without one) a
/// message in the topic, which Telegram expresses as a reply to the topic's root.
pub(super) fn input_reply_to(
    topic: Option<i32>,
    reply_to: Option<i64>,
) -> Option<tl::enums::InputReplyTo> {
    let reply_to_msg_id = reply_to.and_then(|r| i32::try_from(r).ok()).or(topic)?;
    Some(tl::enums::InputReplyTo::Message(
        tl::types::InputReplyToMessage {
            reply_to_msg_id,
            top_msg_id: topic,
            reply_to_peer_id: None,
            quote_text: None,
            quote_entities: None,
            quote_offset: None,
            monoforum_peer_id: None,
            todo_item_id: None,
            poll_option: None,
        },
    ))
}

pub(super) fn random_id() -> i64 {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    i64::from_le_bytes(bytes)
}

impl Core {
    pub(super) async fn invoke<R: tl::RemoteCall>(
        &self,
        request: &R,
    ) -> Result<R::Return, GatewayError> {
        self.client.invoke(request).await.map_err(|e| classify(&e))
    }

    /// Sends a request that creates one message and returns its id, remembering it as the
    /// session's own when it went to a private chat.
    pub(super) async fn send_request<R>(
        &self,
        chat_id: i64,
        request: &R,
        random_id: i64,
    ) -> Result<i64, GatewayError>
    where
        R: tl::RemoteCall<Return = tl::enums::Updates>,
    {
        let ids = self
            .own
            .track(chat_id, async {
                let updates = self.invoke(request).await?;
                Self::new_message_id(&updates, random_id)
                    .map(|id| vec![id])
                    .ok_or_else(|| GatewayError::Other("no message id in the answer".into()))
            })
            .await?;
        ids.into_iter()
            .next()
            .ok_or_else(|| GatewayError::Other("no message id in the answer".into()))
    }

    /// The id of the message a request created, from its `Updates` answer.
    pub(super) fn new_message_id(updates: &tl::enums::Updates, random_id: i64) -> Option<i64> {
        let list: &[tl::enums::Update] = match updates {
            tl::enums::Updates::Updates(u) => &u.updates,
            tl::enums::Updates::Combined(u) => &u.updates,
            tl::enums::Updates::UpdateShortSentMessage(m) => return Some(i64::from(m.id)),
            _ => return None,
        };
        list.iter().find_map(|u| match u {
            tl::enums::Update::MessageId(m) if m.random_id == random_id => Some(i64::from(m.id)),
            _ => None,
        })
    }
}

impl GrammersGateway {
    pub(super) async fn delete_messages(
        &self,
        chat_id: i64,
        msg_ids: &[i64],
    ) -> Result<(), GatewayError> {
        let id: Vec<i32> = msg_ids
            .iter()
            .filter_map(|m| i32::try_from(*m).ok())
            .collect();
        if chat_id < 0 {
            self.invoke(&tl::functions::channels::DeleteMessages {
                channel: self.input_channel(chat_id).await?,
                id,
            })
            .await?;
        } else {
            self.invoke(&tl::functions::messages::DeleteMessages { revoke: true, id })
                .await?;
        }
        Ok(())
    }

    pub(super) async fn send_html(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
    ) -> Result<i64, GatewayError> {
        let (message, entities) = grammers_client::parsers::parse_html_message(html);
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let reply = input_reply_to(topic, reply_to);
        let random_id = random_id();
        let request = tl::functions::messages::SendMessage {
            no_webpage: true,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: self.input_peer(chat_id).await?,
            reply_to: reply,
            message,
            random_id,
            reply_markup: None,
            entities: (!entities.is_empty()).then_some(entities),
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        };
        self.send_request(chat_id, &request, random_id).await
    }

    pub(super) async fn send_buttons(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<i64, GatewayError> {
        let markup = if self.me.is_bot {
            inline_markup(buttons)
        } else {
            None // accounts cannot send inline keyboards; the text says what to type instead
        };
        let (message, entities) = grammers_client::parsers::parse_html_message(html);
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let random_id = random_id();
        let request = tl::functions::messages::SendMessage {
            no_webpage: true,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: self.input_peer(chat_id).await?,
            reply_to: input_reply_to(topic, reply_to),
            message,
            random_id,
            reply_markup: markup,
            entities: (!entities.is_empty()).then_some(entities),
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        };
        self.send_request(chat_id, &request, random_id).await
    }

    pub(super) async fn edit_html(
        &self,
        chat_id: i64,
        msg_id: i64,
        html: &str,
        buttons: &[Vec<Button>],
    ) -> Result<(), GatewayError> {
        let (message, entities) = grammers_client::parsers::parse_html_message(html);
        let request = tl::functions::messages::EditMessage {
            no_webpage: true,
            invert_media: false,
            peer: self.input_peer(chat_id).await?,
            id: i32::try_from(msg_id).map_err(|_| GatewayError::NotFound)?,
            message: Some(message),
            media: None,
            // Without markup Telegram removes the buttons, which is what a finished card wants.
            reply_markup: if self.me.is_bot {
                inline_markup(buttons)
            } else {
                None
            },
            entities: (!entities.is_empty()).then_some(entities),
            schedule_date: None,
            schedule_repeat_period: None,
            quick_reply_shortcut_id: None,
            rich_message: None,
        };
        match self.client.invoke(&request).await {
            Ok(_) => Ok(()),
            Err(InvocationError::Rpc(rpc)) if rpc.name == "MESSAGE_NOT_MODIFIED" => Ok(()),
            Err(err) => Err(classify(&err)),
        }
    }

    pub(super) async fn answer_callback(
        &self,
        query_id: i64,
        text: Option<&str>,
    ) -> Result<(), GatewayError> {
        self.invoke(&tl::functions::messages::SetBotCallbackAnswer {
            alert: false,
            query_id,
            message: text.map(str::to_owned),
            url: None,
            cache_time: 0,
        })
        .await
        .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_placed_in_topics_and_replies_kept_inside_them() {
        let Some(tl::enums::InputReplyTo::Message(in_topic)) = input_reply_to(Some(900), None)
        else {
            panic!()
        };
        assert_eq!(
            (in_topic.reply_to_msg_id, in_topic.top_msg_id),
            (900, Some(900)),
            "a message in topic 900"
        );
        let Some(tl::enums::InputReplyTo::Message(reply)) = input_reply_to(Some(900), Some(950))
        else {
            panic!()
        };
        assert_eq!(
            (reply.reply_to_msg_id, reply.top_msg_id),
            (950, Some(900)),
            "a reply inside topic 900"
        );
        assert!(
            input_reply_to(None, None).is_none(),
            "a plain message in a chat"
        );
    }
}
