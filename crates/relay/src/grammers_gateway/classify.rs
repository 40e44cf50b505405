//! What a failed request means to the relay.

use grammers_mtsender::InvocationError;

use crate::gateway::GatewayError;

/// What a failed request means to the relay.
pub fn classify(err: &InvocationError) -> GatewayError {
    match err {
        InvocationError::Rpc(rpc) => match rpc.name.as_str() {
            // Not PEER_ID_INVALID: that is a peer this session lacks the access hash of (our
            // defect, issue 13 defect 3), not a user's decision.
            "USER_IS_BLOCKED" | "INPUT_USER_DEACTIVATED" | "USER_DEACTIVATED" | "USER_IS_BOT" => {
                GatewayError::Blocked
            }
            "TOPIC_DELETED" | "MESSAGE_THREAD_INVALID" | "TOPIC_ID_INVALID" => {
                GatewayError::TopicDeleted
            }
            "TOPIC_CLOSED" => GatewayError::TopicClosed,
            "CHAT_FORWARDS_RESTRICTED"
            | "MEDIA_INVALID"
            | "MEDIA_EMPTY"
            | "MESSAGE_EMPTY"
            | "CHAT_SEND_MEDIA_FORBIDDEN"
            | "CHAT_SEND_PHOTOS_FORBIDDEN"
            | "CHAT_SEND_VOICES_FORBIDDEN"
            | "CHAT_SEND_STICKERS_FORBIDDEN" => GatewayError::CannotCopy,
            "RANDOM_ID_DUPLICATE" => GatewayError::AlreadySent,
            "MESSAGE_ID_INVALID"
            | "MESSAGE_NOT_MODIFIED"
            | "MESSAGE_DELETE_FORBIDDEN"
            | "CHANNEL_INVALID" => GatewayError::NotFound,
            "FLOOD_WAIT" | "FLOOD_PREMIUM_WAIT" | "SLOWMODE_WAIT" => GatewayError::FloodWait {
                seconds: rpc.value.unwrap_or(60),
            },
            _ if rpc.code == 420 => GatewayError::FloodWait {
                seconds: rpc.value.unwrap_or(60),
            },
            _ if rpc.code == 401 => GatewayError::SessionRevoked,
            name => GatewayError::Other(name.to_owned()),
        },
        InvocationError::Io(_) | InvocationError::Dropped(_) | InvocationError::Transport(_) => {
            GatewayError::Network
        }
        other => GatewayError::Other(format!("{other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_tl_types as tl;

    fn rpc(code: i32, message: &str) -> InvocationError {
        InvocationError::Rpc(grammers_mtsender::RpcError::from(tl::types::RpcError {
            error_code: code,
            error_message: message.into(),
        }))
    }

    #[test]
    fn telegram_errors_become_what_the_worker_acts_on() {
        assert_eq!(
            classify(&rpc(403, "USER_IS_BLOCKED")),
            GatewayError::Blocked
        );
        assert_eq!(
            classify(&rpc(400, "PEER_ID_INVALID")),
            GatewayError::Other("PEER_ID_INVALID".into()),
            "a missing access hash is not a block"
        );
        assert_eq!(
            classify(&rpc(400, "TOPIC_DELETED")),
            GatewayError::TopicDeleted
        );
        assert_eq!(
            classify(&rpc(400, "TOPIC_CLOSED")),
            GatewayError::TopicClosed
        );
        assert_eq!(
            classify(&rpc(400, "CHAT_FORWARDS_RESTRICTED")),
            GatewayError::CannotCopy
        );
        assert_eq!(
            classify(&rpc(420, "FLOOD_WAIT_17")),
            GatewayError::FloodWait { seconds: 17 }
        );
        assert_eq!(
            classify(&rpc(401, "AUTH_KEY_UNREGISTERED")),
            GatewayError::SessionRevoked
        );
        assert_eq!(
            classify(&InvocationError::Io(std::io::Error::other("reset"))),
            GatewayError::Network
        );
        assert_eq!(
            classify(&rpc(400, "SOMETHING_ELSE")),
            GatewayError::Other("SOMETHING_ELSE".into())
        );
    }
}
