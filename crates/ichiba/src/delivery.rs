//! Signed delivery: the artifact manifest reaches phones signed with ed25519, so whoever
//! controls the CDN (or the connection) cannot swap a dictionary, analyzer or model, roll a
//! device back to an older manifest, or keep serving one past its date.
//!
//! A sha256 in a manifest fetched over the same channel as the files proves nothing against
//! that channel; a signature by a key the app pins does. The app ships with the public key(s)
//! (`trusted_keys`), remembers the `sequence` of the manifest it uses, and calls [`open`] on
//! every manifest it downloads: only a manifest that passes is given to
//! [`crate::artifacts::select`], and each file it names is then checked with
//! [`crate::artifacts::verify`] (size and sha256).
//!
//! # The signed manifest
//!
//! ```json
//! {
//!   "signed_manifest_version": 1,
//!   "key_id": "3f7a09c2b15e8d44",
//!   "manifest": "{\"manifest_version\":1,\"sequence\":42,\"expires_at\":1767225600,\"artifacts\":[…]}",
//!   "signature": "<128 hex: ed25519 over \"ichiba-manifest-v1\\n\" + the manifest's UTF-8 bytes>"
//! }
//! ```
//!
//! The manifest travels as a string, so the bytes signed are the bytes verified (no JSON
//! canonicalisation). Inside it, beside what [`crate::artifacts`] reads, two fields are
//! required: `sequence` (an integer the publisher raises with every manifest: a lower one
//! than the app's is a rollback) and `expires_at` (unix seconds; later than that it is
//! refused as expired). `key_id` is the first 8 bytes of the sha256 of the public key, in
//! hex: which pinned key to check against, so keys can be rotated by pinning the next one
//! before signing with it. `ichiba sign` writes this file from a manifest and a key file.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::artifacts::{hex, sha256_hex};

/// The signed-manifest schema version this library reads.
pub const SIGNED_MANIFEST_VERSION: u32 = 1;

/// What the signature covers: this domain tag, then the manifest's bytes. The tag keeps a
/// signature made for anything else with the same key from passing as a manifest's.
pub const SIGNING_CONTEXT: &[u8] = b"ichiba-manifest-v1\n";

/// Why a downloaded manifest was refused. Every variant means: keep using the manifest (and
/// the files) you have.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DeliveryError {
    /// The download is not a signed manifest: a plain manifest, or a signed one with the
    /// signature or key id missing.
    #[error("the manifest is not signed ({0}); refuse it")]
    Unsigned(String),
    /// The signed manifest's envelope or the manifest inside is not of the expected shape.
    #[error("invalid signed manifest: {0}")]
    Invalid(String),
    /// It is signed by a key the app does not pin.
    #[error("the manifest is signed by key {key_id}, which this app does not trust")]
    UnknownKey {
        /// The key id the envelope names.
        key_id: String,
    },
    /// The signature does not verify with the pinned key: the manifest was altered, or
    /// signed by someone else.
    #[error("the manifest's signature does not verify with key {key_id}; it was altered")]
    BadSignature {
        /// The pinned key it was checked against.
        key_id: String,
    },
    /// The manifest is older than the one in use.
    #[error(
        "manifest sequence {sequence} is older than the one in use ({in_use}): a rollback, refused"
    )]
    Rollback {
        /// The downloaded manifest's sequence.
        sequence: u64,
        /// The sequence of the manifest the app uses now.
        in_use: u64,
    },
    /// The manifest's `expires_at` has passed.
    #[error("the manifest expired at {expires_at} (unix seconds; now {now})")]
    Expired {
        /// When it expired (unix seconds).
        expires_at: u64,
        /// The time it was checked at (unix seconds).
        now: u64,
    },
    /// A public or secret key is not 32 bytes of hex, or not a valid ed25519 key.
    #[error("key: {0}")]
    InvalidKey(String),
}

type Result<T, E = DeliveryError> = std::result::Result<T, E>;

#[derive(Serialize, Deserialize)]
struct Envelope {
    signed_manifest_version: u32,
    #[serde(default)]
    key_id: Option<String>,
    manifest: String,
    #[serde(default)]
    signature: Option<String>,
}

/// The two fields a signed manifest must carry, beside what selection reads.
#[derive(Deserialize)]
struct Freshness {
    sequence: Option<u64>,
    expires_at: Option<u64>,
}

/// A manifest whose signature, sequence and date passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedManifest {
    /// The manifest JSON, exactly as signed: give it to [`crate::artifacts::select`].
    pub manifest_json: String,
    /// Its sequence: store it, and pass it as `in_use` next time.
    pub sequence: u64,
    /// When it expires (unix seconds).
    pub expires_at: u64,
    /// The id of the key that signed it.
    pub key_id: String,
}

