//! MTProto 2.0 encryption, server side: grammers implements only the client's half (it encrypts
//! with x = 0 and decrypts with x = 8), so the server's half is written here over grammers' public
//! AES-IGE. https://core.telegram.org/mtproto/description#defining-aes-key-and-initialization-vector

use sha1::Digest as _;

/// An authorization key the simulator hands out, with its id (the low 8 bytes of its SHA-1).
#[derive(Clone)]
pub struct AuthKey {
    data: [u8; 256],
    id: [u8; 8],
}

impl std::fmt::Debug for AuthKey {
    // Never the key itself.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuthKey({})", i64::from_le_bytes(self.id))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("the encrypted packet has a bad length")]
    BadLength,
    #[error("the packet is for another authorization key")]
    WrongKey,
    #[error("msg_key does not match the decrypted message")]
    BadMsgKey,
}

impl AuthKey {
    pub fn new(data: [u8; 256]) -> Self {
        let digest = sha1::Sha1::digest(data);
        let mut id = [0u8; 8];
        id.copy_from_slice(&digest[12..20]);
        Self { data, id }
    }

    /// A fresh random key.
    pub fn random() -> Self {
        let mut data = [0u8; 256];
        getrandom::fill(&mut data).expect("the operating system's random source is unavailable");
        Self::new(data)
    }

    pub fn bytes(&self) -> [u8; 256] {
        self.data
    }

    pub fn id(&self) -> [u8; 8] {
        self.id
    }

    /// aes_key and aes_iv from msg_key; x = 0 for client → server, 8 for server → client.
    fn aes(&self, msg_key: &[u8; 16], x: usize) -> ([u8; 32], [u8; 32]) {
        let a = sha2::Sha256::new()
            .chain_update(msg_key)
            .chain_update(&self.data[x..x + 36])
            .finalize();
        let b = sha2::Sha256::new()
            .chain_update(&self.data[40 + x..76 + x])
            .chain_update(msg_key)
            .finalize();
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&a[..8]);
        key[8..24].copy_from_slice(&b[8..24]);
        key[24..].copy_from_slice(&a[24..]);
        let mut iv = [0u8; 32];
        iv[..8].copy_from_slice(&b[..8]);
        iv[8..24].copy_from_slice(&a[8..24]);
        iv[24..].copy_from_slice(&b[24..]);
        (key, iv)
    }

    fn msg_key(&self, plaintext: &[u8], x: usize) -> [u8; 16] {
        let large = sha2::Sha256::new()
            .chain_update(&self.data[88 + x..120 + x])
            .chain_update(plaintext)
            .finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&large[8..24]);
        key
    }

    /// Decrypts a packet the client sent (auth_key_id, msg_key, encrypted data); the plaintext,
    /// padding included.
    pub fn decrypt_from_client(&self, packet: &[u8]) -> Result<Vec<u8>, CryptoError> {
        if packet.len() < 24 + 16 || !(packet.len() - 24).is_multiple_of(16) {
            return Err(CryptoError::BadLength);
        }
        if packet[..8] != self.id {
            return Err(CryptoError::WrongKey);
        }
        let mut msg_key = [0u8; 16];
        msg_key.copy_from_slice(&packet[8..24]);
        let (key, iv) = self.aes(&msg_key, 0);
        let mut plaintext = packet[24..].to_vec();
        grammers_crypto::aes::ige_decrypt(&mut plaintext, &key, &iv);
        if self.msg_key(&plaintext, 0) != msg_key {
            return Err(CryptoError::BadMsgKey);
        }
        Ok(plaintext)
    }

    /// Encrypts a plaintext (salt, session_id, message) for the client, with 12 to 1024 bytes
    /// of random padding as MTProto 2.0 requires.
    pub fn encrypt_for_client(&self, plaintext: &[u8]) -> Vec<u8> {
        let mut data = plaintext.to_vec();
        let padding = 12 + (16 - (data.len() + 12) % 16) % 16;
        let mut random = vec![0u8; padding];
        getrandom::fill(&mut random).expect("the operating system's random source is unavailable");
        data.extend_from_slice(&random);
        let msg_key = self.msg_key(&data, 8);
        let (key, iv) = self.aes(&msg_key, 8);
        grammers_crypto::aes::ige_encrypt(&mut data, &key, &iv);
        let mut packet = Vec::with_capacity(24 + data.len());
        packet.extend_from_slice(&self.id);
        packet.extend_from_slice(&msg_key);
        packet.extend_from_slice(&data);
        packet
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use grammers_crypto::DequeBuffer;

    fn key() -> AuthKey {
        AuthKey::new(std::array::from_fn(|i| (i * 7 + 3) as u8))
    }

    #[test]
    fn what_the_grammers_client_encrypts_the_server_decrypts() {
        let key = key();
        let plaintext: Vec<u8> = (0..64u8).collect();
        let mut buffer = DequeBuffer::with_capacity(plaintext.len(), 32);
        buffer.extend(plaintext.iter().copied());
        grammers_crypto::encrypt_data_v2(
            &mut buffer,
            &grammers_crypto::AuthKey::from_bytes(key.bytes()),
        );
        let decrypted = key.decrypt_from_client(&buffer[..]).unwrap();
        assert_eq!(&decrypted[..64], &plaintext[..]);
    }

    #[test]
    fn what_the_server_encrypts_the_grammers_client_decrypts() {
        let key = key();
        let plaintext: Vec<u8> = (0..40u8).collect();
        let mut packet = key.encrypt_for_client(&plaintext);
        let decrypted = grammers_crypto::decrypt_data_v2(
            &mut packet,
            &grammers_crypto::AuthKey::from_bytes(key.bytes()),
        )
        .unwrap();
        assert_eq!(&decrypted[..40], &plaintext[..]);
        assert!(
            (12..=1024).contains(&(decrypted.len() - 40)),
            "MTProto 2.0 padding"
        );
    }

    #[test]
    fn a_tampered_packet_is_refused() {
        let key = key();
        let mut packet = key.encrypt_for_client(&[1, 2, 3, 4]);
        // The client's direction uses x = 0: a server packet does not verify as a client's.
        assert_eq!(
            key.decrypt_from_client(&packet),
            Err(CryptoError::BadMsgKey)
        );
        packet[0] ^= 1;
        assert_eq!(key.decrypt_from_client(&packet), Err(CryptoError::WrongKey));
    }
}
