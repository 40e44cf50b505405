//! Files: upload.saveFilePart / upload.saveBigFilePart, messages.sendMedia with a file uploaded
//! that way (reports, exports, the /stats picture), and documents in messages served back by
//! upload.getFile (a list of ids an operator posts). The rules are those of
//! <https://core.telegram.org/api/files>: parts of at most 512 KiB, each but the last a
//! multiple of 1 KiB that divides 512 KiB, at most 4,000 parts, numbered from 0; the file's
//! `parts` must name exactly the parts saved.

use std::collections::BTreeMap;

use grammers_tl_types as tl;
use relay::gateway::Gateway as _;

use super::fail;
use super::messages::{created, html, in_forum, placement};
use super::peers::input_peer;
use crate::rpc::{Ctx, RpcFail};
use crate::state::Inner;

const MAX_PART: usize = 512 * 1024;
const MAX_PARTS: i32 = 4_000;

/// The parts of one file being uploaded by one session.
#[derive(Default)]
pub(crate) struct Upload {
    parts: BTreeMap<i32, Vec<u8>>,
    /// What saveBigFilePart said the total is.
    total: Option<i32>,
}

fn save(
    ctx: &Ctx,
    file_id: i64,
    part: i32,
    total: Option<i32>,
    bytes: Vec<u8>,
) -> Result<bool, RpcFail> {
    if !(0..MAX_PARTS).contains(&part) || total.is_some_and(|t| part >= t) {
        return Err(RpcFail::bad("FILE_PART_INVALID"));
    }
    if bytes.is_empty() {
        return Err(RpcFail::bad("FILE_PART_EMPTY"));
    }
    if bytes.len() > MAX_PART {
        return Err(RpcFail::bad("FILE_PART_TOO_BIG"));
    }
    if total.is_some_and(|t| !(1..=MAX_PARTS).contains(&t)) {
        return Err(RpcFail::bad("FILE_PARTS_INVALID"));
    }
    let mut state = ctx.inner.lock();
    let upload = state.uploads.entry((ctx.me, file_id)).or_default();
    if total.is_some() {
        upload.total = total;
    }
    upload.parts.insert(part, bytes);
    Ok(true)
}

/// <https://core.telegram.org/method/upload.saveFilePart>
pub(crate) async fn save_file_part(
    ctx: &Ctx,
    request: tl::functions::upload::SaveFilePart,
) -> Result<bool, RpcFail> {
    save(ctx, request.file_id, request.file_part, None, request.bytes)
}

/// <https://core.telegram.org/method/upload.saveBigFilePart>
pub(crate) async fn save_big_file_part(
    ctx: &Ctx,
    request: tl::functions::upload::SaveBigFilePart,
) -> Result<bool, RpcFail> {
    save(
        ctx,
        request.file_id,
        request.file_part,
        Some(request.file_total_parts),
        request.bytes,
    )
}

/// The whole file an `InputFile` names, taken out of the uploads (a file is used once).
fn take_file(ctx: &Ctx, file: &tl::enums::InputFile) -> Result<(String, Vec<u8>), RpcFail> {
    let (id, parts, name, big) = match file {
        tl::enums::InputFile::File(f) => (f.id, f.parts, f.name.clone(), false),
        tl::enums::InputFile::Big(f) => (f.id, f.parts, f.name.clone(), true),
        tl::enums::InputFile::StoryDocument(_) => return Err(RpcFail::bad("MEDIA_INVALID")),
    };
    let upload = ctx
        .inner
        .lock()
        .uploads
        .remove(&(ctx.me, id))
        .ok_or_else(|| RpcFail::bad("FILE_PARTS_INVALID"))?;
    let complete = parts >= 1
        && upload.parts.len() == parts as usize
        && upload.parts.keys().copied().eq(0..parts)
        && (!big || upload.total == Some(parts));
    if !complete {
        return Err(RpcFail::bad("FILE_PARTS_INVALID"));
    }
    // Every part but the last: the same size, a multiple of 1 KiB dividing 512 KiB.
    let sizes: Vec<usize> = upload.parts.values().map(Vec::len).collect();
    let first = sizes[0];
    let uniform = sizes[..sizes.len() - 1].iter().all(|s| *s == first);
    let allowed = first.is_multiple_of(1024) && MAX_PART.is_multiple_of(first);
    if sizes.len() > 1 && !(uniform && allowed) {
        return Err(RpcFail::bad("FILE_PART_SIZE_INVALID"));
    }
    Ok((name, upload.parts.into_values().flatten().collect()))
}

