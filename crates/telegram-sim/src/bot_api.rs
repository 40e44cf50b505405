//! The Bot API over HTTP on 127.0.0.1, for the setup bot: the real teloxide client and dispatcher
//! talk to this exactly as to api.telegram.org (`Bot::set_api_url`).
//!
//! Tests inject what users do (a message, a shared contact, a button press) and read what the bot
//! did (messages sent, edited and deleted, callback answers, command menus).

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::Json;
use serde_json::{Value, json};
use tokio::sync::Notify;

use crate::world::World;

/// A message the bot sent, as it stands now (edits applied).
#[derive(Debug, Clone, PartialEq)]
pub struct SentMessage {
    pub chat_id: i64,
    pub message_id: i64,
    pub text: String,
    /// Whether it is a photo (its caption is `text`).
    pub photo: bool,
    /// The photo's bytes as uploaded (the newest, after an edit of the media).
    pub photo_bytes: Option<Vec<u8>>,
    /// A document (`sendDocument`): its file name and bytes; `text` is its caption.
    pub document: Option<(String, Vec<u8>)>,
    /// The inline or reply keyboard, as the bot sent it.
    pub reply_markup: Option<Value>,
    pub edits: u32,
    pub deleted: bool,
    /// Unix seconds when it was sent.
    pub date: i64,
}

