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
        self.source_messages(from_chat, &[msg_id])
            .await?
            .into_iter()
            .next()
            .ok_or(GatewayError::NotFound)
    }

    /// The messages `msg_ids` of `from_chat` as Telegram stores them, in one request, in order.
    pub(super) async fn source_messages(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
    ) -> Result<Vec<tl::types::Message>, GatewayError> {
        let id = msg_ids
            .iter()
            .map(|m| {
                Ok(tl::enums::InputMessage::Id(tl::types::InputMessageId {
                    id: i32::try_from(*m).map_err(|_| GatewayError::NotFound)?,
                }))
            })
            .collect::<Result<Vec<_>, GatewayError>>()?;
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
        let found: Vec<tl::types::Message> = messages
            .into_iter()
            .filter_map(|m| match m {
                tl::enums::Message::Message(m) => Some(m),
                _ => None,
            })
            .collect();
        if found.len() == msg_ids.len() {
            Ok(found)
        } else {
            Err(GatewayError::NotFound)
        }
    }

    /// A copy that replies to `reply_to`: a forward cannot be a reply, so it is sent anew as a
    /// reply inside the topic — a text with its entities by `messages.sendMessage`, a photo or
    /// document by `messages.sendMedia` naming the source's own file (its id, access hash and
    /// file reference), caption and entities kept. `None` for what cannot be sent anew (a
    /// poll, a location, …), which is forwarded without the reply link.
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
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let peer = self.input_peer(to_chat).await?;
        let reply = input_reply_to(topic, Some(reply_to));
        match resend_as(source.media.as_ref()) {
            Resend::Text if !source.message.is_empty() => {
                let request = tl::functions::messages::SendMessage {
                    no_webpage: false,
                    silent: false,
                    background: false,
                    clear_draft: false,
                    noforwards: false,
                    update_stickersets_order: false,
                    invert_media: source.invert_media,
                    allow_paid_floodskip: false,
                    peer,
                    reply_to: reply,
                    message: source.message,
                    // The same random id on every attempt, as for forwards: a retry is
                    // refused as a duplicate instead of sent twice.
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
            Resend::Media(media) => {
                let request = tl::functions::messages::SendMedia {
                    silent: false,
                    background: false,
                    clear_draft: false,
                    noforwards: false,
                    update_stickersets_order: false,
                    invert_media: source.invert_media,
                    allow_paid_floodskip: false,
                    peer,
                    reply_to: reply,
                    media: *media,
                    message: source.message,
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
                };
                self.send_request(to_chat, &request, dedup).await.map(Some)
            }
            Resend::Text | Resend::No => Ok(None),
        }
    }

    /// An album that replies to `reply_to`, sent anew by `messages.sendMultiMedia` (its parts'
    /// own files, captions and entities, one random id each), so it stays an album and is a
    /// reply. `None` when a part cannot be sent anew: then it is forwarded without the link.
    pub(super) async fn send_album_as_reply(
        &self,
        from_chat: i64,
        msg_ids: &[i64],
        to_chat: i64,
        topic_id: Option<i64>,
        reply_to: i64,
        dedup: i64,
    ) -> Result<Option<Vec<i64>>, GatewayError> {
        let sources = self.source_messages(from_chat, msg_ids).await?;
        let mut multi_media = Vec::new();
        let mut random_ids = Vec::new();
        for (n, source) in sources.into_iter().enumerate() {
            let Resend::Media(media) = resend_as(source.media.as_ref()) else {
                return Ok(None);
            };
            let random_id = dedup.wrapping_add(n as i64);
            random_ids.push(random_id);
            multi_media.push(
                tl::types::InputSingleMedia {
                    media: *media,
                    random_id,
                    message: source.message,
                    entities: source.entities,
                }
                .into(),
            );
        }
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let request = tl::functions::messages::SendMultiMedia {
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: self.input_peer(to_chat).await?,
            reply_to: input_reply_to(topic, Some(reply_to)),
            multi_media,
            schedule_date: None,
            send_as: None,
            quick_reply_shortcut: None,
            effect: None,
            allow_paid_stars: None,
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
                    .collect::<Result<Vec<_>, _>>()
            })
            .await
            .map(Some)
    }
}

