//! The MTProto peer cache of each connection, one row per peer, so it grows without rewriting a
//! blob on every new user.

use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, PaginatorTrait as _,
    QueryFilter as _,
};

use crate::connections::ConnectionId;
use crate::entity::peer::{self, Column};
use crate::{Error, now};

/// One cached peer. `data` holds what the session layer needs beyond the access hash (JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerRow {
    pub peer_id: i64,
    pub kind: String,
    pub access_hash: Option<i64>,
    pub username: Option<String>,
    pub data: Option<String>,
}

impl From<peer::Model> for PeerRow {
    fn from(m: peer::Model) -> Self {
        PeerRow {
            peer_id: m.peer_id,
            kind: m.kind,
            access_hash: m.access_hash,
            username: m.username,
            data: m.data,
        }
    }
}

pub struct Peers<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Peers<'_> {
    /// Inserts or refreshes peers in one statement.
    pub async fn upsert(&self, connection: ConnectionId, peers: &[PeerRow]) -> Result<(), Error> {
        if peers.is_empty() {
            return Ok(());
        }
        let at = now();
        let rows = peers.iter().map(|p| peer::ActiveModel {
            connection_id: Set(connection.0),
            peer_id: Set(p.peer_id),
            kind: Set(p.kind.clone()),
            access_hash: Set(p.access_hash),
            username: Set(p.username.clone()),
            data: Set(p.data.clone()),
            updated_at: Set(at),
        });
        peer::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([Column::ConnectionId, Column::PeerId])
                    .update_columns([
                        Column::Kind,
                        Column::AccessHash,
                        Column::Username,
                        Column::Data,
                        Column::UpdatedAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(self.db)
            .await?;
        Ok(())
    }

    pub async fn get(
        &self,
        connection: ConnectionId,
        peer_id: i64,
    ) -> Result<Option<PeerRow>, Error> {
        Ok(peer::Entity::find_by_id((connection.0, peer_id))
            .one(self.db)
            .await?
            .map(Into::into))
    }

    pub async fn find_by_username(
        &self,
        connection: ConnectionId,
        username: &str,
    ) -> Result<Option<PeerRow>, Error> {
        Ok(peer::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .filter(Column::Username.eq(username.trim_start_matches('@').to_lowercase()))
            .one(self.db)
            .await?
            .map(Into::into))
    }

    pub async fn count(&self, connection: ConnectionId) -> Result<u64, Error> {
        Ok(peer::Entity::find()
            .filter(Column::ConnectionId.eq(connection.0))
            .count(self.db)
            .await?)
    }
}
