//! users.*

use grammers_tl_types as tl;

use crate::rpc::{Ctx, RpcFail};

/// https://core.telegram.org/method/users.getUsers
pub(crate) async fn get_users(
    ctx: &Ctx,
    request: tl::functions::users::GetUsers,
) -> Result<Vec<tl::enums::User>, RpcFail> {
    let ids = request
        .id
        .iter()
        .map(|u| super::peers::input_user(ctx, u))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(crate::tl::users(&ctx.inner, ctx.me, &ids))
}
