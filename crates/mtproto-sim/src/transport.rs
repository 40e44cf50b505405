//! The Full transport (length, sequence number, payload, CRC32) over TCP, with grammers' own
//! `Full` doing the framing on both sides. https://core.telegram.org/mtproto/mtproto-transports#full

use grammers_crypto::DequeBuffer;
use grammers_mtproto::transport::{Error as TransportError, Full, Transport as _};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};

#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("the connection closed")]
    Closed,
    #[error("I/O: {0}")]
    Io(#[from] std::io::Error),
    #[error("bad frame: {0}")]
    Bad(TransportError),
}

/// Reads whole frames from the client.
pub struct FrameReader {
    half: OwnedReadHalf,
    full: Full,
    buffer: Vec<u8>,
}

impl FrameReader {
    pub fn new(half: OwnedReadHalf) -> Self {
        Self {
            half,
            full: Full::new(),
            buffer: Vec::with_capacity(4096),
        }
    }

    /// The next frame's payload.
    pub async fn next(&mut self) -> Result<Vec<u8>, FrameError> {
        loop {
            match self.full.unpack(&mut self.buffer[..]) {
                Ok(offset) => {
                    let payload = self.buffer[offset.data_range].to_vec();
                    self.buffer.drain(..offset.next_offset);
                    return Ok(payload);
                }
                Err(TransportError::MissingBytes) => {}
                Err(other) => return Err(FrameError::Bad(other)),
            }
            let mut chunk = [0u8; 8192];
            let n = self.half.read(&mut chunk).await?;
            if n == 0 {
                return Err(FrameError::Closed);
            }
            self.buffer.extend_from_slice(&chunk[..n]);
        }
    }
}

/// Writes frames to the client.
pub struct FrameWriter {
    half: OwnedWriteHalf,
    full: Full,
}

impl FrameWriter {
    pub fn new(half: OwnedWriteHalf) -> Self {
        Self {
            half,
            full: Full::new(),
        }
    }

    pub async fn send(&mut self, payload: &[u8]) -> Result<(), FrameError> {
        let mut buffer = DequeBuffer::with_capacity(payload.len() + 4, 8);
        buffer.extend(payload.iter().copied());
        self.full.pack(&mut buffer);
        self.half.write_all(&buffer[..]).await?;
        Ok(())
    }
}
