//! Telegram's 2FA check, server side, exactly as https://core.telegram.org/api/srp describes:
//! the server keeps only the verifier v = g^x mod p (x = PH2(password, salt1, salt2)), offers
//! B = (k·v + g^b) mod p with a fresh srp_id, and accepts the client's (A, M1) when M1 matches
//! H(H(p) xor H(g) | H(salt1) | H(salt2) | A | B | H(S)) with S = (A·v^u)^b mod p, u = H(A | B).

use hmac::Hmac;
use num_bigint::BigUint;
use sha2_next::{Digest as _, Sha256, Sha512};

/// Telegram's 2048-bit safe prime (the one its servers send; grammers' `check_p_and_g` accepts
/// it with g = 3).
pub(crate) const P: [u8; 256] = [
    0xc7, 0x1c, 0xae, 0xb9, 0xc6, 0xb1, 0xc9, 0x04, 0x8e, 0x6c, 0x52, 0x2f, 0x70, 0xf1, 0x3f, 0x73,
    0x98, 0x0d, 0x40, 0x23, 0x8e, 0x3e, 0x21, 0xc1, 0x49, 0x34, 0xd0, 0x37, 0x56, 0x3d, 0x93, 0x0f,
    0x48, 0x19, 0x8a, 0x0a, 0xa7, 0xc1, 0x40, 0x58, 0x22, 0x94, 0x93, 0xd2, 0x25, 0x30, 0xf4, 0xdb,
    0xfa, 0x33, 0x6f, 0x6e, 0x0a, 0xc9, 0x25, 0x13, 0x95, 0x43, 0xae, 0xd4, 0x4c, 0xce, 0x7c, 0x37,
    0x20, 0xfd, 0x51, 0xf6, 0x94, 0x58, 0x70, 0x5a, 0xc6, 0x8c, 0xd4, 0xfe, 0x6b, 0x6b, 0x13, 0xab,
    0xdc, 0x97, 0x46, 0x51, 0x29, 0x69, 0x32, 0x84, 0x54, 0xf1, 0x8f, 0xaf, 0x8c, 0x59, 0x5f, 0x64,
    0x24, 0x77, 0xfe, 0x96, 0xbb, 0x2a, 0x94, 0x1d, 0x5b, 0xcd, 0x1d, 0x4a, 0xc8, 0xcc, 0x49, 0x88,
    0x07, 0x08, 0xfa, 0x9b, 0x37, 0x8e, 0x3c, 0x4f, 0x3a, 0x90, 0x60, 0xbe, 0xe6, 0x7c, 0xf9, 0xa4,
    0xa4, 0xa6, 0x95, 0x81, 0x10, 0x51, 0x90, 0x7e, 0x16, 0x27, 0x53, 0xb5, 0x6b, 0x0f, 0x6b, 0x41,
    0x0d, 0xba, 0x74, 0xd8, 0xa8, 0x4b, 0x2a, 0x14, 0xb3, 0x14, 0x4e, 0x0e, 0xf1, 0x28, 0x47, 0x54,
    0xfd, 0x17, 0xed, 0x95, 0x0d, 0x59, 0x65, 0xb4, 0xb9, 0xdd, 0x46, 0x58, 0x2d, 0xb1, 0x17, 0x8d,
    0x16, 0x9c, 0x6b, 0xc4, 0x65, 0xb0, 0xd6, 0xff, 0x9c, 0xa3, 0x92, 0x8f, 0xef, 0x5b, 0x9a, 0xe4,
    0xe4, 0x18, 0xfc, 0x15, 0xe8, 0x3e, 0xbe, 0xa0, 0xf8, 0x7f, 0xa9, 0xff, 0x5e, 0xed, 0x70, 0x05,
    0x0d, 0xed, 0x28, 0x49, 0xf4, 0x7b, 0xf9, 0x59, 0xd9, 0x56, 0x85, 0x0c, 0xe9, 0x29, 0x85, 0x1f,
    0x0d, 0x81, 0x15, 0xf6, 0x35, 0xb1, 0x05, 0xee, 0x2e, 0x4e, 0x15, 0xd0, 0x4b, 0x24, 0x54, 0xbf,
    0x6f, 0x4f, 0xad, 0xf0, 0x34, 0xb1, 0x04, 0x03, 0x11, 0x9c, 0xd8, 0xe3, 0xb9, 0x2f, 0xcc, 0x5b,
];
pub(crate) const G: u32 = 3;

/// What the server keeps of a password: its salts and v = g^x mod p (never the password).
#[derive(Clone)]
pub(crate) struct Verifier {
    pub salt1: Vec<u8>,
    pub salt2: Vec<u8>,
    v: BigUint,
}

