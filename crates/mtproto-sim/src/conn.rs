//! One client connection: decrypts, checks the session rules (salt, session_id, msg_id),
//! acknowledges, answers pings and requests, and pushes the session's updates.
//!
//! grammers' traps, from its source: the session_id is always echoed (its client panics on
//! another); neither `future_salt` nor `msg_copy` is ever sent (it panics on both); a packet
//! this server cannot take closes the connection and is recorded, never answered with transport
//! error -404 (grammers would start a key exchange no fake server can finish).

use std::sync::Arc;

use grammers_tl_types::{self as tl, Identifiable as _, Serializable as _};
use tokio::net::TcpStream;
use tokio::sync::mpsc;

use crate::crypto::AuthKey;
use crate::state::Inner;
use crate::transport::{FrameReader, FrameWriter};
use crate::wire::{self, Message, Outgoing};

struct Conn {
    inner: Arc<Inner>,
    dc: i32,
    /// The auth key and its id (what it is signed in as is looked up per request: signing in
    /// binds it while the connection is open).
    key: Option<(AuthKey, [u8; 8])>,
    session_id: Option<i64>,
    out: Outgoing,
    push_tx: mpsc::UnboundedSender<Vec<u8>>,
    attached: bool,
}

/// Why a connection ends.
struct Close;

pub(crate) async fn serve(inner: Arc<Inner>, dc: i32, stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let (read, write) = stream.into_split();
    let mut reader = FrameReader::new(read);
    let mut writer = FrameWriter::new(write);
    let (push_tx, mut push_rx) = mpsc::unbounded_channel();
    let mut conn = Conn {
        inner,
        dc,
        key: None,
        session_id: None,
        out: Outgoing::default(),
        push_tx,
        attached: false,
    };
    loop {
        tokio::select! {
            frame = reader.next() => {
                let Ok(frame) = frame else { break };
                match conn.handle(frame).await {
                    Ok(Some(packet)) => {
                        if writer.send(&packet).await.is_err() {
                            break;
                        }
                    }
                    Ok(None) => {}
                    Err(Close) => break,
                }
            }
            Some(updates) = push_rx.recv() => {
                let message = conn.out.message(updates, false, true);
                if let Some(packet) = conn.seal(vec![message])
                    && writer.send(&packet).await.is_err()
                {
                    break;
                }
            }
        }
    }
}

impl Conn {
    /// Encrypts messages for the client (in a container when several).
    fn seal(&mut self, mut messages: Vec<Message>) -> Option<Vec<u8>> {
        let session_id = self.session_id?;
        let (key, _) = self.key.as_ref()?;
        let message = if messages.len() == 1 {
            messages.pop()?
        } else {
            // A container's id is above the ids of what it carries.
            let body = wire::container_body(&messages);
            self.out.message(body, false, false)
        };
        let plaintext = wire::build_envelope(self.inner.salt, session_id, &message);
        Some(key.encrypt_for_client(&plaintext))
    }

    fn notice(&mut self, bad: &Message, code: i32) -> Vec<Message> {
        let body = tl::enums::BadMsgNotification::Notification(tl::types::BadMsgNotification {
            bad_msg_id: bad.msg_id,
            bad_msg_seqno: bad.seq_no,
            error_code: code,
        })
        .to_bytes();
        vec![self.out.message(body, false, false)]
    }

