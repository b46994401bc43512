//! `impl_object!` and `impl_union!`: the serde impls of generated structs and untagged unions.
//!
//! Why not `#[derive(Serialize, Deserialize)]`: for every struct serde's derive writes a field
//! enum with three visitors, a sequence visitor and a map visitor with duplicate checks, and
//! runs a proc macro to do it. Generated clients for large documents have a thousand such
//! types, and that code is most of their build time: 200 structs of 50 fields took 17.6 s to
//! compile with the derives and 4.2 s with these macros (one run, debug, 2 cores). JSON
//! objects are all these clients exchange, so one map visitor per struct does the work.
//!
//! Behaviour that differs from serde's derive, on purpose: a key given twice keeps its last
//! value (serde's derive rejects it), and structs serialize as maps of unknown length, which
//! every self-describing format (JSON, YAML, TOML) accepts.

use std::borrow::Cow;

use std::collections::BTreeMap;

use serde::Serialize;
use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::SerializeMap;

/// An object key as the deserializer hands it over: borrowed from the input where it can be.
#[doc(hidden)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as an owned string (for additional properties).
    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object key")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }
            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }
            fn visit_string<E>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A struct `impl_object!` decodes: how it reads its fields from a map.
#[doc(hidden)]
pub trait Object<'de>: Sized {
    /// The type's name, for "expected an object (Name)".
    const NAME: &'static str;
    /// Reads the struct from the entries of a map.
    fn visit<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "an object ({})", T::NAME)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// `Deserialize::deserialize` of every `impl_object!` struct.
#[doc(hidden)]
pub fn deserialize_object<'de, D: Deserializer<'de>, T: Object<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// Reads a required field's value.
#[doc(hidden)]
pub fn read_required<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads an `Option` field's value (`null` is `None`).
#[doc(hidden)]
pub fn read_optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Reads the value of a key no field declares into the additional properties.
#[doc(hidden)]
pub fn read_extra<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut BTreeMap<String, T>,
) -> Result<(), A::Error> {
    extra.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// Skips the value of a key no field declares.
#[doc(hidden)]
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

/// Writes an object's entries, keeping the first error so that each field is one plain call
/// (no `?` per field in the generated impls: less for the compiler to check).
#[doc(hidden)]
pub struct Writer<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

impl<M: SerializeMap> Writer<M> {
    /// Starts writing into `map`.
    pub fn new(map: M) -> Self {
        Self { map, error: None }
    }

    /// Writes `key: value`.
    pub fn required<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            self.error = self.map.serialize_entry(key, value).err();
        }
    }

    /// Writes `key: value` unless the value is `None`.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(key, value);
        }
    }

    /// Writes the additional properties.
    pub fn extra<T: Serialize>(&mut self, extra: &BTreeMap<String, T>) {
        for (key, value) in extra {
            self.entry(key, value);
        }
    }

    /// Finishes the object, or gives the first error.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// Implements `Serialize` and/or `Deserialize` for a struct as a JSON object.
///
/// Each field names its JSON key and how it travels:
/// - no marker: an `Option` that may be absent; `None` is left out when serializing and an
///   absent key decodes as `None`;
/// - `required`: the key must be present (and is always written);
/// - `nullable`: a required `Option` whose `None` is written as `null` (an absent key still
///   decodes as `None`, as serde's derive does).
///
/// `..field` names a map that keeps (and writes back) the keys no field declares; without it,
/// undeclared keys are skipped.
///
/// ```
/// use std::collections::BTreeMap;
///
/// #[derive(Debug, PartialEq)]
/// pub struct Policy {
///     pub id: String,
///     pub name: Option<String>,
///     pub owner: Option<String>,
///     pub extra: BTreeMap<String, i64>,
/// }
/// scope_runtime::impl_object!(Serialize, Deserialize for Policy {
///     id: "id" required,
///     name: "name",
///     owner: "ownerId" nullable,
///     ..extra
/// });
///
/// let policy: Policy = serde_json::from_str(r#"{"id":"p1","ownerId":null,"rank":3}"#).unwrap();
/// assert_eq!(policy.extra["rank"], 3);
/// assert_eq!(
///     serde_json::to_string(&policy).unwrap(),
///     r#"{"id":"p1","ownerId":null,"rank":3}"#
/// );
/// assert!(serde_json::from_str::<Policy>("{}").unwrap_err().to_string().contains("`id`"));
/// ```
#[macro_export]
macro_rules! impl_object {
    ($($trait:ident),+ for $name:ident $fields:tt) => {
        $( $crate::__object!(@$trait $name $fields); )+
    };
}