/// <https://core.telegram.org/method/messages.sendMedia> with `inputMediaUploadedDocument` or
/// `inputMediaUploadedPhoto`: the file goes into the chat as a document (the World keeps its
/// name and bytes), with the caption and its entities; with `inputMediaPhoto` /
/// `inputMediaDocument` naming media Telegram already has, that media is posted again.
pub(crate) async fn send_media(
    ctx: &Ctx,
    request: tl::functions::messages::SendMedia,
) -> Result<tl::enums::Updates, RpcFail> {
    let chat = input_peer(ctx, &request.peer)?;
    if let Some((source, from)) = named_media(ctx, &request.media)? {
        let (topic, reply) = in_forum(ctx, chat, placement(request.reply_to.as_ref())?);
        let caption = html(&request.message, request.entities.as_ref());
        let ids = ctx
            .gateway
            .send_media_anew(
                vec![(source, from, caption)],
                chat,
                topic,
                reply,
                request.random_id,
            )
            .await
            .map_err(fail)?;
        let created_ids: Vec<(i64, i64)> =
            ids.into_iter().map(|id| (id, request.random_id)).collect();
        return Ok(created(ctx, chat, &created_ids));
    }
    let (name, bytes) = match &request.media {
        tl::enums::InputMedia::UploadedDocument(d) => {
            let (uploaded_name, bytes) = take_file(ctx, &d.file)?;
            let name = d
                .attributes
                .iter()
                .find_map(|a| match a {
                    tl::enums::DocumentAttribute::Filename(f) => Some(f.file_name.clone()),
                    _ => None,
                })
                .unwrap_or(uploaded_name);
            (name, bytes)
        }
        tl::enums::InputMedia::UploadedPhoto(p) => take_file(ctx, &p.file)?,
        other => {
            ctx.inner
                .violation(format!("messages.sendMedia with unserved media {other:?}"));
            return Err(RpcFail::bad("MEDIA_INVALID"));
        }
    };
    let (topic, reply) = in_forum(ctx, chat, placement(request.reply_to.as_ref())?);
    ctx.inner
        .world
        .check_duplicate(ctx.me, request.random_id)
        .map_err(fail)?;
    let caption = html(&request.message, request.entities.as_ref());
    let id = ctx
        .gateway
        .send_document(chat, topic, reply, &name, &bytes, &caption)
        .await
        .map_err(fail)?;
    // In the session's update log before the answer, which may be lost on the way back.
    let answer = created(ctx, chat, &[(id, request.random_id)]);
    ctx.inner
        .world
        .sent(ctx.me, request.random_id)
        .await
        .map_err(fail)?;
    Ok(answer)
}

/// A document's id for the message `msg` of `chat` as `viewer` sees it (both sides of a private
/// chat see one document).
fn document_id(inner: &Inner, viewer: i64, chat: i64, msg: i64) -> i64 {
    let place = if chat > 0 {
        viewer.min(chat) ^ viewer.max(chat).rotate_left(21)
    } else {
        chat
    };
    inner.access_hash(place, msg)
}

/// Telegram's file reference is opaque; here it names the document, so a reference from
/// another document is refused as Telegram refuses a stale one.
fn file_reference(id: i64) -> Vec<u8> {
    id.to_le_bytes().to_vec()
}

/// The media of a stored message that holds a document: `messageMediaDocument` with the id,
/// access hash and file reference upload.getFile wants back.
pub(crate) fn document_media(
    inner: &Inner,
    viewer: i64,
    chat: i64,
    m: &telegram_sim::SimMessage,
) -> Option<tl::enums::MessageMedia> {
    let (name, bytes) = m.document.as_ref()?;
    let id = document_id(inner, viewer, chat, m.id);
    inner
        .documents
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id, (viewer, chat, m.id));
    let document = tl::types::Document {
        id,
        access_hash: inner.access_hash(0, id),
        file_reference: file_reference(id),
        date: inner.world.now_unix() as i32,
        mime_type: "application/octet-stream".into(),
        size: bytes.len() as i64,
        thumbs: None,
        video_thumbs: None,
        dc_id: crate::HOME_DC,
        attributes: vec![
            tl::types::DocumentAttributeFilename {
                file_name: name.clone(),
            }
            .into(),
        ],
    };
    Some(
        tl::types::MessageMediaDocument {
            nopremium: false,
            spoiler: false,
            video: false,
            round: false,
            voice: false,
            document: Some(document.into()),
            alt_documents: None,
            video_cover: None,
            video_timestamp: None,
            ttl_seconds: None,
        }
        .into(),
    )
}

