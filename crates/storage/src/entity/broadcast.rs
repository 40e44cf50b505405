use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "broadcasts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub connection_id: i64,
    pub status: String,
    pub source_chat_id: i64,
    /// A JSON array of message ids.
    pub source_msg_ids: String,
    pub audience: String,
    pub audience_label: Option<String>,
    /// A JSON array of user ids.
    pub audience_ids: String,
    pub card_msg_id: Option<i64>,
    pub created_by: i64,
    pub created_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