/// The parts of [`impl_object!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __object {
    (@Serialize $name:ident {
        $($field:ident: $json:literal $($mode:ident)?,)* $(..$extra:ident)? $(,)?
    }) => {
        #[allow(deprecated)]
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                let mut object = $crate::__private::Writer::new(
                    serializer.serialize_map(::std::option::Option::None)?,
                );
                $( $crate::__object!(@put [$($mode)?] object $json (self.$field)); )*
                $( object.extra(&self.$extra); )?
                object.end()
            }
        }
    };
    // The impls name the type only in their headers and as `Self` inside, and leave the
    // generic parameters and the visitor to `__private`: a type may be called `A`, `D` or
    // `ObjectVisitor` without meeting a name of the macro's.
    (@Deserialize $name:ident {
        $($field:ident: $json:literal $($mode:ident)?,)* $(..$extra:ident)? $(,)?
    }) => {
        #[allow(deprecated)]
        impl<'de> $crate::__private::Object<'de> for $name {
            const NAME: &'static str = $crate::__private::stringify!($name);
            fn visit<A: $crate::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $( let mut $field = ::std::option::Option::None; )*
                $( let mut $extra = ::std::collections::BTreeMap::new(); )?
                while let ::std::option::Option::Some(key) =
                    map.next_key::<$crate::__private::Key<'de>>()?
                {
                    match key.as_str() {
                        $( $json => $crate::__object!(@read [$($mode)?] map $field), )*
                        _ => $crate::__object!(@other map key $($extra)?),
                    }?;
                }
                ::std::result::Result::Ok(Self {
                    $( $field: $crate::__object!(@take [$($mode)?] $field $json A), )*
                    $( $extra, )?
                })
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::deserialize_object(deserializer)
            }
        }
    };
    // `required` and `nullable` fields are always written; the others only when set. Each
    // mode is spelt out so that a misspelt one is an error.
    (@put [] $object:ident $json:literal ($($value:tt)+)) => {
        $object.optional($json, &$($value)+)
    };
    (@put [required] $object:ident $json:literal ($($value:tt)+)) => {
        $object.required($json, &$($value)+)
    };
    (@put [nullable] $object:ident $json:literal ($($value:tt)+)) => {
        $object.required($json, &$($value)+)
    };
    // Only a `required` field is read into an `Option` of its own type.
    (@read [required] $map:ident $field:ident) => {
        $crate::__private::read_required(&mut $map, &mut $field)
    };
    (@read [$($mode:ident)?] $map:ident $field:ident) => {
        $crate::__private::read_optional(&mut $map, &mut $field)
    };
    (@take [required] $field:ident $json:literal $error:ident) => {
        match $field {
            ::std::option::Option::Some(value) => value,
            ::std::option::Option::None => {
                return ::std::result::Result::Err(
                    <$error::Error as $crate::serde::de::Error>::missing_field($json),
                );
            }
        }
    };
    (@take [$($mode:ident)?] $field:ident $json:literal $error:ident) => { $field };
    (@other $map:ident $key:ident) => {
        $crate::__private::skip(&mut $map)
    };
    (@other $map:ident $key:ident $extra:ident) => {
        $crate::__private::read_extra(&mut $map, $key, &mut $extra)
    };
}

/// Implements `Serialize` and/or `Deserialize` for an untagged union: each variant holds one
/// value, written as itself; decoding tries the variants in order and keeps the first that fits.
///
/// ```
/// #[derive(Debug, PartialEq)]
/// pub enum IdOrName {
///     Id(i64),
///     Name(String),
/// }
/// scope_runtime::impl_union!(Serialize, Deserialize for IdOrName { Id, Name });
///
/// assert_eq!(serde_json::from_str::<IdOrName>("7").unwrap(), IdOrName::Id(7));
/// assert_eq!(serde_json::to_string(&IdOrName::Name("x".into())).unwrap(), r#""x""#);
/// assert!(serde_json::from_str::<IdOrName>("true").is_err());
/// ```
#[macro_export]
macro_rules! impl_union {
    ($($trait:ident),+ for $name:ident $variants:tt) => {
        $( $crate::__union!(@$trait $name $variants); )+
    };
}

/// The parts of [`impl_union!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __union {
    (@Serialize $name:ident { $($variant:ident),+ $(,)? }) => {
        impl $crate::serde::Serialize for $name {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $( Self::$variant(value) => $crate::serde::Serialize::serialize(value, serializer), )+
                }
            }
        }
    };
    (@Deserialize $name:ident { $($variant:ident),+ $(,)? }) => {
        impl<'de> $crate::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value: $crate::serde_json::Value = $crate::serde::Deserialize::deserialize(deserializer)?;
                $( if let Ok(value) = $crate::serde::Deserialize::deserialize(&value) {
                    return Ok(Self::$variant(value));
                } )+
                Err(<D::Error as $crate::serde::de::Error>::custom($crate::__private::concat!(
                    "the value fits no variant of ",
                    $crate::__private::stringify!($name)
                )))
            }
        }
    };
}
