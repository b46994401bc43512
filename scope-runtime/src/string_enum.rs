//! `impl_string_enum!`: one definition of what every generated string enum needs, so that
//! generated code declares the enum itself and leaves the repeated impls to this macro.

/// Implements a string enum with a catch-all variant.
///
/// Known values map to their variants (exactly, else ignoring ASCII case, since Atlassian's own
/// examples spell one value in several cases); any other value is kept in the catch-all
/// variant rather than failing to decode. The enum serializes as its string and gets
/// `as_str`, `VALUES`, `Display`, `From<String>` and `From<Enum> for String`.
///
/// ```
/// /// A level's status.
/// #[derive(Debug, Clone, PartialEq, Eq, Hash)]
/// pub enum Status {
///     Draft,
///     Published,
///     Other(String),
/// }
/// scope_runtime::impl_string_enum!(Status { Draft = "DRAFT", Published = "PUBLISHED", ..Other });
///
/// assert_eq!(Status::from("Published".to_owned()), Status::Published);
/// assert_eq!(Status::from("gone".to_owned()), Status::Other("gone".to_owned()));
/// assert_eq!(Status::Draft.to_string(), "DRAFT");
/// ```
#[macro_export]
macro_rules! impl_string_enum {
    ($name:ident { $($variant:ident = $value:literal,)* ..$other:ident $(,)? }) => {
        impl $name {
            /// The values the document declares, in the variants' order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as it is sent.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )*
                    Self::$other(value) => value,
                }
            }
        }

        impl ::std::convert::From<String> for $name {
            fn from(value: String) -> Self {
                const KNOWN: &[$name] = &[$($name::$variant),*];
                match $crate::string_enum_index(&value, $name::VALUES) {
                    Some(index) => KNOWN[index].clone(),
                    None => Self::$other(value),
                }
            }
        }

        impl ::std::convert::From<$name> for String {
            fn from(value: $name) -> Self {
                match value {
                    $name::$other(value) => value,
                    known => known.as_str().to_owned(),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                <String as $crate::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
    };
}
