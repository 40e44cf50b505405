//! Secrets at rest: sessions and bot tokens are sealed with XChaCha20-Poly1305 before they reach the
//! database, under one 32-byte key that never lives in the database itself.
//!
//! A sealed value is `version (1 byte) ‖ nonce (24 bytes) ‖ ciphertext+tag`. The associated data binds
//! each value to the column and row it was written for, so a sealed session cannot be copied into
//! another connection's row and opened there.

use std::fmt;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use zeroize::Zeroizing;

const FORMAT_V1: u8 = 1;
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;

/// The environment variable that holds the key itself.
pub const KEY_ENV: &str = "SWITCHBOARD_SECRET_KEY";
/// The environment variable that names a file holding the key.
pub const KEY_FILE_ENV: &str = "SWITCHBOARD_SECRET_KEY_FILE";

/// What went wrong with a key or a sealed value. Every message names the setting to look at and
/// never contains key material or plaintext.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SecretError {
    #[error(
        "{origin} is malformed: expected 32 bytes as 64 hex digits or 44 base64 characters (create one with `openssl rand -hex 32`)"
    )]
    MalformedKey { origin: String },
    #[error("{origin} cannot be read: {reason}")]
    UnreadableKeyFile { origin: String, reason: String },
    #[error("{origin} cannot be written: {reason}")]
    UnwritableKeyFile { origin: String, reason: String },
    #[error(
        "{origin} does not open the secrets stored in this database: it is not the key they were sealed with"
    )]
    WrongKey { origin: String },
    #[error("a sealed {what} is damaged or was altered; it cannot be opened with {origin}")]
    Tampered { what: String, origin: String },
}

/// The 32-byte key. Its Debug output is redacted and its memory is wiped on drop.
pub struct SecretKey(SecretBox<[u8; KEY_LEN]>);

impl SecretKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        let mut bytes = Box::new([0u8; KEY_LEN]);
        // The OS random source failing leaves no safe way to create secrets at all.
        getrandom::fill(bytes.as_mut())
            .expect("the operating system's random source is unavailable");
        Self(SecretBox::new(bytes))
    }

    /// Parses 64 hex digits or standard/URL-safe base64 of 32 bytes; surrounding white space is ignored.
    pub fn parse(text: &str, origin: &str) -> Result<Self, SecretError> {
        use base64::Engine as _;
        let text = text.trim();
        let malformed = || SecretError::MalformedKey {
            origin: origin.to_owned(),
        };
        let bytes = Zeroizing::new(if text.len() == 2 * KEY_LEN {
            hex::decode(text).map_err(|_| malformed())?
        } else {
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .or_else(|_| base64::engine::general_purpose::URL_SAFE.decode(text))
                .map_err(|_| malformed())?
        });
        let array: [u8; KEY_LEN] = bytes.as_slice().try_into().map_err(|_| malformed())?;
        Ok(Self(SecretBox::new(Box::new(array))))
    }

    /// The key as 64 hex digits, for writing a key file.
    fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.expose_secret()))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// Where the key came from, in the words an operator would look for.
#[derive(Debug)]
pub enum KeySource {
    /// `SWITCHBOARD_SECRET_KEY`, from the environment or a flag.
    Value { key: SecretString, origin: String },
    /// `SWITCHBOARD_SECRET_KEY_FILE`.
    File { path: PathBuf, origin: String },
    /// No key configured: use (or create) a key file beside the SQLite database.
    BesideDatabase { path: PathBuf },
}

/// What `load_key` did, so the caller can say so once.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyOrigin {
    Configured,
    ReadExistingFile(PathBuf),
    CreatedFile(PathBuf),
}

