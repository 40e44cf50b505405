//! The API methods, by area, each decoded into grammers-tl-types' own request type and answered
//! with its own return type. Unknown methods are refused and recorded as violations, so a test
//! sees at once what the client asked that this simulator does not serve yet.

pub(crate) mod auth;
pub(crate) mod channels;
pub(crate) mod contacts;
pub(crate) mod help;
pub(crate) mod messages;
pub(crate) mod peers;
pub(crate) mod updates;
pub(crate) mod upload;
pub(crate) mod users;

use grammers_tl_types::{self as tl, Deserializable as _, Identifiable as _, Serializable as _};

use crate::rpc::{Ctx, RpcFail};

/// Decodes `$ty` and answers with the handler's `$ty::Return`.
macro_rules! route {
    ($ctx:expr, $id:expr, $rest:expr; $($ty:ty => $handler:path,)*) => {
        match $id {
            $(
                id if id == <$ty>::CONSTRUCTOR_ID => {
                    let request = <$ty>::from_bytes($rest)?;
                    let answer: <$ty as tl::RemoteCall>::Return = $handler($ctx, request).await?;
                    Ok(answer.to_bytes())
                }
            )*
            other => {
                let name = tl::name_for_id(other);
                $ctx.inner.violation(format!("unserved method {name} ({other:#x})"));
                Err(RpcFail::bad(format!("INPUT_METHOD_INVALID_{other}")))
            }
        }
    };
}

pub(crate) async fn dispatch(ctx: &Ctx, id: u32, rest: &[u8]) -> Result<Vec<u8>, RpcFail> {
    use tl::functions as f;
    route!(ctx, id, rest;
        f::users::GetUsers => users::get_users,
        f::contacts::ResolveUsername => contacts::resolve_username,
        f::contacts::ImportContacts => contacts::import_contacts,
        f::updates::GetState => updates::get_state,
        f::updates::GetDifference => updates::get_difference,
        f::updates::GetChannelDifference => updates::get_channel_difference,
        f::channels::GetChannels => channels::get_channels,
        f::channels::GetParticipant => channels::get_participant,
        f::channels::GetMessages => channels::get_messages,
        f::channels::DeleteMessages => channels::delete_messages,
        f::channels::CreateChannel => channels::create_channel,
        f::channels::InviteToChannel => channels::invite_to_channel,
        f::channels::EditAdmin => channels::edit_admin,
        f::messages::ExportChatInvite => messages::export_chat_invite,
        f::messages::SendMessage => messages::send_message,
        f::messages::SendMedia => upload::send_media,
        f::messages::SendMultiMedia => upload::send_multi_media,
        f::upload::SaveFilePart => upload::save_file_part,
        f::upload::SaveBigFilePart => upload::save_big_file_part,
        f::upload::GetFile => upload::get_file,
        f::messages::ForwardMessages => messages::forward_messages,
        f::messages::CreateForumTopic => messages::create_forum_topic,
        f::messages::EditForumTopic => messages::edit_forum_topic,
        f::messages::EditMessage => messages::edit_message,
        f::messages::DeleteMessages => messages::delete_messages,
        f::messages::GetMessages => messages::get_messages,
        f::messages::SetBotCallbackAnswer => messages::set_bot_callback_answer,
    )
}

/// A relay-level failure of the World as the Telegram error it stands for.
pub(crate) fn fail(e: relay::gateway::GatewayError) -> RpcFail {
    use relay::gateway::GatewayError as G;
    match e {
        G::Blocked => RpcFail::new(403, "USER_IS_BLOCKED"),
        G::TopicDeleted => RpcFail::bad("TOPIC_DELETED"),
        G::TopicClosed => RpcFail::bad("TOPIC_CLOSED"),
        G::CannotCopy => RpcFail::bad("CHAT_FORWARDS_RESTRICTED"),
        G::FloodWait { seconds } => RpcFail::new(420, format!("FLOOD_WAIT_{seconds}")),
        G::SessionRevoked { reason } => RpcFail::new(401, reason),
        G::NotFound => RpcFail::bad("MESSAGE_ID_INVALID"),
        G::Network => RpcFail::new(500, "RPC_CALL_FAIL"),
        G::AlreadySent => RpcFail::bad("RANDOM_ID_DUPLICATE"),
        G::NotAllowed => RpcFail::new(403, "CHAT_WRITE_FORBIDDEN"),
        G::TooLarge => RpcFail::bad("FILE_PARTS_INVALID"),
        G::Other(name) => RpcFail::bad(name),
    }
}
