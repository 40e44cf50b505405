//! contacts.*: finding users by username and by phone number.

use grammers_tl_types as tl;

use crate::rpc::{Ctx, RpcFail};
use crate::tl as make;

/// https://core.telegram.org/method/contacts.resolveUsername — a username is 5 to 32 letters,
/// digits and underscores starting with a letter (USERNAME_INVALID otherwise); nobody with it
/// is USERNAME_NOT_OCCUPIED. The answer carries the user with this account's access hash.
pub(crate) async fn resolve_username(
    ctx: &Ctx,
    request: tl::functions::contacts::ResolveUsername,
) -> Result<tl::enums::contacts::ResolvedPeer, RpcFail> {
    let name = request.username.trim_start_matches('@');
    if !valid_username(name) {
        return Err(RpcFail::bad("USERNAME_INVALID"));
    }
    let user = ctx
        .inner
        .world
        .user_by_username(name)
        .ok_or_else(|| RpcFail::bad("USERNAME_NOT_OCCUPIED"))?;
    Ok(tl::types::contacts::ResolvedPeer {
        peer: tl::types::PeerUser { user_id: user }.into(),
        chats: Vec::new(),
        users: make::users(&ctx.inner, ctx.me, &[user]),
    }
    .into())
}

fn valid_username(name: &str) -> bool {
    (5..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// https://core.telegram.org/method/contacts.importContacts — user accounts only (bots are
/// refused with BOT_METHOD_INVALID, https://core.telegram.org/api/bots#bot-api-vs-mtproto). A
/// phone number nobody is registered with imports nothing: an empty answer, not an error.
pub(crate) async fn import_contacts(
    ctx: &Ctx,
    request: tl::functions::contacts::ImportContacts,
) -> Result<tl::enums::contacts::ImportedContacts, RpcFail> {
    if ctx.is_bot() {
        return Err(RpcFail::bad("BOT_METHOD_INVALID"));
    }
    let mut imported = Vec::new();
    let mut users = Vec::new();
    for contact in &request.contacts {
        let tl::enums::InputContact::InputPhoneContact(c) = contact;
        let digits: String = c.phone.chars().filter(char::is_ascii_digit).collect();
        if let Some(user) = ctx.inner.world.user_by_phone(&digits) {
            imported.push(
                tl::types::ImportedContact {
                    user_id: user,
                    client_id: c.client_id,
                }
                .into(),
            );
            users.push(user);
        }
    }
    Ok(tl::types::contacts::ImportedContacts {
        imported,
        popular_invites: Vec::new(),
        retry_contacts: Vec::new(),
        users: make::users(&ctx.inner, ctx.me, &users),
    }
    .into())
}