/// <https://core.telegram.org/method/upload.getFile>, for documents: without `precise`, the
/// offset a multiple of 4 KiB and the limit a multiple of 4 KiB that divides 1 MiB
/// (<https://core.telegram.org/api/files#downloading-files>); the access hash and file
/// reference must be the document's.
pub(crate) async fn get_file(
    ctx: &Ctx,
    request: tl::functions::upload::GetFile,
) -> Result<tl::enums::upload::File, RpcFail> {
    let tl::enums::InputFileLocation::InputDocumentFileLocation(location) = &request.location
    else {
        ctx.inner.violation(format!(
            "upload.getFile for unserved {:?}",
            request.location
        ));
        return Err(RpcFail::bad("LOCATION_INVALID"));
    };
    let limit = usize::try_from(request.limit).map_err(|_| RpcFail::bad("LIMIT_INVALID"))?;
    let offset = usize::try_from(request.offset).map_err(|_| RpcFail::bad("OFFSET_INVALID"))?;
    if limit == 0
        || limit > 1024 * 1024
        || (!request.precise && !(1024 * 1024usize).is_multiple_of(limit))
    {
        return Err(RpcFail::bad("LIMIT_INVALID"));
    }
    let aligned = offset.is_multiple_of(4096) && limit.is_multiple_of(4096);
    if !(request.precise || aligned) {
        return Err(RpcFail::bad("OFFSET_INVALID"));
    }
    let found = ctx
        .inner
        .documents
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&location.id)
        .copied();
    let Some((viewer, chat, msg)) = found else {
        return Err(RpcFail::bad("FILE_ID_INVALID"));
    };
    if location.access_hash != ctx.inner.access_hash(0, location.id) {
        return Err(RpcFail::bad("FILE_ID_INVALID"));
    }
    if location.file_reference != file_reference(location.id) {
        return Err(RpcFail::bad("FILE_REFERENCE_INVALID"));
    }
    let stored = if chat > 0 {
        ctx.inner.world.private_message(viewer, chat, msg)
    } else {
        ctx.inner.world.group_message(chat, msg)
    };
    // A deleted message's file is gone with it.
    let Some((_, bytes)) = stored.and_then(|m| m.document) else {
        return Err(RpcFail::bad("FILE_REFERENCE_EXPIRED"));
    };
    let start = offset.min(bytes.len());
    let end = (offset + limit).min(bytes.len());
    Ok(tl::types::upload::File {
        r#type: tl::types::storage::FileUnknown {}.into(),
        mtime: ctx.inner.world.now_unix() as i32,
        bytes: bytes[start..end].to_vec(),
    }
    .into())
}

/// The media of a stored message the World keeps only by kind ("photo", "voice", "video", …):
/// `messageMediaPhoto` for a photo, `messageMediaDocument` otherwise, each with the id, access
/// hash and file reference a client sends back to post it again (sendMedia, sendMultiMedia).
pub(crate) fn kind_media(
    inner: &Inner,
    viewer: i64,
    chat: i64,
    m: &telegram_sim::SimMessage,
) -> Option<tl::enums::MessageMedia> {
    let kind = m.media.as_deref()?;
    let id = document_id(inner, viewer, chat, m.id);
    inner
        .documents
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(id, (viewer, chat, m.id));
    let date = inner.world.now_unix() as i32;
    let access_hash = inner.access_hash(0, id);
    if kind == "photo" {
        let photo = tl::types::Photo {
            has_stickers: false,
            id,
            access_hash,
            file_reference: file_reference(id),
            date,
            sizes: vec![
                tl::types::PhotoSize {
                    r#type: "x".into(),
                    w: 800,
                    h: 600,
                    size: 1024,
                }
                .into(),
            ],
            video_sizes: None,
            dc_id: crate::HOME_DC,
        };
        return Some(
            tl::types::MessageMediaPhoto {
                spoiler: false,
                live_photo: false,
                photo: Some(photo.into()),
                ttl_seconds: None,
                video: None,
            }
            .into(),
        );
    }
    let (mime, voice, video, round) = match kind {
        "voice" => ("audio/ogg", true, false, false),
        "video" => ("video/mp4", false, true, false),
        "video_note" => ("video/mp4", false, true, true),
        "audio" => ("audio/mpeg", false, false, false),
        _ => ("application/octet-stream", false, false, false),
    };
    let document = tl::types::Document {
        id,
        access_hash,
        file_reference: file_reference(id),
        date,
        mime_type: mime.into(),
        size: 1024,
        thumbs: None,
        video_thumbs: None,
        dc_id: crate::HOME_DC,
        attributes: Vec::new(),
    };
    Some(
        tl::types::MessageMediaDocument {
            nopremium: false,
            spoiler: false,
            video,
            round,
            voice,
            document: Some(document.into()),
            alt_documents: None,
            video_cover: None,
            video_timestamp: None,
            ttl_seconds: None,
        }
        .into(),
    )
}