/// One `account.getPassword` answer's SRP parameters; used by at most one check.
#[derive(Clone)]
pub(crate) struct Offer {
    pub srp_id: i64,
    b: BigUint,
    pub g_b: [u8; 256],
}

fn h(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// SH(data, salt) := H(salt | data | salt)
fn sh(data: &[u8], salt: &[u8]) -> [u8; 32] {
    h(&[salt, data, salt])
}

/// PH2 := SH(pbkdf2(sha512, PH1, salt1, 100000), salt2), PH1 := SH(SH(password, salt1), salt2)
fn ph2(password: &[u8], salt1: &[u8], salt2: &[u8]) -> [u8; 32] {
    let ph1 = sh(&sh(password, salt1), salt2);
    let mut dk = [0u8; 64];
    pbkdf2::pbkdf2::<Hmac<Sha512>>(&ph1, salt1, 100_000, &mut dk)
        .expect("HMAC takes a key of any length");
    sh(&dk, salt2)
}

pub(crate) fn pad(n: &BigUint) -> [u8; 256] {
    let bytes = n.to_bytes_be();
    let mut out = [0u8; 256];
    let start = 256usize.saturating_sub(bytes.len());
    out[start..].copy_from_slice(&bytes[bytes.len().saturating_sub(256)..]);
    out
}

fn p() -> BigUint {
    BigUint::from_bytes_be(&P)
}

/// k := H(p | g), g padded to 256 bytes.
fn k() -> BigUint {
    BigUint::from_bytes_be(&h(&[&P, &pad(&BigUint::from(G))]))
}

pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    getrandom::fill(&mut b).expect("the operating system's random source is unavailable");
    b
}

impl Verifier {
    /// What setting `password` leaves on the server.
    pub fn new(password: &str) -> Self {
        let salt1 = random_bytes::<40>().to_vec();
        let salt2 = random_bytes::<16>().to_vec();
        let x = BigUint::from_bytes_be(&ph2(password.as_bytes(), &salt1, &salt2));
        let v = BigUint::from(G).modpow(&x, &p());
        Self { salt1, salt2, v }
    }

    /// A fresh offer: B = (k·v + g^b) mod p, with a new srp_id.
    pub fn offer(&self) -> Offer {
        let p = p();
        let b = BigUint::from_bytes_be(&random_bytes::<256>());
        let g_b = (k() * &self.v + BigUint::from(G).modpow(&b, &p)) % &p;
        Offer {
            srp_id: i64::from_le_bytes(random_bytes::<8>()),
            b,
            g_b: pad(&g_b),
        }
    }

    /// Whether (A, M1) proves the password behind this verifier for `offer`.
    pub fn check(&self, offer: &Offer, a: &[u8], m1: &[u8]) -> bool {
        let p = p();
        let big_a = BigUint::from_bytes_be(a);
        // The page: the server checks 1 < A < p - 1 (else a client could force S).
        if big_a <= BigUint::from(1u8) || big_a >= &p - 1u8 || a.len() > 256 {
            return false;
        }
        let g_a = pad(&big_a);
        let u = BigUint::from_bytes_be(&h(&[&g_a, &offer.g_b]));
        let s = (big_a * self.v.modpow(&u, &p)).modpow(&offer.b, &p);
        let key = h(&[&pad(&s)]);
        let h_p = h(&[&P]);
        let h_g = h(&[&pad(&BigUint::from(G))]);
        let xor: Vec<u8> = h_p.iter().zip(h_g).map(|(a, b)| a ^ b).collect();
        let expected = h(&[
            &xor,
            &h(&[&self.salt1]),
            &h(&[&self.salt2]),
            &g_a,
            &offer.g_b,
            &key,
        ]);
        expected.as_slice() == m1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clients_own_proof_is_accepted_and_a_wrong_password_is_not() {
        let verifier = Verifier::new("hunter2");
        let offer = verifier.offer();
        let a = random_bytes::<256>().to_vec();
        let prove = |password: &str| {
            grammers_crypto::two_factor_auth::calculate_2fa(
                &verifier.salt1,
                &verifier.salt2,
                &P,
                &(G as i32),
                offer.g_b.to_vec(),
                a.clone(),
                password,
            )
        };
        let (m1, g_a) = prove("hunter2");
        assert!(verifier.check(&offer, &g_a, &m1));
        let (m1, g_a) = prove("hunter3");
        assert!(!verifier.check(&offer, &g_a, &m1));
        assert!(grammers_crypto::two_factor_auth::check_p_and_g(
            &P,
            &(G as i32)
        ));
    }
}
