//! The layer between encryption and TL: the plaintext envelope (salt, session_id, message),
//! message containers, `gzip_packed`, `rpc_result`, and the server's msg_id / seqno rules.
//! https://core.telegram.org/mtproto/description and /mtproto/service_messages

use std::io::{Read as _, Write as _};
use std::time::{SystemTime, UNIX_EPOCH};

use grammers_tl_types::{self as tl, Deserializable as _, Serializable as _};

pub const MSG_CONTAINER: u32 = 0x73f1_f8dc;
pub const GZIP_PACKED: u32 = 0x3072_cfa1;
pub const RPC_RESULT: u32 = 0xf35c_6d01;

/// One MTProto message: its id, sequence number and TL body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub msg_id: i64,
    pub seq_no: i32,
    pub body: Vec<u8>,
}

impl Message {
    /// Content-related messages have odd seqno and must be acknowledged.
    pub fn is_content_related(&self) -> bool {
        self.seq_no % 2 == 1
    }

    pub fn constructor(&self) -> u32 {
        constructor(&self.body)
    }

    fn write(&self, out: &mut Vec<u8>) {
        self.msg_id.serialize(out);
        self.seq_no.serialize(out);
        (self.body.len() as i32).serialize(out);
        out.extend_from_slice(&self.body);
    }
}

/// The TL constructor id a body starts with (0 when it is too short to have one).
pub fn constructor(body: &[u8]) -> u32 {
    body.get(..4)
        .and_then(|b| b.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WireError {
    #[error("the message is truncated or malformed")]
    Malformed,
    #[error("gzip_packed data does not inflate")]
    BadGzip,
}

impl From<tl::deserialize::Error> for WireError {
    fn from(_: tl::deserialize::Error) -> Self {
        WireError::Malformed
    }
}

/// A decrypted client packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub salt: i64,
    pub session_id: i64,
    pub message: Message,
}

fn read_message(cursor: &mut tl::deserialize::Cursor<'_>) -> Result<Message, WireError> {
    let msg_id = i64::deserialize(cursor)?;
    let seq_no = i32::deserialize(cursor)?;
    let len = i32::deserialize(cursor)?;
    let len = usize::try_from(len).map_err(|_| WireError::Malformed)?;
    if len > 1 << 20 {
        return Err(WireError::Malformed);
    }
    let mut body = vec![0u8; len];
    cursor.read_exact(&mut body)?;
    Ok(Message {
        msg_id,
        seq_no,
        body,
    })
}

/// Parses a decrypted plaintext (padding after the message is ignored).
pub fn parse_envelope(plaintext: &[u8]) -> Result<Envelope, WireError> {
    let mut cursor = tl::deserialize::Cursor::from_slice(plaintext);
    let salt = i64::deserialize(&mut cursor)?;
    let session_id = i64::deserialize(&mut cursor)?;
    let message = read_message(&mut cursor)?;
    Ok(Envelope {
        salt,
        session_id,
        message,
    })
}

/// The plaintext of a server packet.
pub fn build_envelope(salt: i64, session_id: i64, message: &Message) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 + message.body.len());
    salt.serialize(&mut out);
    session_id.serialize(&mut out);
    message.write(&mut out);
    out
}

/// The messages a client message stands for: a container's contents, or itself. Containers
/// do not nest (service_messages#simple-container).
pub fn unpack_container(message: Message) -> Result<Vec<Message>, WireError> {
    if message.constructor() != MSG_CONTAINER {
        return Ok(vec![message]);
    }
    let mut cursor = tl::deserialize::Cursor::from_slice(&message.body[4..]);
    let count = i32::deserialize(&mut cursor)?;
    (0..count).map(|_| read_message(&mut cursor)).collect()
}

/// A container carrying `messages` (its own id and seqno are the caller's).
pub fn container_body(messages: &[Message]) -> Vec<u8> {
    let mut out = Vec::new();
    MSG_CONTAINER.serialize(&mut out);
    (messages.len() as i32).serialize(&mut out);
    for m in messages {
        m.write(&mut out);
    }
    out
}

/// Unwraps `gzip_packed` (clients may pack large requests); other bodies pass through.
pub fn inflate(body: Vec<u8>) -> Result<Vec<u8>, WireError> {
    if constructor(&body) != GZIP_PACKED {
        return Ok(body);
    }
    let packed = Vec::<u8>::from_bytes(&body[4..])?;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(&packed[..])
        .read_to_end(&mut out)
        .map_err(|_| WireError::BadGzip)?;
    Ok(out)
}

/// `gzip_packed` around `body`.
pub fn deflate(body: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(body);
    let packed = encoder.finish().unwrap_or_default();
    let mut out = Vec::new();
    GZIP_PACKED.serialize(&mut out);
    packed.serialize(&mut out);
    out
}

