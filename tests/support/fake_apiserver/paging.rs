//! Continue tokens as a real apiserver makes them: base64url (no padding) of
//! `{"v":"meta.k8s.io/v1","rv":<list RV>,"start":"<last key>\u0000"}`
//! (`staging/src/k8s.io/apiserver/pkg/storage/continue.go`; compare
//! `tests/fixtures/apiserver/podlist-limit100-page1.json`).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// A decoded continue token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContinueToken {
    /// The list's resourceVersion (-1 in the token a 410 offers).
    pub rv: i64,
    /// Key (relative to the list's prefix) to continue from, inclusive.
    pub start: String,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    v: String,
    rv: i64,
    start: String,
}

/// Encodes a token.
pub fn encode_continue(t: &ContinueToken) -> String {
    let wire = Wire {
        v: "meta.k8s.io/v1".into(),
        rv: t.rv,
        start: t.start.clone(),
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&wire).expect("json"))
}

/// Decodes a token, with the real server's complaint when it is malformed.
pub fn decode_continue(token: &str) -> Result<ContinueToken, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(token.trim_end_matches('='))
        .map_err(|e| format!("continue key is not valid: {e}"))?;
    let wire: Wire =
        serde_json::from_slice(&bytes).map_err(|e| format!("continue key is not valid: {e}"))?;
    if wire.v != "meta.k8s.io/v1" {
        return Err("continue key is not valid: server does not recognize this encoded key".into());
    }
    Ok(ContinueToken {
        rv: wire.rv,
        start: wire.start,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_real_token() {
        let page: serde_json::Value = serde_json::from_str(include_str!(
            "../../fixtures/apiserver/podlist-limit100-page1.json"
        ))
        .unwrap();
        let token = page["metadata"]["continue"].as_str().unwrap();
        let t = decode_continue(token).unwrap();
        assert_eq!(t.rv, 1057);
        assert_eq!(t.start, "web-7d949cdfb6-fbrdm\u{0}");
        assert_eq!(decode_continue(&encode_continue(&t)).unwrap(), t);
        assert!(decode_continue("not-a-token").is_err());
    }
}
