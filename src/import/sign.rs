//! The primitives of the vendors' request signatures (HMAC-SHA256, SHA-256 as lowercase hex), over
//! the maintained `hmac` and `sha2` crates, and credentials read from the environment.
//!
//! A credential is never logged, never put in a URL and never written: [`Secret`] prints as
//! `<redacted>`, and the only place its text is used is as an HMAC key.

use super::ImportError;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// HMAC-SHA256 of `data` under `key`.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    // HMAC takes keys of any length: `new_from_slice` cannot fail for it.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(data);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

/// Lowercase hex SHA-256 of `data`.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// A secret credential: its `Debug` and `Display` never show it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(text.into())
    }

    /// The secret's text, to key an HMAC with (nowhere else).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// An access key id (not secret, but named by the Authorization header) and its secret.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub id: String,
    pub secret: Secret,
}

/// The credentials in the environment variables `id_var` and `secret_var`; a clear error naming
/// both (never their values) when either is unset or empty. Read before any request is made.
pub fn credentials_from_env(
    source: &str,
    id_var: &str,
    secret_var: &str,
) -> Result<Credentials, ImportError> {
    let read = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    match (read(id_var), read(secret_var)) {
        (Some(id), Some(secret)) => {
            Ok(Credentials { id: id.trim().to_string(), secret: Secret::new(secret.trim()) })
        }
        (id, secret) => {
            let missing: Vec<&str> = [(id.is_none(), id_var), (secret.is_none(), secret_var)]
                .iter()
                .filter(|(m, _)| *m)
                .map(|(_, n)| *n)
                .collect();
            Err(ImportError::Config(format!(
                "{source}: the price API needs credentials: set {} in the environment ({} unset or empty); nothing was requested",
                [id_var, secret_var].join(" and "),
                missing.join(", ")
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_and_sha256_match_rfc_4231_and_fips_vectors() {
        // RFC 4231 test case 2.
        assert_eq!(
            hex::encode(hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn a_secret_never_prints() {
        let c = Credentials { id: "AKID".into(), secret: Secret::new("hush") };
        assert!(!format!("{c:?}").contains("hush"));
    }
}
