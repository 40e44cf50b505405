//! A request's way in: `invokeWithLayer(initConnection(…))` and `invokeWithoutUpdates` are
//! unwrapped, the key must be signed in (else 401 AUTH_KEY_UNREGISTERED), then the method is
//! decoded with grammers-tl-types and dispatched.

use std::sync::Arc;

use grammers_tl_types::{self as tl, Deserializable, Identifiable as _};
use telegram_sim::SimGateway;

use crate::state::{Authorization, Inner};
use crate::wire;

/// An RPC error as Telegram names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RpcFail {
    pub code: i32,
    pub name: String,
}

impl RpcFail {
    pub fn new(code: i32, name: impl Into<String>) -> Self {
        Self {
            code,
            name: name.into(),
        }
    }

    /// A 400 (bad request) error.
    pub fn bad(name: impl Into<String>) -> Self {
        Self::new(400, name)
    }

    /// Not an answer: the connection is closed after the request took effect (see
    /// `MtprotoSim::hang_up_after`).
    pub fn hang_up() -> Self {
        Self::new(0, "")
    }

    pub fn is_hang_up(&self) -> bool {
        self.code == 0 && self.name.is_empty()
    }
}

impl From<tl::deserialize::Error> for RpcFail {
    fn from(_: tl::deserialize::Error) -> Self {
        RpcFail::bad("INPUT_FETCH_ERROR")
    }
}

/// What a method handler knows about its caller.
pub(crate) struct Ctx {
    pub inner: Arc<Inner>,
    /// The signed-in bot or account.
    pub me: i64,
    pub gateway: Arc<SimGateway>,
}

impl Ctx {
    pub fn is_bot(&self) -> bool {
        self.inner.world.user(self.me).is_some_and(|u| u.is_bot)
    }
}

/// The rest of a request, taken as it is (the query inside a wrapper).
struct Rest(Vec<u8>);

impl Deserializable for Rest {
    fn deserialize(buf: &mut tl::deserialize::Cursor<'_>) -> tl::deserialize::Result<Self> {
        let mut rest = Vec::new();
        buf.read_to_end(&mut rest)?;
        Ok(Rest(rest))
    }
}

/// Strips the connection wrappers grammers puts around its first request.
fn unwrap(mut body: Vec<u8>) -> Result<Vec<u8>, RpcFail> {
    loop {
        let id = wire::constructor(&body);
        body = if id == tl::functions::InvokeWithLayer::<Rest>::CONSTRUCTOR_ID {
            tl::functions::InvokeWithLayer::<Rest>::from_bytes(&body[4..])?
                .query
                .0
        } else if id == tl::functions::InitConnection::<Rest>::CONSTRUCTOR_ID {
            tl::functions::InitConnection::<Rest>::from_bytes(&body[4..])?
                .query
                .0
        } else if id == tl::functions::InvokeWithoutUpdates::<Rest>::CONSTRUCTOR_ID {
            tl::functions::InvokeWithoutUpdates::<Rest>::from_bytes(&body[4..])?
                .query
                .0
        } else {
            return Ok(body);
        };
    }
}

pub(crate) async fn call(
    inner: &Arc<Inner>,
    dc: i32,
    key_id: [u8; 8],
    body: Vec<u8>,
) -> Result<Vec<u8>, RpcFail> {
    let body = wire::inflate(unwrap(body)?).map_err(|_| RpcFail::bad("INPUT_FETCH_ERROR"))?;
    let id = wire::constructor(&body);
    if id == tl::functions::help::GetConfig::CONSTRUCTOR_ID {
        return Ok(crate::methods::help::config(inner, dc));
    }
    let method = tl::name_for_id(id);
    let hang_up = {
        let mut state = inner.lock();
        let at = state.hang_up_after.iter().position(|m| m == method);
        at.map(|i| state.hang_up_after.remove(i)).is_some()
    };
    let auth = inner.lock().keys.get(&key_id).and_then(|e| e.auth.clone());
    // The sign-in methods take unauthorized keys ("can be invoked over an unauthenticated
    // connection", each method's page).
    let login = crate::methods::auth::Login {
        inner: Arc::clone(inner),
        dc,
        key_id,
    };
    let result = match crate::methods::auth::dispatch(&login, id, &body[4..]).await {
        Some(result) => {
            let who = auth.as_ref().map_or("-".to_owned(), |a| a.user.to_string());
            record(inner, &who, method, &result);
            result
        }
        None => signed_in_call(inner, auth.as_ref(), id, &body).await,
    };
    if hang_up {
        return Err(RpcFail::hang_up());
    }
    result
}

async fn signed_in_call(
    inner: &Arc<Inner>,
    auth: Option<&Authorization>,
    id: u32,
    body: &[u8],
) -> Result<Vec<u8>, RpcFail> {
    let unregistered = || RpcFail::new(401, "AUTH_KEY_UNREGISTERED");
    let auth = auth.ok_or_else(unregistered)?;
    // A session ended on Telegram's side ("terminate all sessions") is refused from then on.
    if inner.world.session_user(&auth.session).is_none() {
        return Err(unregistered());
    }
    let gateway = inner
        .lock()
        .boxes
        .links
        .get(&auth.session)
        .map(|l| Arc::clone(&l.gateway))
        .ok_or_else(unregistered)?;
    let ctx = Ctx {
        inner: Arc::clone(inner),
        me: auth.user,
        gateway,
    };
    // A deleted account's sessions are refused with the 401 that says so.
    let deactivated = inner.lock().deactivated.contains(&auth.user);
    let result = if deactivated {
        Err(RpcFail::new(401, "USER_DEACTIVATED"))
    } else {
        crate::methods::dispatch(&ctx, id, &body[4..]).await
    };
    record(inner, &auth.user.to_string(), tl::name_for_id(id), &result);
    result
}

/// Traces an answer (and lists an error) for a test's failure message.
fn record(inner: &Inner, who: &str, method: &str, result: &Result<Vec<u8>, RpcFail>) {
    let mut state = inner.lock();
    match result {
        Ok(_) => state.trace.push(format!("{who} {method}")),
        Err(e) => {
            state.trace.push(format!("{who} {method}: {}", e.name));
            state.errors.push(format!("{method}: {}", e.name));
        }
    }
}
