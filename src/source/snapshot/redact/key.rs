//! The redaction key and the keyed hash every pseudonym is made from.

use sha2::{Digest, Sha256};

/// 32 secret bytes; never printed, never written.
pub(super) struct Key([u8; 32]);

impl Key {
    /// From `--redact-key`: the same text, the same key.
    pub(super) fn from_text(text: &str) -> Self {
        Key(Sha256::digest(text.as_bytes()).into())
    }

    /// From the operating system's random source.
    pub(super) fn random() -> Result<Self, String> {
        let mut key = [0u8; 32];
        getrandom::fill(&mut key).map_err(|e| format!("no random key: {e}"))?;
        Ok(Key(key))
    }

    /// HMAC-SHA-256(key, `domain` 0x00 `data`): the domain keeps names and addresses apart.
    pub(super) fn mac(&self, domain: &str, data: &[u8]) -> [u8; 32] {
        self.hmac(&[domain.as_bytes(), &[0], data])
    }

    /// HMAC-SHA-256 (RFC 2104) of the concatenated `parts`; SHA-256's block is 64 bytes, and
    /// the 32-byte key is zero-padded to it as RFC 2104 pads short keys.
    fn hmac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut block = [0u8; 64];
        block[..32].copy_from_slice(&self.0);
        let pad = |byte: u8| block.map(|b| b ^ byte);
        let mut inner = Sha256::new().chain_update(pad(0x36));
        for p in parts {
            inner.update(p);
        }
        Sha256::new()
            .chain_update(pad(0x5c))
            .chain_update(inner.finalize())
            .finalize()
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    #[test]
    fn is_hmac_sha256() {
        let mut key = [0u8; 32];
        key[..4].copy_from_slice(b"Jefe");
        let k = Key(key);
        let hex: String = k
            .hmac(&[b"what do ya want ", b"for nothing?"])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_ne!(k.mac("name", b"web"), k.mac("ipv4", b"web"));
    }
}
