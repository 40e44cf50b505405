//! The sign-in paths as the setup bot drives them, one step per admin action.
//!
//! [`Authenticator`] is implemented for real by [`crate::GrammersAuthenticator`] and, for tests,
//! by `telegram-sim`. A login in progress is a boxed [`PhoneLogin`] or [`QrLogin`] held in memory
//! by the setup bot: Telegram's login state cannot be persisted, and a login code or password is
//! never stored anywhere.

use std::fmt;

use async_trait::async_trait;
use secrecy::SecretBox;
use storage::Identity;

use crate::errors::SignInError;
use crate::flow::CodeSent;

/// A completed sign-in: who it is, and the session to seal into the connection.
pub struct SignedIn {
    pub identity: Identity,
    pub is_bot: bool,
    /// The serialized session (auth keys): hand it to `Connections::store_sign_in`.
    pub session: SecretBox<Vec<u8>>,
}

impl fmt::Debug for SignedIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignedIn")
            .field("identity", &self.identity)
            .field("is_bot", &self.is_bot)
            .field("session", &"[redacted]")
            .finish()
    }
}

/// After a code or a QR scan: done, or the account's 2FA password is needed.
#[derive(Debug)]
pub enum LoginStep {
    SignedIn(SignedIn),
    PasswordNeeded { hint: Option<String> },
}

/// A QR code to show: the `tg://login` URL it carries, valid until `expires_at` (unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrCode {
    pub url: String,
    pub expires_at: i64,
}

impl QrCode {
    /// The code as a PNG image, with a quiet zone, large enough to scan from a phone screen.
    pub fn png(&self) -> Vec<u8> {
        render_png(&self.url)
    }
}

/// Renders `text` as a QR code PNG.
pub fn render_png(text: &str) -> Vec<u8> {
    use image::ImageEncoder as _;
    // A tg://login URL is ~60 bytes, far below QR capacity: encoding cannot fail.
    let code = qrcode::QrCode::new(text.as_bytes()).expect("a login URL fits in a QR code");
    let image = code
        .render::<image::Luma<u8>>()
        .min_dimensions(512, 512)
        .quiet_zone(true)
        .build();
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(
            image.as_raw(),
            image.width(),
            image.height(),
            image::ExtendedColorType::L8,
        )
        .expect("encoding an in-memory image as PNG cannot fail");
    png
}

/// What happened while a QR code was on screen.
#[derive(Debug)]
pub enum QrEvent {
    /// The old code expired; show this one instead.
    Refreshed(QrCode),
    /// A device scanned it and Telegram is signing in ("scanned — signing in").
    Scanned,
    /// Signed in, or the 2FA password is needed.
    Step(LoginStep),
}

/// Starts sign-ins. One instance serves every admin.
#[async_trait]
pub trait Authenticator: Send + Sync + 'static {
    /// Signs in as a bot. This opens a parallel MTProto session: the bot's Bot API integration
    /// keeps working.
    async fn sign_in_bot(&self, token: &str) -> Result<SignedIn, SignInError>;

    /// Sends a login code to `phone` (as typed or shared; it is normalized first).
    async fn send_code(&self, phone: &str) -> Result<Box<dyn PhoneLogin>, SignInError>;

    /// Starts a QR login and returns the first code.
    async fn start_qr(&self) -> Result<Box<dyn QrLogin>, SignInError>;

    /// Ends a stored session on Telegram's side (deleting a connection).
    async fn sign_out(&self, session: SecretBox<Vec<u8>>) -> Result<(), SignInError>;

    /// Opens a stored session and asks Telegram whose it is: `SessionRevoked` when it no longer
    /// works (the connection then needs a new login).
    async fn verify_session(&self, session: SecretBox<Vec<u8>>) -> Result<Identity, SignInError>;
}

/// A phone login in progress.
#[async_trait]
pub trait PhoneLogin: Send + Sync {
    /// How the current code was delivered.
    fn code_sent(&self) -> &CodeSent;

    /// Asks Telegram to deliver the code another way.
    async fn resend(&mut self) -> Result<CodeSent, SignInError>;

    /// Tries a code (digits only; see `flow::normalize_code`). A wrong code leaves the login
    /// usable for another try; an expired one needs a resend.
    async fn submit_code(&mut self, code: &str) -> Result<LoginStep, SignInError>;

    /// Tries the 2FA password; a wrong one leaves the login usable for another try.
    async fn submit_password(&mut self, password: &str) -> Result<SignedIn, SignInError>;

    /// Abandons the login (Back, Cancel, or the admin went away).
    async fn cancel(self: Box<Self>);
}

/// A QR login in progress.
#[async_trait]
pub trait QrLogin: Send + Sync {
    /// The code to show now.
    fn code(&self) -> &QrCode;

    /// Waits for the next thing worth telling the admin.
    async fn next_event(&mut self) -> Result<QrEvent, SignInError>;

    /// Tries the 2FA password after a scan asked for it.
    async fn submit_password(&mut self, password: &str) -> Result<SignedIn, SignInError>;

    async fn cancel(self: Box<Self>);
}
