use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "dialogs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub connection_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub topic_id: Option<i64>,
    pub status: String,
    pub status_since: i64,
    pub display_name: String,
    pub username: Option<String>,
    pub language: Option<String>,
    pub start_param: Option<String>,
    pub first_seen_at: i64,
    pub last_user_at: Option<i64>,
    pub last_operator_at: Option<i64>,
    pub messages_from_user: i64,
    pub messages_from_operators: i64,
    pub banned: bool,
    /// A JSON array of label names.
    pub labels: String,
    /// `dialog_created` was announced to webhooks (or the dialog predates them).
    pub announced: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
