//! Strings that carry credentials.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A credential the API sends or takes, such as a created API key's `token`: it travels as a
/// plain JSON string, but its `Debug` output is `Secret(<redacted>)`, so logging a response
/// never logs it. Read it with [`Secret::expose`], or turn it into an [`crate::ApiKey`].
///
/// The generator gives this type to string properties marked `format: password` and to those
/// named like credentials (`token`, `secret`, `password`, `accessToken`, `clientSecret`, ...).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(secret: impl Into<String>) -> Self {
        Self(secret.into())
    }

    /// The credential itself.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The credential, unwrapped.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self)
    }
}

impl From<Secret> for crate::ApiKey {
    fn from(secret: Secret) -> Self {
        crate::ApiKey::new(secret.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_travel_as_strings_and_never_show_in_debug() {
        let secret: Secret = serde_json::from_str(r#""s3cr3t""#).unwrap();
        assert_eq!(secret.expose(), "s3cr3t");
        assert_eq!(serde_json::to_string(&secret).unwrap(), r#""s3cr3t""#);
        assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
        assert_eq!(
            format!("{:?}", Some(secret.clone())),
            "Some(Secret(<redacted>))"
        );
        let key = crate::ApiKey::from(secret);
        assert_eq!(key.expose(), "s3cr3t");
    }
}
