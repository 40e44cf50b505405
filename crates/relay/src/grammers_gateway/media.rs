//! Files: documents and pictures sent, media downloaded.

use grammers_tl_types as tl;

use crate::gateway::GatewayError;

use super::GrammersGateway;
use super::classify::classify;
use super::requests::{input_reply_to, random_id};

impl GrammersGateway {
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn send_document(
        &self,
        chat_id: i64,
        topic_id: Option<i64>,
        reply_to: Option<i64>,
        file_name: &str,
        bytes: &[u8],
        caption_html: &str,
    ) -> Result<i64, GatewayError> {
        let mut stream = std::io::Cursor::new(bytes);
        let uploaded = self
            .client
            .upload_stream(&mut stream, bytes.len(), file_name.to_owned())
            .await
            .map_err(|e| upload_error(&e))?;
        let media: tl::enums::InputMedia = if file_name.ends_with(".png") {
            // A picture (the /stats dashboard) goes as a photo, shown inline.
            tl::types::InputMediaUploadedPhoto {
                spoiler: false,
                live_photo: false,
                file: uploaded.raw,
                stickers: None,
                ttl_seconds: None,
                video: None,
            }
            .into()
        } else {
            let mime = if file_name.ends_with(".json") {
                "application/json"
            } else {
                "text/csv"
            };
            tl::types::InputMediaUploadedDocument {
                nosound_video: false,
                force_file: true,
                spoiler: false,
                file: uploaded.raw,
                thumb: None,
                mime_type: mime.to_owned(),
                attributes: vec![
                    tl::types::DocumentAttributeFilename {
                        file_name: file_name.to_owned(),
                    }
                    .into(),
                ],
                stickers: None,
                video_cover: None,
                video_timestamp: None,
                ttl_seconds: None,
            }
            .into()
        };
        let (message, entities) = grammers_client::parsers::parse_html_message(caption_html);
        let topic = topic_id.and_then(|t| i32::try_from(t).ok());
        let random_id = random_id();
        let request = tl::functions::messages::SendMedia {
            silent: false,
            background: false,
            clear_draft: false,
            noforwards: false,
            update_stickersets_order: false,
            invert_media: false,
            allow_paid_floodskip: false,
            peer: self.input_peer(chat_id).await?,
            reply_to: input_reply_to(topic, reply_to),
            media,
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
        };
        self.send_request(chat_id, &request, random_id).await
    }

    pub(super) async fn download(
        &self,
        chat_id: i64,
        msg_id: i64,
        max_bytes: usize,
    ) -> Result<Vec<u8>, GatewayError> {
        let peer = self.peer(chat_id).await?;
        let id = i32::try_from(msg_id).map_err(|_| GatewayError::NotFound)?;
        let message = self
            .client
            .get_messages_by_id(peer, &[id])
            .await
            .map_err(|e| classify(&e))?
            .into_iter()
            .next()
            .flatten()
            .ok_or(GatewayError::NotFound)?;
        let Some(media) = message.media() else {
            return Ok(message.text().as_bytes().to_vec());
        };
        let mut chunks = self.client.iter_download(&media);
        let mut bytes = Vec::new();
        while let Some(chunk) = chunks.next().await.map_err(|e| classify(&e))? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max_bytes {
                return Err(GatewayError::TooLarge);
            }
        }
        Ok(bytes)
    }
}

/// grammers wraps a refused part (`InvocationError`) in an `io::Error`: classified as any
/// refusal (FILE_PARTS_INVALID is not worth retrying); anything else is the connection.
fn upload_error(e: &std::io::Error) -> GatewayError {
    match e
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<grammers_client::InvocationError>())
    {
        Some(refused) => classify(refused),
        None if e.kind() == std::io::ErrorKind::Other => GatewayError::Network,
        None => GatewayError::Other(e.to_string()),
    }
}