/// Loads the key from its source; creates the file beside the database on the very first run.
pub fn load_key(source: &KeySource) -> Result<(Sealer, KeyOrigin), SecretError> {
    match source {
        KeySource::Value { key, origin } => {
            let key = SecretKey::parse(key.expose_secret(), origin)?;
            Ok((Sealer::new(key, origin.clone()), KeyOrigin::Configured))
        }
        KeySource::File { path, origin } => {
            let key = read_key_file(path, origin)?;
            Ok((Sealer::new(key, origin.clone()), KeyOrigin::Configured))
        }
        KeySource::BesideDatabase { path } => {
            let origin = format!("the key file {}", path.display());
            if path.exists() {
                let key = read_key_file(path, &origin)?;
                Ok((
                    Sealer::new(key, origin),
                    KeyOrigin::ReadExistingFile(path.clone()),
                ))
            } else {
                let key = SecretKey::generate();
                write_key_file(path, &key, &origin)?;
                Ok((
                    Sealer::new(key, origin),
                    KeyOrigin::CreatedFile(path.clone()),
                ))
            }
        }
    }
}

fn read_key_file(path: &Path, origin: &str) -> Result<SecretKey, SecretError> {
    let text = Zeroizing::new(std::fs::read_to_string(path).map_err(|e| {
        SecretError::UnreadableKeyFile {
            origin: origin.to_owned(),
            reason: e.to_string(),
        }
    })?);
    SecretKey::parse(&text, origin)
}

fn write_key_file(path: &Path, key: &SecretKey, origin: &str) -> Result<(), SecretError> {
    use std::io::Write as _;
    let fail = |e: std::io::Error| SecretError::UnwritableKeyFile {
        origin: origin.to_owned(),
        reason: e.to_string(),
    };
    let mut options = std::fs::OpenOptions::new();
    // create_new: never overwrite a key that might already seal data.
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(fail)?;
    file.write_all(key.to_hex().as_bytes()).map_err(fail)?;
    file.write_all(b"\n").map_err(fail)?;
    file.sync_all().map_err(fail)
}

/// Seals and opens secrets with the configured key.
pub struct Sealer {
    cipher: XChaCha20Poly1305,
    origin: String,
}

impl fmt::Debug for Sealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sealer")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Sealer {
    pub fn new(key: SecretKey, origin: impl Into<String>) -> Self {
        let cipher = XChaCha20Poly1305::new(Key::from_slice(key.0.expose_secret()));
        Self {
            cipher,
            origin: origin.into(),
        }
    }

    /// Where the key came from (for messages); never the key itself.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Seals `plaintext`; `context` names what it is and where it is stored (it must be given again to open).
    pub fn seal(&self, context: &str, plaintext: &[u8]) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        getrandom::fill(&mut nonce).expect("the operating system's random source is unavailable");
        let ciphertext = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            // Encryption fails only for plaintexts beyond 256 GiB, far past any session or token.
            .expect("XChaCha20-Poly1305 encryption of a small value cannot fail");
        let mut sealed = Vec::with_capacity(1 + NONCE_LEN + ciphertext.len());
        sealed.push(FORMAT_V1);
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        sealed
    }

    /// Opens a value sealed for `context`; a wrong key, another context or altered bytes all fail.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<SecretBox<Vec<u8>>, SecretError> {
        let tampered = || SecretError::Tampered {
            what: context.to_owned(),
            origin: self.origin.clone(),
        };
        if sealed.len() < 1 + NONCE_LEN || sealed[0] != FORMAT_V1 {
            return Err(tampered());
        }
        let (nonce, ciphertext) = sealed[1..].split_at(NONCE_LEN);
        self.cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map(|plain| SecretBox::new(Box::new(plain)))
            .map_err(|_| tampered())
    }

    /// The key-check value stored once per database, so a wrong key is caught at start-up instead of
    /// at the first session a relay opens.
    pub(crate) fn key_check(&self) -> Vec<u8> {
        self.seal(KEY_CHECK_CONTEXT, KEY_CHECK_PLAINTEXT)
    }

    pub(crate) fn verify_key_check(&self, sealed: &[u8]) -> Result<(), SecretError> {
        match self.open(KEY_CHECK_CONTEXT, sealed) {
            Ok(plain) if plain.expose_secret().as_slice() == KEY_CHECK_PLAINTEXT => Ok(()),
            _ => Err(SecretError::WrongKey {
                origin: self.origin.clone(),
            }),
        }
    }
}

