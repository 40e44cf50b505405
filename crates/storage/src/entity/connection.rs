use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "connections")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub owner_id: i64,
    pub kind: String,
    pub tg_user_id: Option<i64>,
    pub username: Option<String>,
    pub title: Option<String>,
    /// Sealed (see `secret`); never logged.
    pub session: Option<Vec<u8>>,
    /// Sealed (see `secret`); never logged.
    pub bot_token: Option<Vec<u8>>,
    pub status: String,
    pub status_reason: Option<String>,
    pub backend_chat_id: Option<i64>,
    pub link_code: String,
    pub revision: i64,
    pub lease_owner: Option<String>,
    pub lease_until: Option<i64>,
    /// Set when the admin asked the account to create its backend group, with the group's title.
    pub new_group_title: Option<String>,
    pub new_group_chat_id: Option<i64>,
    /// Sealed (see `secret`); never logged. The WEBHOOKS signing secret.
    pub webhook_secret: Option<Vec<u8>>,
    pub created_at: i64,
    pub updated_at: i64,
}

// Written by hand so that even sealed bytes never reach a log line.
impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("connection::Model")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("session", &self.session.as_ref().map(|_| "[sealed]"))
            .field("bot_token", &self.bot_token.as_ref().map(|_| "[sealed]"))
            .field(
                "webhook_secret",
                &self.webhook_secret.as_ref().map(|_| "[sealed]"),
            )
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