/// A public key, parsed from 64 hex digits.
pub fn parse_public_key(hex_key: &str) -> Result<VerifyingKey> {
    let bytes = unhex::<32>(hex_key.trim())
        .ok_or_else(|| DeliveryError::InvalidKey("a public key is 64 hex digits".into()))?;
    VerifyingKey::from_bytes(&bytes)
        .map_err(|e| DeliveryError::InvalidKey(format!("not an ed25519 public key: {e}")))
}

/// A secret key (the 32-byte seed), parsed from 64 hex digits.
pub fn parse_secret_key(hex_key: &str) -> Result<SigningKey> {
    let bytes = unhex::<32>(hex_key.trim())
        .ok_or_else(|| DeliveryError::InvalidKey("a secret key is 64 hex digits".into()))?;
    Ok(SigningKey::from_bytes(&bytes))
}

/// The id of a public key: the first 8 bytes of its sha256, in hex.
pub fn key_id(key: &VerifyingKey) -> String {
    sha256_hex(key.as_bytes())[..16].to_string()
}

/// Signs `manifest_json` (which must carry `sequence` and `expires_at`) and returns the
/// signed manifest's JSON.
pub fn sign(manifest_json: &str, key: &SigningKey) -> Result<String> {
    freshness(manifest_json)?;
    let signature = key.sign(&signed_bytes(manifest_json));
    let envelope = Envelope {
        signed_manifest_version: SIGNED_MANIFEST_VERSION,
        key_id: Some(key_id(&key.verifying_key())),
        manifest: manifest_json.to_string(),
        signature: Some(hex(&signature.to_bytes())),
    };
    serde_json::to_string_pretty(&envelope)
        .map(|s| s + "\n")
        .map_err(|e| DeliveryError::Invalid(e.to_string()))
}

/// Checks a downloaded signed manifest: signed by one of `trusted_keys` (an unsigned one,
/// one by another key or an altered one is refused), not older than the sequence `in_use`
/// (the manifest the app uses now; `None` on first run), and not expired at `now` (unix
/// seconds).
pub fn open(
    signed_json: &str,
    trusted_keys: &[VerifyingKey],
    now: u64,
    in_use: Option<u64>,
) -> Result<VerifiedManifest> {
    let value: serde_json::Value = serde_json::from_str(signed_json)
        .map_err(|e| DeliveryError::Invalid(format!("not JSON: {e}")))?;
    if value.get("signed_manifest_version").is_none() {
        let why = if value.get("artifacts").is_some() {
            "a plain manifest, with no signature"
        } else {
            "no signed_manifest_version"
        };
        return Err(DeliveryError::Unsigned(why.into()));
    }
    let envelope: Envelope = serde_json::from_value(value)
        .map_err(|e| DeliveryError::Invalid(format!("envelope: {e}")))?;
    if envelope.signed_manifest_version != SIGNED_MANIFEST_VERSION {
        return Err(DeliveryError::Invalid(format!(
            "signed_manifest_version {} is not supported (this library reads \
             {SIGNED_MANIFEST_VERSION})",
            envelope.signed_manifest_version
        )));
    }
    let (Some(key_id_given), Some(signature)) = (envelope.key_id, envelope.signature) else {
        return Err(DeliveryError::Unsigned(
            "the signature or key_id is missing".into(),
        ));
    };
    let key = trusted_keys
        .iter()
        .find(|k| key_id(k) == key_id_given)
        .ok_or(DeliveryError::UnknownKey {
            key_id: key_id_given.clone(),
        })?;
    let signature = unhex::<64>(&signature)
        .map(|b| Signature::from_bytes(&b))
        .ok_or_else(|| DeliveryError::BadSignature {
            key_id: key_id_given.clone(),
        })?;
    key.verify_strict(&signed_bytes(&envelope.manifest), &signature)
        .map_err(|_| DeliveryError::BadSignature {
            key_id: key_id_given.clone(),
        })?;
    // Only now is the manifest the publisher's: read its freshness.
    let (sequence, expires_at) = freshness(&envelope.manifest)?;
    if let Some(in_use) = in_use.filter(|&u| sequence < u) {
        return Err(DeliveryError::Rollback { sequence, in_use });
    }
    if now > expires_at {
        return Err(DeliveryError::Expired { expires_at, now });
    }
    Ok(VerifiedManifest {
        manifest_json: envelope.manifest,
        sequence,
        expires_at,
        key_id: key_id_given,
    })
}

fn signed_bytes(manifest_json: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(SIGNING_CONTEXT.len() + manifest_json.len());
    bytes.extend_from_slice(SIGNING_CONTEXT);
    bytes.extend_from_slice(manifest_json.as_bytes());
    bytes
}

