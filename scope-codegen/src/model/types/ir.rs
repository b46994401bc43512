//! The types the emitter reads: what each generated type is, and how it is used.

use std::path::PathBuf;

/// A Rust type for a value in a request or response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `String`.
    String,
    /// `scope_runtime::Secret`: a string that carries a credential (see `is_secret`), kept
    /// out of `Debug` output.
    Secret,
    /// `bool`.
    Bool,
    /// `i32` (`format: int32`).
    I32,
    /// `i64`.
    I64,
    /// `f32` (`format: float`).
    F32,
    /// `f64`.
    F64,
    /// A generated type, by index into [`Types::defs`].
    Named(usize),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `serde_json::Value`: anything, or what the generator cannot express.
    Json,
}

impl Ty {
    /// Whether the Rust type is `Copy` (and so passed by value).
    pub fn is_copy(&self) -> bool {
        matches!(self, Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64)
    }

    /// How many arrays and maps the type has inside one another.
    pub fn depth(&self) -> usize {
        match self {
            Ty::Vec(inner) | Ty::Map(inner) => 1 + inner.depth(),
            _ => 0,
        }
    }
}

/// A generated type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Its Rust name.
    pub name: String,
    /// The schema's description.
    pub doc: Option<String>,
    /// Where the schema is.
    pub file: PathBuf,
    /// The schema's JSON pointer.
    pub pointer: String,
    /// What it is.
    pub kind: TypeKind,
    /// Which directions the type travels in, and so which serde traits it needs.
    pub usage: Usage,
}

/// Which serde traits a type needs: a type only sent needs no `Deserialize`, a type only
/// received no `Serialize`. Deriving only what is used keeps generated crates fast to build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    /// Sent in a request body.
    pub serialize: bool,
    /// Received in a response.
    pub deserialize: bool,
    /// The type of a path or query parameter (a scalar needs neither trait; an object
    /// parameter is also marked `serialize`).
    pub param: bool,
    /// A `multipart/form-data` body: one part per field, `format: binary` fields as files.
    pub form: bool,
}

impl Usage {
    /// Whether anything uses the type.
    pub fn any(self) -> bool {
        self.serialize || self.deserialize || self.param || self.form
    }
}

impl Types {
    /// Marks `ty`, a struct, as a multipart form: its fields travel as parts (text, files, or
    /// JSON text for those with no text form, which are marked `serialize`).
    pub fn mark_form(&mut self, ty: &Ty) {
        let Ty::Named(i) = ty else { return };
        self.defs[*i].usage.form = true;
        let TypeKind::Struct(s) = &self.defs[*i].kind else {
            return;
        };
        let fields: Vec<Ty> = s.fields.iter().map(|f| f.ty.clone()).collect();
        for ty in fields {
            let text =
                matches!(&ty, Ty::Named(j) if matches!(self.defs[*j].kind, TypeKind::Enum(_)));
            self.mark(
                &ty,
                Usage {
                    serialize: !text,
                    param: text,
                    ..Usage::default()
                },
            );
        }
    }

    /// Marks `ty` and every type it contains as used in `usage`'s directions.
    pub fn mark(&mut self, ty: &Ty, usage: Usage) {
        let mut stack = vec![ty.clone()];
        while let Some(ty) = stack.pop() {
            match ty {
                Ty::Named(i) => {
                    let def = &mut self.defs[i];
                    let before = def.usage;
                    def.usage.serialize |= usage.serialize;
                    def.usage.deserialize |= usage.deserialize;
                    def.usage.param |= usage.param;
                    if def.usage == before {
                        continue;
                    }
                    match &def.kind {
                        TypeKind::Struct(s) => {
                            stack.extend(s.fields.iter().map(|f| f.ty.clone()));
                            stack.extend(s.additional.clone());
                        }
                        TypeKind::Union(vs) => stack.extend(vs.iter().map(|v| v.ty.clone())),
                        TypeKind::Enum(_) => {}
                    }
                }
                Ty::Vec(inner) | Ty::Map(inner) => stack.push(*inner),
                _ => {}
            }
        }
    }
}

/// The shape of a generated type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum; values the document does not list land in the catch-all variant.
    Enum(StringEnum),
    /// An untagged enum: the first variant that decodes wins.
    Union(Vec<Variant>),
}

/// A struct's fields.
#[derive(Debug, Clone)]
pub struct Struct {
    /// The declared properties.
    pub fields: Vec<Field>,
    /// The type of undeclared properties, when `additionalProperties` allows them.
    pub additional: Option<Ty>,
}

/// One struct field.
#[derive(Debug, Clone)]
pub struct Field {
    /// The property name in JSON.
    pub json_name: String,
    /// The Rust field name, as written in source (`r#type`).
    pub rust_name: String,
    /// The value's type.
    pub ty: Ty,
    /// Not in `required`: `Option<T>`, left out of the JSON when `None`.
    pub optional: bool,
    /// `nullable: true`: `Option<T>`, written as `null` when `None`.
    pub nullable: bool,
    /// Boxed to break a cycle of types that contain each other.
    pub boxed: bool,
    /// The property's description.
    pub doc: Option<String>,
    /// The schema's `default`, as JSON text.
    pub default: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// `readOnly: true`: sent by the server only, so left out of request bodies.
    pub read_only: bool,
    /// `writeOnly: true`: sent by the client only, so left out of responses.
    pub write_only: bool,
    /// A string of `format: binary`: in a multipart form, a file.
    pub binary: bool,
}

impl Field {
    /// Whether the Rust type is wrapped in `Option`.
    pub fn is_option(&self) -> bool {
        self.optional || self.nullable
    }
}

/// A string enum's variants.
#[derive(Debug, Clone)]
pub struct StringEnum {
    /// (variant name, JSON value), in the document's order.
    pub values: Vec<(String, String)>,
    /// The catch-all variant's name (normally `Other`).
    pub other: String,
}

/// One variant of an untagged enum.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its Rust name.
    pub name: String,
    /// The type it holds.
    pub ty: Ty,
    /// Held in a `Box`: the variant contains the enum itself, with no allocation between.
    pub boxed: bool,
}

/// All generated types.
#[derive(Debug, Default)]
pub struct Types {
    /// The types, in the order they were first reached.
    pub defs: Vec<TypeDef>,
}
