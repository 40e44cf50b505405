//! Copies of messages between chats: forwards without the author, and replies sent anew.

use grammers_tl_types as tl;

use crate::gateway::GatewayError;

use super::requests::input_reply_to;
use super::{Core, GrammersGateway};

impl Core {
    /// `messages.forwardMessages` with `drop_author`: copies (one message, or an album in one
    /// request so it stays an album), in a topic when given. New ids, in order. Never a reply:
    /// forwardMessages' `reply_to` takes only `inputReplyToMonoForum` and excludes `top_msg_id`
    /// (core.telegram.org/method/messages.forwardMessages); replies go through
    /// [`Self::send_copy_as_reply`].
    pub(super) async fn forward(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let id: Vec<i32> = msg_ids
            .iter()
            .map(|m| i32::try_from(*m).map_err(|_| GatewayError::NotFound))
            .collect::<Result<_, _>>()?;
        // Derived from `dedup`, so a retried copy carries the same random ids and Telegram refuses
        // it as a duplicate (RANDOM_ID_DUPLICATE) instead of sending it twice.
        let random_ids: Vec<i64> = (0..id.len() as i64)
            .map(|n| dedup.wrapping_add(n))
            .collect();
        let request = tl::functions::messages::ForwardMessages {
            silent: false,
            background: false,
            with_my_score: false,
            drop_author: true,
            drop_media_captions: false,
            noforwards: false,
            allow_paid_floodskip: false,
            from_ephemeral: false,
            from_peer: self.input_peer(from_chat).await?,
            id,
            random_id: random_ids.clone(),
            to_peer: self.input_peer(to_chat).await?,
            top_msg_id: topic,
            reply_to: None,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            video_timestamp: None,
            allow_paid_stars: None,
            suggested_post: None,
        };
        self.own
            .track(to_chat, async {
                let updates = self.invoke(&request).await?;
                random_ids
                    .iter()
                    .map(|r| {
                        Self::new_message_id(&updates, *r).ok_or_else(|| {
                            GatewayError::Other("no message id in the answer".into())
                        })
                    })
                    .collect()
            })
            .await
    }

    /// The message `msg_id` of `from_chat` as Telegram stores it.
    pub(super) async fn source_message(
        &self,
        from_chat: i64,
        msg_id: i64,
    ) -> Result<tl::types::Message, GatewayError> {
        let id = vec![tl::enums::InputMessage::Id(tl::types::InputMessageId {
            id: i32::try_from(msg_id).map_err(|_| GatewayError::NotFound)?,
        })];
        let answer = if from_chat < 0 {
            self.invoke(&tl::functions::channels::GetMessages {
                channel: self.input_channel(from_chat).await?,
                id,
            })
            .await?
        } else {
            self.invoke(&tl::functions::messages::GetMessages { id })
                .await?
        };
        let messages = match answer {
            tl::enums::messages::Messages::Messages(m) => m.messages,
            tl::enums::messages::Messages::Slice(m) => m.messages,
            tl::enums::messages::Messages::ChannelMessages(m) => m.messages,
            tl::enums::messages::Messages::NotModified(_) => Vec::new(),
        };
        match messages.into_iter().next() {
            Some(tl::enums::Message::Message(source)) => Ok(source),
            _ => Err(GatewayError::NotFound),
        }
    }

    /// A copy that replies to `reply_to`: a forward cannot be a reply, so a text is sent anew
    /// (text and entities kept) as a reply inside the topic. `None` for media, which is still
    /// forwarded without the reply link (issue 13: sendMedia with the source's media is the
    /// rest of that fix).
    pub(super) async fn send_copy_as_reply(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: i64,
        dedup: i64,
    ) -> Result<Option<i64>, GatewayError> {
        let source = self.source_message(from_chat, msg_id).await?;
        if source.media.is_some() || source.message.is_empty() {
            return Ok(None);
        }
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let request = tl::functions::messages::SendMessage {
            no_webpage: false,
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: source.invert_media,
            allow_paid_floodskip: false,
            peer: self.input_peer(to_chat).await?,
            reply_to: input_reply_to(topic, Some(reply_to)),
            message: source.message,
            // The same random id on every attempt, as for forwards: a retry is refused as a
            // duplicate instead of sent twice.
            random_id: dedup,
            reply_markup: None,
            entities: source.entities,
            schedule_date: None,
            schedule_repeat_period: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
            suggested_post: None,
            rich_message: None,
        };
        self.send_request(to_chat, &request, dedup).await.map(Some)
    }
}

impl GrammersGateway {
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn copy_message(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        note: Option<&str>,
        dedup: i64,
    ) -> Result<i64, GatewayError> {
        if let Some(note) = note {
            self.send_html(to_chat, topic_id, None, note).await?;
        }
        if let Some(reply_to) = reply_to
            && let Some(id) = self
                .send_copy_as_reply(from_chat, msg_id, to_chat, topic_id, reply_to, dedup)
                .await?
        {
            return Ok(id);
        }
        let ids = self
            .forward(from_chat, &[msg_id], to_chat, topic_id, dedup)
            .await?;
        ids.into_iter()
            .next()
            .ok_or_else(|| GatewayError::Other("no message id in the answer".into()))
    }

    pub(super) async fn copy_album(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        dedup: i64,
    ) -> Result<Vec<i64>, GatewayError> {
        // An album stays an album only as a forward, which cannot reply (see `forward`).
        let _ = reply_to;
        self.forward(from_chat, msg_ids, to_chat, topic_id, dedup)
            .await
    }

    pub(super) async fn update_copy(
        &self,
        from_chat: i64,
        msg_id: i64,
        to_chat: i64,
        copy_id: i64,
    ) -> Result<(), GatewayError> {
        let source = self.source_message(from_chat, msg_id).await?;
        // Text and caption edits (what people fix); a replaced photo stays as first sent.
        let request = tl::functions::messages::EditMessage {
            no_webpage: false,
            invert_media: false,
            peer: self.input_peer(to_chat).await?,
            id: i32::try_from(copy_id).map_err(|_| GatewayError::NotFound)?,
            message: Some(source.message),
            media: None,
            reply_markup: None,
            entities: source.entities,
            schedule_date: None,
            schedule_repeat_period: None,
            quick_reply_shortcut_id: None,
            rich_message: None,
        };
        match self.invoke(&request).await {
            Err(GatewayError::NotFound) | Ok(_) => Ok(()),
            Err(err) => Err(err),
        }
    }
}