/// A stored message whose media is posted again, with the (chat, message) it is in.
type Source = (telegram_sim::SimMessage, (i64, i64));

/// The stored message whose photo or document `(id, access_hash, file_reference)` names, with
/// where it is: MEDIA_INVALID for an id or hash Telegram never gave out, FILE_REFERENCE_EXPIRED
/// for a stale reference (https://core.telegram.org/api/file_reference) or a deleted message.
fn existing_media(
    ctx: &Ctx,
    id: i64,
    access_hash: i64,
    reference: &[u8],
) -> Result<Source, RpcFail> {
    let found = ctx
        .inner
        .documents
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(&id)
        .copied();
    let Some((viewer, chat, msg)) = found else {
        return Err(RpcFail::bad("MEDIA_INVALID"));
    };
    if access_hash != ctx.inner.access_hash(0, id) {
        return Err(RpcFail::bad("MEDIA_INVALID"));
    }
    if reference != file_reference(id).as_slice() {
        return Err(RpcFail::bad("FILE_REFERENCE_EXPIRED"));
    }
    let stored = if chat > 0 {
        ctx.inner.world.private_message(viewer, chat, msg)
    } else {
        ctx.inner.world.group_message(chat, msg)
    };
    // A copy names its source as the World does: a private chat by its other side's id.
    stored
        .map(|m| (m, (chat, msg)))
        .ok_or_else(|| RpcFail::bad("FILE_REFERENCE_EXPIRED"))
}

/// The stored message an `inputMediaPhoto` / `inputMediaDocument` names, or None for other
/// media (an upload, handled by the caller).
fn named_media(ctx: &Ctx, media: &tl::enums::InputMedia) -> Result<Option<Source>, RpcFail> {
    match media {
        tl::enums::InputMedia::Photo(p) => match &p.id {
            tl::enums::InputPhoto::Photo(p) => {
                existing_media(ctx, p.id, p.access_hash, &p.file_reference).map(Some)
            }
            tl::enums::InputPhoto::Empty => Err(RpcFail::bad("MEDIA_EMPTY")),
        },
        tl::enums::InputMedia::Document(d) => match &d.id {
            tl::enums::InputDocument::Document(d) => {
                existing_media(ctx, d.id, d.access_hash, &d.file_reference).map(Some)
            }
            tl::enums::InputDocument::Empty => Err(RpcFail::bad("MEDIA_EMPTY")),
        },
        _ => Ok(None),
    }
}

/// <https://core.telegram.org/method/messages.sendMultiMedia>: an album of 2 to 10 photos or
/// documents Telegram already has (MEDIA_INVALID for anything else, MULTI_MEDIA_TOO_LONG past
/// 10), a random_id per part; the album replies as a whole.
pub(crate) async fn send_multi_media(
    ctx: &Ctx,
    request: tl::functions::messages::SendMultiMedia,
) -> Result<tl::enums::Updates, RpcFail> {
    let chat = input_peer(ctx, &request.peer)?;
    if request.multi_media.len() > 10 {
        return Err(RpcFail::bad("MULTI_MEDIA_TOO_LONG"));
    }
    if request.multi_media.len() < 2 {
        return Err(RpcFail::bad("MEDIA_INVALID"));
    }
    let mut parts = Vec::new();
    let mut random_ids = Vec::new();
    for single in &request.multi_media {
        let tl::enums::InputSingleMedia::Media(single) = single;
        let Some((source, from)) = named_media(ctx, &single.media)? else {
            ctx.inner.violation(format!(
                "messages.sendMultiMedia with unserved media {:?}",
                single.media
            ));
            return Err(RpcFail::bad("MEDIA_INVALID"));
        };
        parts.push((
            source,
            from,
            html(&single.message, single.entities.as_ref()),
        ));
        random_ids.push(single.random_id);
    }
    for id in &random_ids[1..] {
        ctx.inner.world.check_duplicate(ctx.me, *id).map_err(fail)?;
    }
    let (topic, reply) = in_forum(ctx, chat, placement(request.reply_to.as_ref())?);
    let ids = ctx
        .gateway
        .send_media_anew(parts, chat, topic, reply, random_ids[0])
        .await
        .map_err(fail)?;
    let created_ids: Vec<(i64, i64)> = ids.into_iter().zip(random_ids.iter().copied()).collect();
    // In the session's update log before the answer, which may be lost on the way back.
    let answer = created(ctx, chat, &created_ids);
    for id in &random_ids {
        ctx.inner.world.sent(ctx.me, *id).await.map_err(fail)?;
    }
    Ok(answer)
}
