//! The QR code the setup bot sends decodes back to exactly the login URL Telegram expects.

use switchboard_account_session::QrCode;
use switchboard_account_session::flow::login_url;

fn decode(png: &[u8]) -> String {
    let image = image::load_from_memory_with_format(png, image::ImageFormat::Png)
        .expect("a valid PNG")
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1, "exactly one QR code in the image");
    let (_, content) = grids[0].decode().expect("the QR code decodes");
    content
}

#[test]
fn the_png_decodes_to_the_tg_login_url() {
    // A 32-byte token with bytes that base64url must encode without + / or padding.
    let token: Vec<u8> = (0u8..32)
        .map(|i| i.wrapping_mul(37).wrapping_add(0xF0))
        .collect();
    let url = login_url(&token);
    assert!(url.starts_with("tg://login?token="));
    let encoded = url.trim_start_matches("tg://login?token=");
    assert!(
        !encoded.contains(['+', '/', '=']),
        "base64url without padding: {url}"
    );
    let code = QrCode {
        url: url.clone(),
        expires_at: 0,
    };
    let png = code.png();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(decode(&png), url);
}

#[test]
fn the_image_is_large_enough_to_scan_from_a_phone() {
    let png = QrCode {
        url: login_url(&[1; 32]),
        expires_at: 0,
    }
    .png();
    let image = image::load_from_memory(&png).unwrap();
    assert!(
        image.width() >= 512 && image.height() >= 512,
        "{}x{}",
        image.width(),
        image.height()
    );
}