const KEY_CHECK_CONTEXT: &str = "meta.key_check";
const KEY_CHECK_PLAINTEXT: &[u8] = b"switchboard secret key check v1";

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> Sealer {
        Sealer::new(
            SecretKey::generate(),
            "SWITCHBOARD_SECRET_KEY (environment)",
        )
    }

    #[test]
    fn sealed_value_opens_only_in_its_context() {
        let s = sealer();
        let sealed = s.seal("connections.session:1", b"auth key bytes");
        assert_eq!(
            s.open("connections.session:1", &sealed)
                .unwrap()
                .expose_secret(),
            b"auth key bytes"
        );
        let err = s.open("connections.session:2", &sealed).unwrap_err();
        assert!(matches!(err, SecretError::Tampered { .. }));
    }

    #[test]
    fn ciphertext_never_contains_the_plaintext_and_nonces_differ() {
        let s = sealer();
        let plain = b"123456789:AAH-secret-bot-token-value-xyz";
        let a = s.seal("c", plain);
        let b = s.seal("c", plain);
        assert_ne!(a, b, "every seal uses a fresh nonce");
        assert!(!a.windows(plain.len()).any(|w| w == plain));
        assert!(!a.windows(8).any(|w| plain.windows(8).any(|p| p == w)));
    }

    #[test]
    fn flipped_bit_is_refused_not_garbage() {
        let s = sealer();
        let mut sealed = s.seal("c", b"value");
        for i in 0..sealed.len() {
            sealed[i] ^= 0x01;
            assert!(
                s.open("c", &sealed).is_err(),
                "byte {i} altered but still opened"
            );
            sealed[i] ^= 0x01;
        }
        assert!(s.open("c", &[]).is_err());
        assert!(s.open("c", &[FORMAT_V1; 10]).is_err());
    }

    #[test]
    fn wrong_key_names_the_setting() {
        let right = sealer();
        let wrong = Sealer::new(
            SecretKey::generate(),
            "SWITCHBOARD_SECRET_KEY_FILE (/etc/sb.key)",
        );
        let check = right.key_check();
        right.verify_key_check(&check).unwrap();
        let err = wrong.verify_key_check(&check).unwrap_err();
        assert_eq!(
            err,
            SecretError::WrongKey {
                origin: "SWITCHBOARD_SECRET_KEY_FILE (/etc/sb.key)".into()
            }
        );
        assert!(err.to_string().contains("SWITCHBOARD_SECRET_KEY_FILE"));
    }

    #[test]
    fn key_parses_from_hex_and_base64_and_refuses_the_rest() {
        let hex64 = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        SecretKey::parse(hex64, "k").unwrap();
        SecretKey::parse(&format!("  {hex64}\n"), "k").unwrap();
        SecretKey::parse("ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=", "k").unwrap();
        for bad in [
            "",
            "short",
            &hex64[..62],
            &format!("{hex64}00"),
            "zz112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
        ] {
            let err = SecretKey::parse(bad, "SWITCHBOARD_SECRET_KEY (environment)").unwrap_err();
            assert!(
                err.to_string()
                    .starts_with("SWITCHBOARD_SECRET_KEY (environment) is malformed")
            );
            if bad.len() > 4 {
                assert!(
                    !err.to_string().contains(bad),
                    "the message must not echo the key"
                );
            }
        }
    }

    #[test]
    fn debug_output_is_redacted() {
        let key = SecretKey::parse(&"ab".repeat(32), "k").unwrap();
        let shown_key = format!("{key:?}");
        let shown = format!("{shown_key} {:?}", Sealer::new(key, "origin"));
        assert!(!shown.contains("abab"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn key_file_beside_database_is_created_once_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("switchboard.db.key");
        let source = KeySource::BesideDatabase { path: path.clone() };
        let (first, origin) = load_key(&source).unwrap();
        assert_eq!(origin, KeyOrigin::CreatedFile(path.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
        let sealed = first.seal("c", b"x");
        let (second, origin) = load_key(&source).unwrap();
        assert_eq!(origin, KeyOrigin::ReadExistingFile(path));
        assert_eq!(second.open("c", &sealed).unwrap().expose_secret(), b"x");
    }
}