impl SentMessage {
    /// The texts of the inline buttons, row by row.
    pub fn buttons(&self) -> Vec<Vec<String>> {
        let rows = self
            .reply_markup
            .as_ref()
            .and_then(|m| m.get("inline_keyboard").or_else(|| m.get("keyboard")));
        rows.and_then(Value::as_array)
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        row.as_array()
                            .map(|b| {
                                b.iter()
                                    .filter_map(|b| {
                                        b.get("text").and_then(Value::as_str).map(str::to_owned)
                                    })
                                    .collect()
                            })
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The callback data of the inline button with this text.
    pub fn callback_data(&self, button: &str) -> Option<String> {
        let rows = self
            .reply_markup
            .as_ref()?
            .get("inline_keyboard")?
            .as_array()?;
        rows.iter()
            .flat_map(|row| row.as_array().into_iter().flatten())
            .find(|b| b.get("text").and_then(Value::as_str) == Some(button))
            .and_then(|b| b.get("callback_data").and_then(Value::as_str))
            .map(str::to_owned)
    }
}

#[derive(Default)]
struct State_ {
    token: String,
    bot_id: i64,
    username: String,
    title: String,
    updates: VecDeque<Value>,
    next_update: i64,
    next_message: HashMap<i64, i64>,
    sent: Vec<SentMessage>,
    /// Messages users sent, by (chat, id), so callbacks can carry the message they belong to.
    user_messages: HashMap<(i64, i64), Value>,
    callback_answers: Vec<(String, Option<String>)>,
    commands: HashMap<String, Vec<(String, String)>>,
    next_callback: u64,
    /// How many of the next requests fail as if Telegram's front end were down.
    outage: u32,
}

/// A running Bot API server for one bot.
pub struct BotApi {
    pub url: String,
    pub token: String,
    state: Arc<Mutex<State_>>,
    arrived: Arc<Notify>,
    world: World,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for BotApi {
    fn drop(&mut self) {
        self.task.abort();
    }
}

type Shared = (Arc<Mutex<State_>>, Arc<Notify>, World);

impl BotApi {
    /// Creates the bot in `world` and serves its Bot API on 127.0.0.1 (a free port).
    pub async fn start(world: &World, username: &str, title: &str) -> std::io::Result<Self> {
        let (bot_id, token) = world.add_bot(username, title);
        let state = Arc::new(Mutex::new(State_ {
            token: token.clone(),
            bot_id,
            username: username.to_owned(),
            title: title.to_owned(),
            next_update: 1,
            ..State_::default()
        }));
        let arrived = Arc::new(Notify::new());
        let shared: Shared = (Arc::clone(&state), Arc::clone(&arrived), world.clone());
        let app = Router::new()
            .route("/{bot}/{method}", axum::routing::post(handle).get(handle))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(Self {
            url,
            token,
            state,
            arrived,
            world: world.clone(),
            task,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State_> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn bot_id(&self) -> i64 {
        self.lock().bot_id
    }

    fn user_json(&self, user: i64) -> Value {
        let u = self.world.user(user);
        json!({
            "id": user,
            "is_bot": false,
            "first_name": u.as_ref().map_or("User", |u| u.first_name.as_str()),
            "username": u.as_ref().and_then(|u| u.username.clone()),
            "language_code": u.as_ref().and_then(|u| u.language.clone()),
        })
    }

    fn push_update(&self, update: Value) {
        let mut state = self.lock();
        let id = state.next_update;
        state.next_update += 1;
        let mut update = update;
        update["update_id"] = json!(id);
        state.updates.push_back(update);
        drop(state);
        self.arrived.notify_waiters();
    }

    fn user_message(&self, user: i64, extra: Value) -> i64 {
        let mut message = json!({
            "date": self.world.now_unix(),
            "chat": { "id": user, "type": "private", "first_name": self.user_json(user)["first_name"] },
            "from": self.user_json(user),
        });
        let id = {
            let mut state = self.lock();
            let next = state.next_message.entry(user).or_insert(0);
            *next += 1;
            *next
        };
        message["message_id"] = json!(id);
        if let (Value::Object(m), Value::Object(e)) = (&mut message, extra) {
            m.extend(e);
        }
        self.lock()
            .user_messages
            .insert((user, id), message.clone());
        self.push_update(json!({ "message": message }));
        id
    }

    /// `user` sends the bot a text (a command, a token, a password…); returns its message id.
    pub fn user_sends(&self, user: i64, text: &str) -> i64 {
        self.user_message(user, json!({ "text": text }))
    }

    /// `user` sends the bot a photo (something the setup bot cannot read as text).
    pub fn user_sends_photo(&self, user: i64) -> i64 {
        self.user_message(
            user,
            json!({ "photo": [{ "file_id": "u", "file_unique_id": "u", "width": 90, "height": 90 }] }),
        )
    }

    /// `user` shares their own contact (the "Share my phone number" button).
    pub fn user_shares_contact(&self, user: i64, phone: &str) -> i64 {
        let first = self.user_json(user)["first_name"].clone();
        self.user_message(
            user,
            json!({ "contact": { "phone_number": phone, "first_name": first, "user_id": user } }),
        )
    }

    /// `user` presses the inline button `data` under the bot's message `message_id`.
    pub fn user_presses(&self, user: i64, message_id: i64, data: &str) {
        let message = {
            let state = self.lock();
            let sent = state
                .sent
                .iter()
                .find(|m| m.chat_id == user && m.message_id == message_id)
                .cloned();
            sent.map(|m| bot_message_json(&state, &m))
        };
        let id = {
            let mut state = self.lock();
            state.next_callback += 1;
            state.next_callback.to_string()
        };
        self.push_update(json!({
            "callback_query": {
                "id": id,
                "from": self.user_json(user),
                "message": message,
                "chat_instance": format!("ci{user}"),
                "data": data,
            }
        }));
    }

    /// Everything the bot has sent to `chat`, oldest first.
    pub fn sent_to(&self, chat: i64) -> Vec<SentMessage> {
        self.lock()
            .sent
            .iter()
            .filter(|m| m.chat_id == chat)
            .cloned()
            .collect()
    }

    /// The newest message the bot sent to `chat` that is still there.
    pub fn last_to(&self, chat: i64) -> Option<SentMessage> {
        self.lock()
            .sent
            .iter()
            .rev()
            .find(|m| m.chat_id == chat && !m.deleted)
            .cloned()
    }

    /// Whether the user's message `id` in `chat` is gone (the bot deleted it).
    pub fn is_deleted(&self, chat: i64, id: i64) -> bool {
        !self.lock().user_messages.contains_key(&(chat, id))
    }

    pub fn callback_answers(&self) -> Vec<(String, Option<String>)> {
        self.lock().callback_answers.clone()
    }

    /// The command menu set for a language ("" for the default).
    pub fn commands(&self, language: &str) -> Vec<(String, String)> {
        self.lock()
            .commands
            .get(language)
            .cloned()
            .unwrap_or_default()
    }

    /// The next `requests` requests fail with 502 Bad Gateway (Telegram briefly unreachable).
    pub fn fail_next_requests(&self, requests: u32) {
        self.lock().outage = requests;
    }

    /// The command menu set for one chat, if any.
    pub fn chat_commands(&self, chat: i64) -> Vec<(String, String)> {
        self.commands(&format!("chat:{chat}"))
    }

    /// How many of the requests [`BotApi::fail_next_requests`] asked to fail are still to come.
    pub fn failures_left(&self) -> u32 {
        self.lock().outage
    }

    /// Waits until the bot has sent something to `chat` that `check` accepts (a real hang fails
    /// after `storage::testing::PATIENCE`).
    pub async fn wait_for(
        &self,
        chat: i64,
        what: &str,
        check: impl Fn(&SentMessage) -> bool,
    ) -> SentMessage {
        let deadline = tokio::time::Instant::now() + storage::testing::PATIENCE;
        loop {
            if let Some(found) = self
                .sent_to(chat)
                .into_iter()
                .rev()
                .find(|m| !m.deleted && check(m))
            {
                return found;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "timed out waiting for {what}; the bot sent {:#?}",
                self.sent_to(chat)
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

fn bot_message_json(state: &State_, m: &SentMessage) -> Value {
    let mut message = json!({
        "message_id": m.message_id,
        // Not 0: a date of 0 marks an inaccessible message in the Bot API.
        "date": m.date,
        "chat": { "id": m.chat_id, "type": if m.chat_id < 0 { "supergroup" } else { "private" }, "first_name": "User" },
        "from": { "id": state.bot_id, "is_bot": true, "first_name": state.title, "username": state.username },
    });
    if m.photo {
        message["photo"] =
            json!([{ "file_id": "p", "file_unique_id": "p", "width": 512, "height": 512 }]);
        message["caption"] = json!(m.text);
    } else if let Some((name, bytes)) = &m.document {
        message["document"] = json!({
            "file_id": "d", "file_unique_id": "d", "file_name": name, "file_size": bytes.len(),
        });
        message["caption"] = json!(m.text);
    } else {
        message["text"] = json!(m.text);
    }
    if let Some(markup) = &m.reply_markup
        && markup.get("inline_keyboard").is_some()
    {
        message["reply_markup"] = markup.clone();
    }
    message
}

fn ok(result: Value) -> Json<Value> {
    Json(json!({ "ok": true, "result": result }))
}

fn error(code: u16, description: &str) -> Json<Value> {
    Json(json!({ "ok": false, "error_code": code, "description": description }))
}

/// A request's parameters, from JSON or multipart (files become `true`, their bytes are
/// returned beside).
async fn params(request: Request, shared: &Shared) -> (Value, Option<Vec<u8>>) {
    let multipart = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        let mut fields = serde_json::Map::new();
        let mut file = None;
        if let Ok(mut form) = Multipart::from_request(request, shared).await {
            while let Ok(Some(field)) = form.next_field().await {
                let name = field.name().unwrap_or_default().to_owned();
                let file_name = field.file_name().map(str::to_owned);
                let is_file = file_name.is_some();
                let bytes = field.bytes().await.unwrap_or_default();
                if let Some(file_name) = file_name {
                    fields.insert("__file_name".into(), Value::String(file_name));
                }
                let value = if is_file {
                    file.get_or_insert_with(|| bytes.to_vec());
                    Value::Bool(true)
                } else {
                    let text = String::from_utf8_lossy(&bytes).into_owned();
                    serde_json::from_str(&text).unwrap_or(Value::String(text))
                };
                fields.insert(name, value);
            }
        }
        return (Value::Object(fields), file);
    }
    let bytes = axum::body::to_bytes(request.into_body(), 16 << 20)
        .await
        .unwrap_or_default();
    (serde_json::from_slice(&bytes).unwrap_or(json!({})), None)
}

fn int(v: &Value) -> Option<i64> {
    v.as_i64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

async fn handle(
    State(shared): State<Shared>,
    Path((bot, method)): Path<(String, String)>,
    request: Request,
) -> Json<Value> {
    let (state, arrived, _) = &shared;
    let token = state
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .token
        .clone();
    if bot.strip_prefix("bot") != Some(token.as_str()) {
        return error(401, "Unauthorized");
    }
    {
        let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
        if s.outage > 0 {
            s.outage -= 1;
            return error(502, "Bad Gateway");
        }
    }
    let (p, file) = params(request, &shared).await;
    // Telegram reads method names without regard to case (teloxide sends "GetMe").
    let method = method.to_ascii_lowercase();
    match method.as_str() {
        "getme" => {
            let s = state.lock().unwrap_or_else(|p| p.into_inner());
            ok(json!({
                "id": s.bot_id, "is_bot": true, "first_name": s.title, "username": s.username,
                "can_join_groups": true, "can_read_all_group_messages": false, "supports_inline_queries": false,
                "can_connect_to_business": false, "has_main_web_app": false,
            }))
        }
        "getwebhookinfo" => {
            ok(json!({ "url": "", "has_custom_certificate": false, "pending_update_count": 0 }))
        }
        "deletewebhook" | "setmydescription" | "setmyshortdescription" => ok(json!(true)),
        "getupdates" => {
            let offset = p.get("offset").and_then(int).unwrap_or(0);
            let timeout = p.get("timeout").and_then(int).unwrap_or(0).clamp(0, 30);
            let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout as u64);
            loop {
                let waiting = arrived.notified();
                let updates: Vec<Value> = {
                    let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
                    // Confirmed updates (below the offset) are gone for good, as on Telegram.
                    s.updates
                        .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
                    s.updates.iter().cloned().collect()
                };
                if !updates.is_empty() || tokio::time::Instant::now() >= deadline {
                    return ok(Value::Array(updates));
                }
                let _ = tokio::time::timeout_at(deadline, waiting).await;
            }
        }
        "sendmessage" | "sendphoto" | "senddocument" => {
            let Some(chat_id) = p.get("chat_id").and_then(int) else {
                return error(400, "Bad Request: chat_id is empty");
            };
            let photo = method == "sendphoto";
            let document = (method == "senddocument").then(|| {
                let name = p
                    .get("__file_name")
                    .and_then(Value::as_str)
                    .unwrap_or("file");
                (name.to_owned(), file.clone().unwrap_or_default())
            });
            let text = p
                .get(if method == "sendmessage" {
                    "text"
                } else {
                    "caption"
                })
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            if method == "sendmessage" && text.is_empty() {
                return error(400, "Bad Request: message text is empty");
            }
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            let next = s.next_message.entry(chat_id).or_insert(0);
            *next += 1;
            let message = SentMessage {
                chat_id,
                message_id: *next,
                text,
                photo,
                photo_bytes: if photo { file } else { None },
                document,
                reply_markup: p.get("reply_markup").cloned(),
                edits: 0,
                deleted: false,
                date: shared.2.now_unix(),
            };
            let json = bot_message_json(&s, &message);
            s.sent.push(message);
            ok(json)
        }
        "editmessagetext"
        | "editmessagereplymarkup"
        | "editmessagecaption"
        | "editmessagemedia" => {
            let (Some(chat_id), Some(message_id)) = (
                p.get("chat_id").and_then(int),
                p.get("message_id").and_then(int),
            ) else {
                return error(400, "Bad Request: message to edit not found");
            };
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            let Some(index) = s
                .sent
                .iter()
                .position(|m| m.chat_id == chat_id && m.message_id == message_id && !m.deleted)
            else {
                return error(400, "Bad Request: message to edit not found");
            };
            {
                let m = &mut s.sent[index];
                // editMessageMedia carries the caption inside `media`.
                let media = p.get("media").and_then(|m| match m {
                    Value::String(text) => serde_json::from_str::<Value>(text).ok(),
                    other => Some(other.clone()),
                });
                if let Some(text) = p
                    .get("text")
                    .or_else(|| p.get("caption"))
                    .or_else(|| media.as_ref().and_then(|m| m.get("caption")))
                    .and_then(Value::as_str)
                {
                    m.text = text.to_owned();
                }
                if method == "editmessagemedia" {
                    m.photo = true;
                    if file.is_some() {
                        m.photo_bytes = file;
                    }
                }
                m.reply_markup = p.get("reply_markup").cloned();
                m.edits += 1;
            }
            let json = bot_message_json(&s, &s.sent[index]);
            ok(json)
        }
        "deletemessage" => {
            let (Some(chat_id), Some(message_id)) = (
                p.get("chat_id").and_then(int),
                p.get("message_id").and_then(int),
            ) else {
                return error(400, "Bad Request: message to delete not found");
            };
            let mut s = state.lock().unwrap_or_else(|p| p.into_inner());
            let own = s
                .sent
                .iter_mut()
                .find(|m| m.chat_id == chat_id && m.message_id == message_id && !m.deleted);
            match own {
                Some(m) => m.deleted = true,
                None => {
                    if s.user_messages.remove(&(chat_id, message_id)).is_none() {
                        return error(400, "Bad Request: message to delete not found");
                    }
                }
            }
            ok(json!(true))
        }
        "answercallbackquery" => {
            let id = p
                .get("callback_query_id")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned();
            let text = p.get("text").and_then(Value::as_str).map(str::to_owned);
            state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .callback_answers
                .push((id, text));
            ok(json!(true))
        }
        "setmycommands" => {
            // Keyed by language, or by chat for a menu set for one chat.
            let scope = p.get("scope").and_then(|s| match s {
                Value::String(text) => serde_json::from_str::<Value>(text).ok(),
                other => Some(other.clone()),
            });
            let language = match scope
                .as_ref()
                .filter(|s| s.get("type").and_then(Value::as_str) == Some("chat"))
                .and_then(|s| s.get("chat_id").and_then(int))
            {
                Some(chat) => format!("chat:{chat}"),
                None => p
                    .get("language_code")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
            };
            let commands = p
                .get("commands")
                .and_then(Value::as_array)
                .map(|c| {
                    c.iter()
                        .map(|c| {
                            let field = |k: &str| {
                                c.get(k)
                                    .and_then(Value::as_str)
                                    .unwrap_or_default()
                                    .to_owned()
                            };
                            (field("command"), field("description"))
                        })
                        .collect()
                })
                .unwrap_or_default();
            state
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .commands
                .insert(language, commands);
            ok(json!(true))
        }
        other => error(404, &format!("Not Found: method {other} is not simulated")),
    }
}
