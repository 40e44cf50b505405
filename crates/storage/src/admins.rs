//! Admins: the people who talk to the setup bot, with their interface language.

use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _,
};

use crate::entity::admin::{self, Column};
use crate::{Error, now};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Admin {
    pub tg_user_id: i64,
    pub language: String,
    pub created_at: i64,
    /// An IANA zone name (`Europe/Berlin`) for analytics; `None` is UTC.
    pub time_zone: Option<String>,
    /// Their Telegram username as the setup bot last saw it.
    pub username: Option<String>,
}

impl From<admin::Model> for Admin {
    fn from(m: admin::Model) -> Self {
        Admin {
            tg_user_id: m.tg_user_id,
            language: m.language,
            created_at: m.created_at,
            time_zone: m.time_zone,
            username: m.username,
        }
    }
}

pub struct Admins<'a> {
    pub(crate) db: &'a DatabaseConnection,
}

impl Admins<'_> {
    pub async fn get(&self, tg_user_id: i64) -> Result<Option<Admin>, Error> {
        Ok(admin::Entity::find_by_id(tg_user_id)
            .one(self.db)
            .await?
            .map(Into::into))
    }

    /// The admin, created with `language` on first contact; an existing admin keeps their choice.
    pub async fn ensure(&self, tg_user_id: i64, language: &str) -> Result<Admin, Error> {
        let at = now();
        let row = admin::ActiveModel {
            tg_user_id: Set(tg_user_id),
            language: Set(language.to_owned()),
            created_at: Set(at),
            updated_at: Set(at),
            time_zone: Set(None),
            username: Set(None),
        };
        admin::Entity::insert(row)
            .on_conflict(OnConflict::column(Column::TgUserId).do_nothing().to_owned())
            .try_insert()
            .exec_without_returning(self.db)
            .await?;
        self.get(tg_user_id)
            .await?
            .ok_or_else(|| Error::not_found("admin", tg_user_id))
    }

    /// Keeps the admin's username as Telegram shows it now (the setup bot calls this when it
    /// differs from what is stored).
    pub async fn set_username(&self, tg_user_id: i64, username: Option<&str>) -> Result<(), Error> {
        admin::Entity::update_many()
            .col_expr(Column::Username, Expr::value(username.map(str::to_owned)))
            .col_expr(Column::UpdatedAt, Expr::value(now()))
            .filter(Column::TgUserId.eq(tg_user_id))
            .exec(self.db)
            .await?;
        Ok(())
    }

    pub async fn set_language(&self, tg_user_id: i64, language: &str) -> Result<(), Error> {
        let affected = admin::Entity::update_many()
            .col_expr(Column::Language, Expr::value(language))
            .col_expr(Column::UpdatedAt, Expr::value(now()))
            .filter(Column::TgUserId.eq(tg_user_id))
            .exec(self.db)
            .await?
            .rows_affected;
        if affected == 0 {
            return Err(Error::not_found("admin", tg_user_id));
        }
        Ok(())
    }

    /// Sets (or with `None` resets to UTC) the admin's time zone for analytics.
    pub async fn set_time_zone(&self, tg_user_id: i64, zone: Option<&str>) -> Result<(), Error> {
        let affected = admin::Entity::update_many()
            .col_expr(Column::TimeZone, Expr::value(zone.map(str::to_owned)))
            .col_expr(Column::UpdatedAt, Expr::value(now()))
            .filter(Column::TgUserId.eq(tg_user_id))
            .exec(self.db)
            .await?
            .rows_affected;
        if affected == 0 {
            return Err(Error::not_found("admin", tg_user_id));
        }
        Ok(())
    }
}