    async fn handle(&mut self, frame: Vec<u8>) -> Result<Option<Vec<u8>>, Close> {
        let Some(key_id) = frame.get(..8).and_then(|k| <[u8; 8]>::try_from(k).ok()) else {
            return Err(Close);
        };
        if key_id == [0; 8] {
            self.inner
                .violation(format!("DC {}: a key exchange was attempted", self.dc));
            return Err(Close);
        }
        if self.key.is_none() {
            let entry = self.inner.lock().keys.get(&key_id).cloned();
            match entry {
                Some(e) if e.dc == self.dc => self.key = Some((e.key, key_id)),
                Some(e) => {
                    self.inner
                        .violation(format!("the key of DC {} was used on DC {}", e.dc, self.dc));
                    return Err(Close);
                }
                None => {
                    self.inner
                        .violation(format!("DC {}: an unknown auth key", self.dc));
                    return Err(Close);
                }
            }
        }
        let Some((key, _)) = &self.key else {
            return Err(Close);
        };
        let plaintext = key.decrypt_from_client(&frame).map_err(|e| {
            self.inner.violation(format!("DC {}: {e}", self.dc));
            Close
        })?;
        let envelope = wire::parse_envelope(&plaintext).map_err(|_| Close)?;
        let new_session = self.session_id != Some(envelope.session_id);
        self.session_id = Some(envelope.session_id);
        let outer = envelope.message;
        if envelope.salt != self.inner.salt {
            // Not processed: the client resends it with the salt given here.
            let body = tl::enums::BadMsgNotification::BadServerSalt(tl::types::BadServerSalt {
                bad_msg_id: outer.msg_id,
                bad_msg_seqno: outer.seq_no,
                error_code: 48,
                new_server_salt: self.inner.salt,
            })
            .to_bytes();
            let reply = vec![self.out.message(body, false, false)];
            return Ok(self.seal(reply));
        }
        if let Some(code) = wire::check_client_msg_id(outer.msg_id, wire::now_unix()) {
            self.inner
                .violation(format!("bad msg_id {} (code {code})", outer.msg_id));
            let reply = self.notice(&outer, code);
            return Ok(self.seal(reply));
        }
        let mut replies = Vec::new();
        if new_session {
            let mut unique = [0u8; 8];
            getrandom::fill(&mut unique)
                .expect("the operating system's random source is unavailable");
            let body = tl::enums::NewSession::Created(tl::types::NewSessionCreated {
                first_msg_id: outer.msg_id,
                unique_id: i64::from_le_bytes(unique),
                server_salt: self.inner.salt,
            })
            .to_bytes();
            replies.push(self.out.message(body, false, true));
        }
        self.attach();
        let messages = wire::unpack_container(outer).map_err(|_| Close)?;
        let mut acks = Vec::new();
        let mut answers = Vec::new();
        for message in messages {
            let content = message.is_content_related();
            let body = match wire::inflate(message.body.clone()) {
                Ok(body) => body,
                Err(_) => {
                    replies.extend(self.notice(&message, 35));
                    continue;
                }
            };
            let constructor = wire::constructor(&body);
            if constructor == tl::types::MsgsAck::CONSTRUCTOR_ID {
                continue;
            }
            if content {
                acks.push(message.msg_id);
            }
            if constructor == tl::functions::PingDelayDisconnect::CONSTRUCTOR_ID
                || constructor == tl::functions::Ping::CONSTRUCTOR_ID
            {
                // Both start with ping_id.
                let ping_id = body
                    .get(4..12)
                    .and_then(|b| b.try_into().ok())
                    .map_or(0, i64::from_le_bytes);
                let pong = tl::enums::Pong::Pong(tl::types::Pong {
                    msg_id: message.msg_id,
                    ping_id,
                })
                .to_bytes();
                answers.push(self.out.message(pong, true, false));
                continue;
            }
            if constructor == tl::functions::GetFutureSalts::CONSTRUCTOR_ID {
                answers.push(self.future_salts(message.msg_id));
                continue;
            }
            if !content {
                // A request must be content-related (odd seqno).
                replies.extend(self.notice(&message, 34));
                continue;
            }
            let result = crate::rpc::call(&self.inner, self.dc, key_id, body).await;
            let body = match result {
                Ok(answer) => wire::rpc_result(message.msg_id, &answer),
                Err(e) if e.is_hang_up() => return Err(Close),
                Err(e) => wire::rpc_error(message.msg_id, e.code, &e.name),
            };
            answers.push(self.out.message(body, true, true));
        }
        if !acks.is_empty() {
            let body = tl::enums::MsgsAck::Ack(tl::types::MsgsAck { msg_ids: acks }).to_bytes();
            replies.push(self.out.message(body, false, false));
        }
        replies.extend(answers);
        if replies.is_empty() {
            return Ok(None);
        }
        Ok(self.seal(replies))
    }

    /// Answers get_future_salts (a bare future_salts, as Telegram sends it). Every salt is the
    /// one salt this server takes, in hour-long windows, so clients never need another.
    fn future_salts(&mut self, req_msg_id: i64) -> Message {
        let now = wire::now_unix() as i32;
        let salts = (0..64)
            .map(|n| tl::types::FutureSalt {
                valid_since: now - 60 + n * 3600,
                valid_until: now - 60 + (n + 1) * 3600,
                salt: self.inner.salt,
            })
            .collect();
        let body = tl::enums::FutureSalts::Salts(tl::types::FutureSalts {
            req_msg_id,
            now,
            salts: tl::RawVec(salts),
        })
        .to_bytes();
        self.out.message(body, true, false)
    }

    /// A connection receives what is pushed to its key (updateLoginToken) and, once the key is
    /// signed in, its session's updates (signing in later attaches it then: see methods::auth).
    fn attach(&mut self) {
        if self.attached {
            return;
        }
        self.attached = true;
        let Some((_, key_id)) = &self.key else {
            return;
        };
        let mut state = self.inner.lock();
        state
            .key_conns
            .entry(*key_id)
            .or_default()
            .push(self.push_tx.clone());
        let session = state
            .keys
            .get(key_id)
            .and_then(|e| e.auth.as_ref())
            .map(|a| a.session.clone());
        if let Some(session) = session
            && let Some(link) = state.boxes.links.get_mut(&session)
        {
            link.live.push(self.push_tx.clone());
        }
    }
}