/// How a message can be sent anew rather than forwarded.
#[derive(Debug, PartialEq)]
enum Resend {
    /// A text (a link preview is made again from the text).
    Text,
    /// Its photo or document, named by id, access hash and file reference (boxed: the
    /// input media type is large, and this is built once per copy).
    Media(Box<tl::enums::InputMedia>),
    /// Not at all (polls, locations, contacts, games, …).
    No,
}

fn resend_as(media: Option<&tl::enums::MessageMedia>) -> Resend {
    use tl::enums::MessageMedia as M;
    match media {
        None | Some(M::Empty | M::WebPage(_)) => Resend::Text,
        Some(M::Photo(p)) => match &p.photo {
            Some(tl::enums::Photo::Photo(photo)) => Resend::Media(Box::new(
                tl::types::InputMediaPhoto {
                    spoiler: p.spoiler,
                    live_photo: false,
                    id: tl::types::InputPhoto {
                        id: photo.id,
                        access_hash: photo.access_hash,
                        file_reference: photo.file_reference.clone(),
                    }
                    .into(),
                    ttl_seconds: None,
                    video: None,
                }
                .into(),
            )),
            _ => Resend::No,
        },
        Some(M::Document(d)) => match &d.document {
            Some(tl::enums::Document::Document(doc)) => Resend::Media(Box::new(
                tl::types::InputMediaDocument {
                    spoiler: d.spoiler,
                    id: tl::types::InputDocument {
                        id: doc.id,
                        access_hash: doc.access_hash,
                        file_reference: doc.file_reference.clone(),
                    }
                    .into(),
                    video_cover: None,
                    video_timestamp: None,
                    ttl_seconds: None,
                    query: None,
                }
                .into(),
            )),
            _ => Resend::No,
        },
        Some(_) => Resend::No,
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
        if let Some(reply_to) = reply_to
            && let Some(ids) = self
                .send_album_as_reply(from_chat, msg_ids, to_chat, topic_id, reply_to, dedup)
                .await?
        {
            return Ok(ids);
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_photos_and_documents_are_sent_anew_other_media_forwarded() {
        assert_eq!(resend_as(None), Resend::Text);
        assert_eq!(
            resend_as(Some(
                &tl::types::MessageMediaWebPage {
                    force_large_media: false,
                    force_small_media: false,
                    manual: false,
                    safe: false,
                    webpage: tl::types::WebPageEmpty { id: 1, url: None }.into(),
                }
                .into()
            )),
            Resend::Text,
            "a link preview is made again from the text"
        );
        let photo = tl::types::Photo {
            has_stickers: false,
            id: 7,
            access_hash: 8,
            file_reference: vec![9],
            date: 0,
            sizes: Vec::new(),
            video_sizes: None,
            dc_id: 2,
        };
        let Resend::Media(media) = resend_as(Some(
            &tl::types::MessageMediaPhoto {
                spoiler: true,
                live_photo: false,
                photo: Some(photo.into()),
                ttl_seconds: None,
                video: None,
            }
            .into(),
        )) else {
            panic!("a photo is sent anew by id");
        };
        let tl::enums::InputMedia::Photo(media) = *media else {
            panic!("as a photo");
        };
        assert_eq!(
            media.id,
            tl::types::InputPhoto {
                id: 7,
                access_hash: 8,
                file_reference: vec![9],
            }
            .into()
        );
        assert!(media.spoiler, "a spoiler stays a spoiler");
        assert_eq!(
            resend_as(Some(&tl::enums::MessageMedia::Unsupported)),
            Resend::No
        );
    }
}
