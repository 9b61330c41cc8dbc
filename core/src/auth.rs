//! Passwords and bearer secrets (session cookies, contact tokens).

use crate::error::{Error, Result};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const MIN_PASSWORD_LEN: usize = 8;

/// Hashes a password with argon2 off the async threads.
pub async fn hash_password(password: String) -> Result<String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(Error::Invalid(format!(
            "a password needs at least {MIN_PASSWORD_LEN} characters"
        )));
    }
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| Error::Internal(format!("hashing a password failed: {e}")))
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
}

/// Checks a password against a stored argon2 hash, off the async threads.
pub async fn verify_password(password: String, hash: String) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&hash)
            .map_err(|e| Error::Internal(format!("a stored password hash is unreadable: {e}")))?;
        Ok(Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok())
    })
    .await
    .map_err(|e| Error::Internal(e.to_string()))?
}

/// Checks a password for an account that may not exist: against its hash,
/// or against a dummy hash of the same cost, so that how long the answer
/// takes never tells whether an e-mail belongs to an agent.
pub async fn verify_password_or_dummy(password: &str, hash: Option<String>) -> Result<bool> {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    match hash {
        Some(hash) => verify_password(password.to_string(), hash).await,
        None => {
            let dummy = DUMMY
                .get_or_try_init(|| hash_password(new_secret()))
                .await?
                .clone();
            verify_password(password.to_string(), dummy).await?;
            Ok(false)
        }
    }
}

/// Failed logins per account (whatever address they come from): the first
/// few are free, then each further try must wait twice as long as the last,
/// up to a quarter of an hour; a success or an hour of quiet forgets them.
#[derive(Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Failures>>,
}

#[derive(Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

impl LoginThrottle {
    /// Failures that cost nothing.
    pub const FREE: u32 = 5;
    const LONGEST_WAIT: Duration = Duration::from_secs(15 * 60);
    const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
    /// Accounts remembered at most (memory stays bounded under a spray).
    const MAX_ACCOUNTS: usize = 100_000;

    /// How long the account must still wait before its next try, if at all.
    pub fn wait(&self, account: &str) -> Option<Duration> {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let f = failures.get(account)?;
        let wait = Self::wait_after(f.count)?;
        wait.checked_sub(f.last.elapsed()).filter(|w| !w.is_zero())
    }

    fn wait_after(count: u32) -> Option<Duration> {
        let beyond = count.checked_sub(Self::FREE + 1)?;
        Some(Duration::from_secs(1u64 << beyond.min(10)).min(Self::LONGEST_WAIT))
    }

    pub fn failed(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if failures.len() >= Self::MAX_ACCOUNTS {
            failures.retain(|_, f| f.last.elapsed() < Self::FORGET_AFTER);
            if failures.len() >= Self::MAX_ACCOUNTS {
                failures.clear();
            }
        }
        let now = Instant::now();
        let entry = failures.entry(account.to_string()).or_insert(Failures {
            count: 0,
            last: now,
        });
        if entry.last.elapsed() >= Self::FORGET_AFTER {
            entry.count = 0;
        }
        entry.count += 1;
        entry.last = now;
    }

    pub fn succeeded(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(account);
    }
}

/// A fresh random secret, as handed to its holder (hex, 256 bits).
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// How a secret is stored: only its digest, so a leaked table opens nothing.
pub fn secret_digest(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// What a company's server signs a customer's id with for identity
/// verification: HMAC-SHA256 with the widget's identity secret, in hex.
pub fn identity_hash(secret: &str, identifier: &str) -> String {
    identity_mac(secret, identifier)
        .map(|mac| hex::encode(mac.finalize().into_bytes()))
        .unwrap_or_default()
}

/// Whether `hash` is the identity secret's signature of `identifier`
/// (compared in constant time).
pub fn identity_verified(secret: &str, identifier: &str, hash: &str) -> bool {
    match (hex::decode(hash.trim()), identity_mac(secret, identifier)) {
        (Ok(given), Some(mac)) => mac.verify_slice(&given).is_ok(),
        _ => false,
    }
}

/// HMAC takes keys of every length, so this is always some.
fn identity_mac(secret: &str, identifier: &str) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(identifier.as_bytes());
    Some(mac)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_signatures_verify_only_the_signed_id() {
        let hash = identity_hash("secret", "customer-42");
        assert_eq!(hash.len(), 64);
        assert!(identity_verified("secret", "customer-42", &hash));
        assert!(identity_verified(
            "secret",
            "customer-42",
            &hash.to_uppercase()
        ));
        assert!(!identity_verified("secret", "customer-43", &hash));
        assert!(!identity_verified("other", "customer-42", &hash));
        assert!(!identity_verified("secret", "customer-42", "not hex"));
        assert!(!identity_verified("secret", "customer-42", ""));
    }

    #[tokio::test]
    async fn a_password_verifies_only_against_its_own_hash() {
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(verify_password("correct horse".into(), hash.clone())
            .await
            .unwrap());
        assert!(!verify_password("wrong horse!".into(), hash).await.unwrap());
    }

    #[tokio::test]
    async fn short_passwords_are_refused() {
        assert!(matches!(
            hash_password("short".into()).await,
            Err(Error::Invalid(_))
        ));
    }

    #[test]
    fn an_account_waits_longer_after_each_failure_beyond_the_free_ones() {
        let throttle = LoginThrottle::default();
        for _ in 0..LoginThrottle::FREE {
            assert_eq!(throttle.wait("ada@example.com"), None);
            throttle.failed("ada@example.com");
        }
        assert_eq!(throttle.wait("ada@example.com"), None);
        throttle.failed("ada@example.com");
        let first = throttle.wait("ada@example.com").unwrap();
        assert!(first <= Duration::from_secs(1) && first > Duration::from_millis(500));
        throttle.failed("ada@example.com");
        assert!(throttle.wait("ada@example.com").unwrap() > Duration::from_millis(1500));
        for _ in 0..30 {
            throttle.failed("ada@example.com");
        }
        assert!(throttle.wait("ada@example.com").unwrap() <= Duration::from_secs(15 * 60));
        // Another account is not slowed; a success forgets the failures.
        assert_eq!(throttle.wait("ben@example.com"), None);
        throttle.succeeded("ada@example.com");
        assert_eq!(throttle.wait("ada@example.com"), None);
    }

    #[tokio::test]
    async fn an_unknown_account_is_checked_against_a_dummy_hash() {
        assert!(!verify_password_or_dummy("anything", None).await.unwrap());
        let hash = hash_password("correct horse".into()).await.unwrap();
        assert!(verify_password_or_dummy("correct horse", Some(hash))
            .await
            .unwrap());
    }

    #[test]
    fn secrets_are_random_and_stored_as_digests() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_ne!(secret_digest(&a), a);
        assert_eq!(secret_digest(&a), secret_digest(&a));
    }
}
