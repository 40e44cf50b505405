//! What a failed request means to the relay.

use grammers_mtsender::InvocationError;

use crate::gateway::GatewayError;

/// The errors that say this session itself is gone, whatever their code: the 401 class of
/// https://core.telegram.org/api/errors#401-unauthorized (the account deleted or banned, the key
/// unregistered, the session ended).
const SESSION_GONE: [&str; 7] = [
    "USER_DEACTIVATED",
    "USER_DEACTIVATED_BAN",
    "AUTH_KEY_UNREGISTERED",
    "AUTH_KEY_INVALID",
    "AUTH_KEY_PERM_EMPTY",
    "SESSION_REVOKED",
    "SESSION_EXPIRED",
];

/// What a failed request means to the relay.
pub fn classify(err: &InvocationError) -> GatewayError {
    match err {
        // The 401 class first: `USER_DEACTIVATED` there is this account deleted by Telegram,
        // not the user it wrote to (that is `INPUT_USER_DEACTIVATED`), so it must never read
        // as "the user blocked us" (issue 13 defect 4).
        InvocationError::Rpc(rpc)
            if rpc.code == 401 || SESSION_GONE.contains(&rpc.name.as_str()) =>
        {
            GatewayError::revoked(rpc.name.as_str())
        }
        // 500: Telegram failed inside, and the request may or may not have taken effect
        // (https://core.telegram.org/api/errors#500-internal): retried like a lost connection,
        // which the deterministic random_id makes safe; never a reason to give a message up.
        InvocationError::Rpc(rpc) if rpc.code >= 500 => GatewayError::Network,
        InvocationError::Rpc(rpc) => match rpc.name.as_str() {
            // Not PEER_ID_INVALID: that is a peer this session lacks the access hash of (our
            // defect, issue 13 defect 3), not a user's decision.
            "USER_IS_BLOCKED" | "INPUT_USER_DEACTIVATED" | "USER_IS_BOT" => GatewayError::Blocked,
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
            GatewayError::revoked("AUTH_KEY_UNREGISTERED")
        );
        assert_eq!(
            classify(&InvocationError::Io(std::io::Error::other("reset"))),
            GatewayError::Network
        );
        assert_eq!(
            classify(&rpc(400, "SOMETHING_ELSE")),
            GatewayError::Other("SOMETHING_ELSE".into())
        );
        for name in ["RPC_CALL_FAIL", "INTERNAL", "MSG_WAIT_FAILED"] {
            assert_eq!(
                classify(&rpc(500, name)),
                GatewayError::Network,
                "500 {name} may have taken effect: retried, never given up"
            );
        }
    }

    #[test]
    fn the_accounts_own_deletion_is_a_lost_session_never_a_blocked_user() {
        for name in [
            "USER_DEACTIVATED",
            "USER_DEACTIVATED_BAN",
            "SESSION_REVOKED",
        ] {
            assert_eq!(
                classify(&rpc(401, name)),
                GatewayError::revoked(name),
                "401 {name}: sign in again, with the reason"
            );
        }
        assert_eq!(
            classify(&rpc(401, "SOMETHING_NEW")),
            GatewayError::revoked("SOMETHING_NEW"),
            "any 401 is the session's"
        );
        assert_eq!(
            classify(&rpc(400, "INPUT_USER_DEACTIVATED")),
            GatewayError::Blocked,
            "the user written to was deleted"
        );
    }
}
