//! What the API reads and writes, as JSON and as OpenAPI schemas.

use serde::{Deserialize, Serialize};
use storage::{ApiRequest, ApiRequestStatus, Dialog, DialogStatus, MessageLink};
use utoipa::{IntoParams, ToSchema};

/// A dialog's status (the mark in its topic's title).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 🟪 the user wrote last (new, reopened, or on /hold).
    UserAnswered,
    /// 🟨 support answered (or /wait); AUTOCLOSE counts from here.
    SupportAnswered,
    /// ⬛ closed.
    Closed,
}

impl From<DialogStatus> for Status {
    fn from(s: DialogStatus) -> Self {
        match s {
            DialogStatus::UserAnswered => Status::UserAnswered,
            DialogStatus::SupportAnswered => Status::SupportAnswered,
            DialogStatus::Closed => Status::Closed,
        }
    }
}

impl From<Status> for DialogStatus {
    fn from(s: Status) -> Self {
        match s {
            Status::UserAnswered => DialogStatus::UserAnswered,
            Status::SupportAnswered => DialogStatus::SupportAnswered,
            Status::Closed => DialogStatus::Closed,
        }
    }
}

/// One dialog: a private chat with the bot or account, shown as one topic. Times are unix
/// seconds.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq)]
pub struct DialogView {
    pub user_id: i64,
    /// The forum topic in the backend group; null while it has none.
    pub topic_id: Option<i64>,
    pub status: Status,
    pub status_since: i64,
    pub labels: Vec<String>,
    /// The user's name; null when HIDE_INFO hides names.
    pub name: Option<String>,
    /// The user's @username; null when they have none or HIDE_INFO hides names.
    pub username: Option<String>,
    pub language: Option<String>,
    pub banned: bool,
    pub first_seen_at: i64,
    pub last_user_at: Option<i64>,
    pub last_operator_at: Option<i64>,
    /// The latest of the times above: what `updated_since` filters on.
    pub updated_at: i64,
    pub messages_from_user: i64,
    pub messages_from_operators: i64,
}

impl DialogView {
    pub fn new(d: Dialog, hide_names: bool) -> Self {
        let updated_at = [
            Some(d.first_seen_at),
            Some(d.status_since),
            d.last_user_at,
            d.last_operator_at,
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(d.first_seen_at);
        DialogView {
            user_id: d.user_id,
            topic_id: d.topic_id,
            status: d.status.into(),
            status_since: d.status_since,
            labels: d.labels,
            name: (!hide_names).then_some(d.display_name),
            username: if hide_names { None } else { d.username },
            language: d.language,
            banned: d.banned,
            first_seen_at: d.first_seen_at,
            last_user_at: d.last_user_at,
            last_operator_at: d.last_operator_at,
            updated_at,
            messages_from_user: d.messages_from_user,
            messages_from_operators: d.messages_from_operators,
        }
    }
}

/// Which dialogs to list, and which page.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DialogFilter {
    /// Only dialogs in this status.
    pub status: Option<Status>,
    /// Only dialogs with this label (case-insensitive).
    pub label: Option<String>,
    /// Only dialogs whose `updated_at` is at or after this unix time.
    pub updated_since: Option<i64>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// Dialogs to skip (default 0); the previous page's `next_offset`.
    #[param(minimum = 0)]
    pub offset: Option<u64>,
}

/// A page of dialogs, ordered by user id.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct DialogPage {
    pub dialogs: Vec<DialogView>,
    /// The `offset` of the next page; null on the last one.
    pub next_offset: Option<u64>,
}

/// Which way a message went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DirectionView {
    /// From the user into the topic.
    In,
    /// From the team (an operator or the API) to the user.
    Out,
    /// Sent to the user from another session of the bot or account, copied into the topic.
    Intercepted,
}

/// One relayed message: its id in the user's chat and in the topic.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessageView {
    /// The cursor for `before`.
    pub id: i64,
    pub direction: DirectionView,
    pub user_msg_id: i64,
    pub topic_msg_id: i64,
    pub created_at: i64,
}

impl MessageView {
    pub fn new(id: i64, link: MessageLink) -> Self {
        MessageView {
            id,
            direction: match link.direction {
                storage::Direction::In => DirectionView::In,
                storage::Direction::Out => DirectionView::Out,
                storage::Direction::Intercepted => DirectionView::Intercepted,
            },
            user_msg_id: link.user_msg_id,
            topic_msg_id: link.group_msg_id,
            created_at: link.created_at,
        }
    }
}

/// Which page of a dialog's history.
#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HistoryPage {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// Only messages older than this `id` (the previous page's `next_before`).
    pub before: Option<i64>,
}

/// A page of a dialog's messages, newest first.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct MessagePage {
    pub messages: Vec<MessageView>,
    /// The `before` of the next page; null on the last one.
    pub next_before: Option<i64>,
}

/// A text for the user.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SendMessageBody {
    /// Plain text (not HTML), 1 to 4096 characters.
    #[schema(min_length = 1, max_length = 4096, pattern = r"\S")]
    pub text: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SetStatusBody {
    pub status: Status,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct LabelBody {
    /// The name of one of the connection's labels (made with /mark in the group).
    pub label: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BroadcastBody {
    /// Every dialog with this label gets the text (banned and ignored users excepted).
    pub label: String,
    /// Plain text (not HTML), 1 to 4096 characters.
    #[schema(min_length = 1, max_length = 4096, pattern = r"\S")]
    pub text: String,
}

/// Where an action stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Working,
    Done,
    Failed,
}

/// An action handed to the relay, and its outcome once it has one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct RequestView {
    pub id: i64,
    /// send_message, set_status, add_label, remove_label or broadcast.
    pub kind: String,
    pub status: RequestStatus,
    /// The outcome (done), e.g. `{"user_msg_id": 12, "topic_msg_id": 90}`, or the problem
    /// (failed): `{"error": "blocked", "detail": "…"}`; null until finished.
    #[schema(value_type = Option<Object>)]
    pub result: Option<serde_json::Value>,
    pub created_at: i64,
    pub finished_at: Option<i64>,
}

impl From<ApiRequest> for RequestView {
    fn from(r: ApiRequest) -> Self {
        RequestView {
            id: r.id,
            kind: r.action.kind().to_owned(),
            status: match r.status {
                ApiRequestStatus::Pending => RequestStatus::Pending,
                ApiRequestStatus::Working => RequestStatus::Working,
                ApiRequestStatus::Done => RequestStatus::Done,
                ApiRequestStatus::Failed => RequestStatus::Failed,
            },
            result: r.result,
            created_at: r.created_at,
            finished_at: r.finished_at,
        }
    }
}