/// Answers larger than this are sent gzip_packed, as Telegram does for large results.
pub const GZIP_THRESHOLD: usize = 512;

/// `rpc_result` for the request `req_msg_id`, its result packed when large.
pub fn rpc_result(req_msg_id: i64, result: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(12 + result.len());
    RPC_RESULT.serialize(&mut out);
    req_msg_id.serialize(&mut out);
    if result.len() > GZIP_THRESHOLD {
        let packed = deflate(result);
        if packed.len() < result.len() {
            out.extend_from_slice(&packed);
            return out;
        }
    }
    out.extend_from_slice(result);
    out
}

/// `rpc_error` as an `rpc_result` body.
pub fn rpc_error(req_msg_id: i64, code: i32, name: &str) -> Vec<u8> {
    let error = tl::enums::RpcError::Error(tl::types::RpcError {
        error_code: code,
        error_message: name.to_owned(),
    })
    .to_bytes();
    rpc_result(req_msg_id, &error)
}

/// The server's msg_ids and seqnos for one session: ids grow with time and stay unique; a
/// response's id is ≡ 1 (mod 4), any other server message's ≡ 3 (mod 4).
#[derive(Debug, Default)]
pub struct Outgoing {
    last_msg_id: i64,
    content_sent: i32,
}

impl Outgoing {
    pub fn next_msg_id(&mut self, response: bool) -> i64 {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        let base = ((now.as_secs() as i64) << 32) | (i64::from(now.subsec_nanos()) << 2);
        let rem = if response { 1 } else { 3 };
        let mut id = (base & !3) | rem;
        if id <= self.last_msg_id {
            id = (self.last_msg_id & !3) + 4 + rem;
        }
        self.last_msg_id = id;
        id
    }

    pub fn next_seq_no(&mut self, content_related: bool) -> i32 {
        if content_related {
            self.content_sent += 1;
            self.content_sent * 2 - 1
        } else {
            self.content_sent * 2
        }
    }

    pub fn message(&mut self, body: Vec<u8>, response: bool, content_related: bool) -> Message {
        Message {
            msg_id: self.next_msg_id(response),
            seq_no: self.next_seq_no(content_related),
            body,
        }
    }
}

/// Why a client's msg_id or seqno is refused, as `bad_msg_notification` error codes.
/// https://core.telegram.org/mtproto/service_messages_about_messages#notice-of-ignored-error-message
pub fn check_client_msg_id(msg_id: i64, now_unix: i64) -> Option<i32> {
    if msg_id % 4 != 0 {
        return Some(18); // client msg_ids are divisible by 4
    }
    let seconds = msg_id >> 32;
    if seconds < now_unix - 300 {
        return Some(16); // too low
    }
    if seconds > now_unix + 30 {
        return Some(17); // too high
    }
    None
}

pub fn now_unix() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_msg_ids_grow_and_say_what_they_are() {
        let mut out = Outgoing::default();
        let a = out.next_msg_id(true);
        let b = out.next_msg_id(false);
        let c = out.next_msg_id(true);
        assert!(a < b && b < c);
        assert_eq!((a % 4, b % 4, c % 4), (1, 3, 1));
        assert_eq!(out.next_seq_no(true), 1);
        assert_eq!(out.next_seq_no(false), 2);
        assert_eq!(out.next_seq_no(true), 3);
    }

    #[test]
    fn gzip_packed_round_trips() {
        let body: Vec<u8> = (0..4000u32).flat_map(|n| (n % 7).to_le_bytes()).collect();
        let packed = deflate(&body);
        assert_eq!(constructor(&packed), GZIP_PACKED);
        assert!(packed.len() < body.len());
        assert_eq!(inflate(packed).unwrap(), body);
    }

    #[test]
    fn a_container_unpacks_into_its_messages() {
        let inner = vec![
            Message {
                msg_id: 4,
                seq_no: 1,
                body: vec![1, 0, 0, 0],
            },
            Message {
                msg_id: 8,
                seq_no: 2,
                body: vec![2, 0, 0, 0, 9, 9, 9, 9],
            },
        ];
        let outer = Message {
            msg_id: 12,
            seq_no: 2,
            body: container_body(&inner),
        };
        assert_eq!(unpack_container(outer).unwrap(), inner);
    }

    #[test]
    fn client_msg_ids_are_checked() {
        let now = 1_700_000_000;
        assert_eq!(check_client_msg_id((now << 32) | 4, now), None);
        assert_eq!(check_client_msg_id((now << 32) | 1, now), Some(18));
        assert_eq!(check_client_msg_id((now - 400) << 32, now), Some(16));
        assert_eq!(check_client_msg_id((now + 60) << 32, now), Some(17));
    }
}
