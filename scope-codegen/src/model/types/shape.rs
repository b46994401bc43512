//! What a schema turns into, decided from the schema alone before any type is built.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    Type, VariantOrUnknownOrEmpty,
};

use super::ir::Ty;

/// A schema or a reference to one, whether or not the document boxed it.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// What a schema turns into, decided before any type is built so that a referenced type can
/// be registered first (which is what makes recursive schemas terminate).
pub(super) enum Shape<'a> {
    Plain(Ty),
    Array(Option<SchemaRef<'a>>),
    Map(SchemaRef<'a>),
    Object(
        &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        &'a [String],
        Option<&'a AdditionalProperties>,
    ),
    Enum(Vec<String>),
    Union(&'a [ReferenceOr<Schema>]),
    AllOf(&'a [ReferenceOr<Schema>]),
    /// `allOf: [{$ref}]` and nothing else: OpenAPI 3.0's way to give a reference a
    /// description or `nullable`. It is the referenced type.
    Wrapper(&'a str),
    Fallback(&'static str),
}

impl Shape<'_> {
    pub(super) fn is_named(&self) -> bool {
        matches!(self, Shape::Object(..) | Shape::Enum(_) | Shape::AllOf(_))
            || matches!(self, Shape::Union(members) if members.len() > 1)
    }
}

pub(super) fn shape_of(schema: &Schema) -> Shape<'_> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
            if values.is_empty() {
                Shape::Plain(Ty::String)
            } else {
                Shape::Enum(values)
            }
        }
        SchemaKind::Type(Type::Integer(i)) => Shape::Plain(match i.format {
            VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => Ty::I32,
            _ => Ty::I64,
        }),
        SchemaKind::Type(Type::Number(n)) => Shape::Plain(match n.format {
            VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => Ty::F32,
            _ => Ty::F64,
        }),
        SchemaKind::Type(Type::Boolean(_)) => Shape::Plain(Ty::Bool),
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref().map(SchemaRef::from)),
        SchemaKind::Type(Type::Object(o)) => {
            object_shape(&o.properties, &o.required, o.additional_properties.as_ref())
        }
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            Shape::Union(members)
        }
        SchemaKind::AllOf { all_of } => match all_of.as_slice() {
            [ReferenceOr::Reference { reference }] => Shape::Wrapper(reference),
            _ => Shape::AllOf(all_of),
        },
        SchemaKind::Not { .. } => Shape::Fallback("`not` schemas have no Rust type"),
        SchemaKind::Any(any) => any_shape(any),
    }
}

fn object_shape<'a>(
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    additional: Option<&'a AdditionalProperties>,
) -> Shape<'a> {
    match (properties.is_empty(), additional) {
        (false, _) => Shape::Object(properties, required, additional),
        (true, Some(AdditionalProperties::Schema(s))) => Shape::Map(SchemaRef::from(&**s)),
        (true, _) => Shape::Plain(Ty::Json),
    }
}

/// Schemas that mix keywords openapiv3 keeps apart (e.g. `type: object` with `oneOf`).
fn any_shape(any: &AnySchema) -> Shape<'_> {
    if !any.all_of.is_empty() && any.properties.is_empty() {
        return match any.all_of.as_slice() {
            [ReferenceOr::Reference { reference }] if any.additional_properties.is_none() => {
                Shape::Wrapper(reference)
            }
            _ => Shape::AllOf(&any.all_of),
        };
    }
    if !any.properties.is_empty() {
        return object_shape(
            &any.properties,
            &any.required,
            any.additional_properties.as_ref(),
        );
    }
    if !any.one_of.is_empty() {
        return Shape::Union(&any.one_of);
    }
    if !any.any_of.is_empty() {
        return Shape::Union(&any.any_of);
    }
    let strings: Option<Vec<String>> = any
        .enumeration
        .iter()
        .filter(|v| !v.is_null())
        .map(|v| v.as_str().map(str::to_owned))
        .collect();
    match any.typ.as_deref() {
        Some("string") => match strings {
            Some(values) if !values.is_empty() => Shape::Enum(values),
            _ => Shape::Plain(Ty::String),
        },
        Some("integer") => Shape::Plain(if any.format.as_deref() == Some("int32") {
            Ty::I32
        } else {
            Ty::I64
        }),
        Some("number") => Shape::Plain(Ty::F64),
        Some("boolean") => Shape::Plain(Ty::Bool),
        Some("array") => Shape::Array(any.items.as_ref().map(SchemaRef::from)),
        Some("object") | None => match any.additional_properties.as_ref() {
            Some(AdditionalProperties::Schema(s)) => Shape::Map(SchemaRef::from(&**s)),
            _ => Shape::Plain(Ty::Json),
        },
        Some(_) => Shape::Fallback("unknown `type`"),
    }
}

/// Whether a property is a string of `format: binary` (a file, in a multipart form).
pub(super) fn is_binary(schema: SchemaRef<'_>) -> bool {
    matches!(schema, SchemaRef::Item(Schema { schema_kind: SchemaKind::Type(Type::String(s)), .. })
        if s.format == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary))
}

/// Whether a string property carries a credential, so that its type keeps it out of `Debug`
/// output and logs: the document says so (`format: password`), or its name is one that
/// credentials go by (`token`, `secret`, `password`, `accessToken`, `clientSecret`, ...).
/// Documents rarely mark secrets, and Atlassian's do not, so the name decides most cases.
pub fn is_secret(json_name: &str, schema: SchemaRef<'_>) -> bool {
    if let SchemaRef::Item(schema) = schema {
        if let SchemaKind::Type(Type::String(s)) = &schema.schema_kind {
            if s.format == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password) {
                return true;
            }
        }
    }
    let name: String = json_name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        name.as_str(),
        "token"
            | "secret"
            | "password"
            | "passphrase"
            | "accesstoken"
            | "refreshtoken"
            | "apitoken"
            | "clientsecret"
            | "sharedsecret"
            | "signingsecret"
            | "privatekey"
    )
}

pub(super) fn any_of_schema(schema: &Schema) -> Option<&AnySchema> {
    match &schema.schema_kind {
        SchemaKind::Any(any) => Some(any),
        _ => None,
    }
}