/// `(sequence, expires_at)` of a manifest, both required.
fn freshness(manifest_json: &str) -> Result<(u64, u64)> {
    let f: Freshness = serde_json::from_str(manifest_json)
        .map_err(|e| DeliveryError::Invalid(format!("manifest: {e}")))?;
    match (f.sequence, f.expires_at) {
        (Some(s), Some(e)) => Ok((s, e)),
        (None, _) => Err(DeliveryError::Invalid(
            "the manifest has no sequence (an integer raised with every manifest)".into(),
        )),
        (_, None) => Err(DeliveryError::Invalid(
            "the manifest has no expires_at (unix seconds)".into(),
        )),
    }
}

fn unhex<const N: usize>(s: &str) -> Option<[u8; N]> {
    let s = s.as_bytes();
    if s.len() != 2 * N {
        return None;
    }
    let mut out = [0u8; N];
    for (o, pair) in out.iter_mut().zip(s.chunks_exact(2)) {
        let digit = |c: u8| (c as char).to_digit(16);
        *o = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MANIFEST: &str =
        r#"{"manifest_version":1,"sequence":7,"expires_at":2000,"artifacts":[]}"#;

    fn key(seed: u8) -> SigningKey {
        SigningKey::from_bytes(&[seed; 32])
    }

    #[test]
    fn a_signed_manifest_opens() {
        let k = key(1);
        let signed = sign(MANIFEST, &k).unwrap();
        let m = open(&signed, &[k.verifying_key()], 1000, Some(7)).unwrap();
        assert_eq!(m.manifest_json, MANIFEST);
        assert_eq!((m.sequence, m.expires_at), (7, 2000));
        assert_eq!(m.key_id, key_id(&k.verifying_key()));
    }

    #[test]
    fn each_refusal_has_its_error() {
        let k = key(1);
        let trusted = [k.verifying_key()];
        let signed = sign(MANIFEST, &k).unwrap();
        assert!(matches!(
            open(MANIFEST, &trusted, 1000, None),
            Err(DeliveryError::Unsigned(_))
        ));
        let by_other = sign(MANIFEST, &key(2)).unwrap();
        assert!(matches!(
            open(&by_other, &trusted, 1000, None),
            Err(DeliveryError::UnknownKey { .. })
        ));
        let altered = signed.replace(r#"\"sequence\":7"#, r#"\"sequence\":9"#);
        assert_ne!(altered, signed);
        assert!(matches!(
            open(&altered, &trusted, 1000, None),
            Err(DeliveryError::BadSignature { .. })
        ));
        assert_eq!(
            open(&signed, &trusted, 1000, Some(8)),
            Err(DeliveryError::Rollback {
                sequence: 7,
                in_use: 8
            })
        );
        assert_eq!(
            open(&signed, &trusted, 2001, None),
            Err(DeliveryError::Expired {
                expires_at: 2000,
                now: 2001
            })
        );
        let mut v: serde_json::Value = serde_json::from_str(&signed).unwrap();
        v.as_object_mut().unwrap().remove("signature");
        assert!(matches!(
            open(&v.to_string(), &trusted, 1000, None),
            Err(DeliveryError::Unsigned(_))
        ));
    }

    #[test]
    fn a_manifest_without_sequence_or_expiry_is_not_signed() {
        let k = key(1);
        let no_seq = r#"{"manifest_version":1,"expires_at":2000,"artifacts":[]}"#;
        assert!(matches!(sign(no_seq, &k), Err(DeliveryError::Invalid(_))));
        let no_exp = r#"{"manifest_version":1,"sequence":1,"artifacts":[]}"#;
        assert!(matches!(sign(no_exp, &k), Err(DeliveryError::Invalid(_))));
    }

    #[test]
    fn keys_round_trip_through_hex() {
        let k = key(3);
        let public = hex(k.verifying_key().as_bytes());
        assert_eq!(parse_public_key(&public).unwrap(), k.verifying_key());
        assert_eq!(
            parse_secret_key(&hex(&k.to_bytes())).unwrap().to_bytes(),
            k.to_bytes()
        );
        assert!(matches!(
            parse_public_key("zz"),
            Err(DeliveryError::InvalidKey(_))
        ));
    }

    #[test]
    fn flipping_any_signature_byte_is_refused() {
        let k = key(1);
        let signed = sign(MANIFEST, &k).unwrap();
        let v: serde_json::Value = serde_json::from_str(&signed).unwrap();
        let sig = v["signature"].as_str().unwrap().to_string();
        for i in 0..sig.len() {
            let mut bad = sig.clone().into_bytes();
            bad[i] = if bad[i] == b'0' { b'1' } else { b'0' };
            let mut w = v.clone();
            w["signature"] = serde_json::Value::String(String::from_utf8(bad).unwrap());
            assert!(
                matches!(
                    open(&w.to_string(), &[k.verifying_key()], 1000, None),
                    Err(DeliveryError::BadSignature { .. })
                ),
                "digit {i}"
            );
        }
    }
}
