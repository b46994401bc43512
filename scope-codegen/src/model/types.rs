//! Stage 3a: turn schemas into Rust types.
//!
//! Only the types that operations reach are built, so generated code has no dead items. A
//! schema becomes a struct (object with properties; `allOf` merged), a string enum with a
//! catch-all variant, an untagged enum (`oneOf`/`anyOf`), or a plain Rust type. Whatever cannot
//! be expressed becomes `serde_json::Value` and a warning naming the JSON pointer.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    Type, VariantOrUnknownOrEmpty,
};

use super::names::{self, Registry};
use crate::error::{Diagnostics, Error, ErrorKind, pointer_token};
use crate::load::Document;

/// A Rust type for a value in a request or response.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    /// `String`.
    String,
    /// `scope_runtime::Secret`: a string that carries a credential (see [`is_secret`]), kept
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
enum Shape<'a> {
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
    fn is_named(&self) -> bool {
        matches!(self, Shape::Object(..) | Shape::Enum(_) | Shape::AllOf(_))
            || matches!(self, Shape::Union(members) if members.len() > 1)
    }
}

fn shape_of(schema: &Schema) -> Shape<'_> {
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

/// Builds types on demand while operations are modelled.
pub struct TypeBuilder<'d> {
    docs: &'d [Document],
    slots: Vec<Option<TypeDef>>,
    memo: HashMap<(usize, String), Ty>,
    in_progress: HashSet<(usize, String)>,
    /// Named types reserved but not yet built. Building them from a queue rather than where
    /// they are first referenced keeps the stack flat however long a chain of references is.
    pending: Vec<Pending>,
    filling: bool,
    /// How many arrays, maps and aliases deep the type being built is.
    nesting: usize,
    names: Registry,
    /// Type name → the (document, component) that owns it.
    owners: HashMap<String, (usize, String)>,
    /// Warnings and notes about the schemas.
    pub(crate) diags: Diagnostics,
}

impl<'d> TypeBuilder<'d> {
    /// Reserves every component schema's name up front, so that names made up for inline
    /// schemas never take a name the document gave to something else.
    pub fn new(docs: &'d [Document]) -> Self {
        let mut names = Registry::default();
        let mut owners = HashMap::new();
        for (d, doc) in docs.iter().enumerate() {
            if let Some(components) = &doc.api.components {
                for key in components.schemas.keys() {
                    let name = names::type_name(key);
                    if let std::collections::hash_map::Entry::Vacant(slot) = owners.entry(name) {
                        names.reserve(slot.key());
                        slot.insert((d, key.clone()));
                    }
                }
            }
        }
        Self {
            docs,
            slots: Vec::new(),
            memo: HashMap::new(),
            in_progress: HashSet::new(),
            pending: Vec::new(),
            filling: false,
            nesting: 0,
            names,
            owners,
            diags: Diagnostics::default(),
        }
    }

    /// The finished types.
    pub fn finish(self) -> (Types, Diagnostics) {
        let mut defs: Vec<TypeDef> = self
            .slots
            .into_iter()
            .map(|slot| slot.expect("every reserved type slot is filled before building ends"))
            .collect();
        box_cycles(&mut defs);
        (Types { defs }, self.diags)
    }

    fn file(&self, d: usize) -> &'d std::path::Path {
        &self.docs[d].path
    }

    /// The Rust type of `schema`. `hint` names the type if an inline schema needs one.
    ///
    /// Called from outside (while operations are modelled), it also builds every named type
    /// the schema reaches, so that the answer can be inspected at once ([`Self::is_struct`]).
    pub fn ty(
        &mut self,
        d: usize,
        schema: SchemaRef<'_>,
        hint: &str,
        pointer: &str,
    ) -> Result<Ty, Error> {
        let ty = self.ty_now(d, schema, hint, pointer)?;
        if !self.filling {
            self.filling = true;
            let built = self.fill_pending();
            self.filling = false;
            built?;
        }
        Ok(ty)
    }

    /// Builds the queued named types, and those they queue in turn.
    fn fill_pending(&mut self) -> Result<(), Error> {
        while let Some(job) = self.pending.pop() {
            self.fill(job.d, &job.schema, job.idx, &job.pointer)?;
        }
        Ok(())
    }

    fn ty_now(
        &mut self,
        d: usize,
        schema: SchemaRef<'_>,
        hint: &str,
        pointer: &str,
    ) -> Result<Ty, Error> {
        match schema {
            SchemaRef::Ref(reference) => self.ref_ty(d, reference, pointer),
            SchemaRef::Item(schema) => {
                // An inline schema reached twice (an `allOf` merge re-reads its members'
                // properties) is one type, found by where it is in the document.
                let key = (d, format!("#{pointer}"));
                if let Some(ty) = self.memo.get(&key) {
                    return Ok(ty.clone());
                }
                let ty = self.inline_ty(d, schema, hint, pointer)?;
                self.memo.insert(key, ty.clone());
                Ok(ty)
            }
        }
    }

    /// Whether the schema (following references) is `nullable`.
    pub fn is_nullable(
        &self,
        d: usize,
        schema: SchemaRef<'_>,
        pointer: &str,
    ) -> Result<bool, Error> {
        Ok(match schema {
            SchemaRef::Item(s) => s.schema_data.nullable,
            SchemaRef::Ref(r) => self.resolve(d, r, pointer)?.1.schema_data.nullable,
        })
    }

    fn ref_ty(&mut self, d: usize, reference: &str, pointer: &str) -> Result<Ty, Error> {
        let key = (d, reference.to_owned());
        if let Some(ty) = self.memo.get(&key) {
            return Ok(ty.clone());
        }
        if self.in_progress.contains(&key) {
            self.diags.warn(
                self.file(d),
                pointer,
                format!("`{reference}` refers to itself without an object in between; using serde_json::Value"),
            );
            return Ok(Ty::Json);
        }
        let (target, schema) = self.resolve(d, reference, pointer)?;
        // Aliases (`A: {$ref: B}`) and different spellings of one reference end at the same
        // target, which is one type.
        let target_key = (d, format!("#{target}"));
        if target_key != key {
            if let Some(ty) = self.memo.get(&target_key) {
                let ty = ty.clone();
                self.memo.insert(key, ty.clone());
                return Ok(ty);
            }
            if self.in_progress.contains(&target_key) {
                self.diags.warn(
                    self.file(d),
                    pointer,
                    format!("`{reference}` refers to itself through aliases without an object in between; using serde_json::Value"),
                );
                return Ok(Ty::Json);
            }
            let ty = self.ref_ty(d, &format!("#{target}"), pointer)?;
            self.memo.insert(key, ty.clone());
            return Ok(ty);
        }
        let component = target
            .strip_prefix("/components/schemas/")
            .filter(|rest| !rest.contains('/'))
            .map(decode_token);
        let hint = component.clone().unwrap_or_else(|| last_token(&target));
        if let Some(shared) = component
            .as_deref()
            .and_then(|c| self.identical_owner(d, c))
        {
            let ty = self.ref_ty(
                shared.0,
                &format!("#/components/schemas/{}", pointer_token(&shared.1)),
                pointer,
            )?;
            self.memo.insert(key, ty.clone());
            return Ok(ty);
        }
        if shape_of(&schema).is_named() {
            let name = self.component_name(d, component.as_deref(), &hint);
            let idx = self.reserve(name);
            self.memo.insert(key, Ty::Named(idx));
            self.pending.push(Pending {
                d,
                schema,
                idx,
                pointer: target,
            });
            return Ok(Ty::Named(idx));
        }
        self.in_progress.insert(key.clone());
        let ty = self.inline_ty(d, &schema, &hint, &target);
        self.in_progress.remove(&key);
        let ty = ty?;
        self.memo.insert(key, ty.clone());
        Ok(ty)
    }

    /// The name for a type built from `#/components/schemas/<component>`: the component's own
    /// name if this document owns it, otherwise prefixed with the document's name.
    fn component_name(&mut self, d: usize, component: Option<&str>, hint: &str) -> String {
        let wanted = names::type_name(hint);
        if let Some(component) = component {
            if self.owners.get(&wanted) == Some(&(d, component.to_owned())) {
                return wanted;
            }
            let stem = self.docs[d]
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let prefixed = format!("{}{wanted}", names::upper_camel(&stem));
            let (name, _) = self.names.claim(&prefixed);
            self.diags.note(
                self.file(d),
                format!("/components/schemas/{}", pointer_token(component)),
                format!(
                    "another schema is already named `{wanted}`; this one is generated as `{name}`"
                ),
            );
            return name;
        }
        self.names.claim(&wanted).0
    }

    /// Another document's component with the same name and the very same JSON, without
    /// references (whose targets could differ between documents): both become one type.
    fn identical_owner(&self, d: usize, component: &str) -> Option<(usize, String)> {
        let owner = self.owners.get(&names::type_name(component))?;
        if owner.0 == d {
            return None;
        }
        let raw = |doc: usize, name: &str| {
            self.docs[doc]
                .raw
                .pointer(&format!("/components/schemas/{}", pointer_token(name)))
        };
        let mine = raw(d, component)?;
        (Some(mine) == raw(owner.0, &owner.1) && !mine.to_string().contains("\"$ref\""))
            .then(|| owner.clone())
    }

    fn reserve(&mut self, name: String) -> usize {
        self.slots.push(None);
        let idx = self.slots.len() - 1;
        // A placeholder keeps the name visible to union variant naming during recursion.
        self.slots[idx] = Some(TypeDef {
            name,
            doc: None,
            file: PathBuf::new(),
            pointer: String::new(),
            kind: TypeKind::Union(Vec::new()),
            usage: Usage::default(),
        });
        idx
    }

    fn inline_ty(
        &mut self,
        d: usize,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<Ty, Error> {
        let shape = shape_of(schema);
        if shape.is_named() {
            let (name, _) = self.names.claim(&names::type_name(hint));
            let idx = self.reserve(name);
            // Registered before it is built: a property of it that wraps the schema it sits in
            // (`parent: {allOf: [{$ref: <this>}], ...}` merged back in) finds it here.
            self.memo.insert((d, format!("#{pointer}")), Ty::Named(idx));
            self.fill(d, schema, idx, pointer)?;
            return Ok(Ty::Named(idx));
        }
        match shape {
            Shape::Plain(ty) => Ok(ty),
            Shape::Array(Some(items)) => self.nested(d, pointer, |this| {
                let item = this.ty(
                    d,
                    items,
                    &format!("{hint}Item"),
                    &format!("{pointer}/items"),
                )?;
                Ok(Ty::Vec(Box::new(item)))
            }),
            Shape::Array(None) => Ok(Ty::Vec(Box::new(Ty::Json))),
            Shape::Map(values) => self.nested(d, pointer, |this| {
                let value = this.ty(
                    d,
                    values,
                    &format!("{hint}Value"),
                    &format!("{pointer}/additionalProperties"),
                )?;
                Ok(Ty::Map(Box::new(value)))
            }),
            Shape::Wrapper(reference) => self.nested(d, pointer, |this| {
                this.ty(
                    d,
                    SchemaRef::Ref(reference),
                    hint,
                    &format!("{pointer}/allOf/0"),
                )
            }),
            Shape::Union(members) => {
                // A single member is that member; `is_named` sent the others above.
                match members.first() {
                    Some(member) => self.ty(d, member.into(), hint, &format!("{pointer}/oneOf/0")),
                    None => Ok(Ty::Json),
                }
            }
            Shape::Fallback(why) => {
                self.diags.warn(
                    self.file(d),
                    pointer,
                    format!("{why}; using serde_json::Value"),
                );
                Ok(Ty::Json)
            }
            Shape::Object(..) | Shape::Enum(_) | Shape::AllOf(_) => {
                unreachable!("named shapes are handled above")
            }
        }
    }

    /// Builds a type one array, map or alias deeper. Beyond [`MAX_NESTING`] the type becomes
    /// `serde_json::Value` with a warning: rustc's trait solver gives up on serde impls for
    /// types nested a few dozen deep, and no real document nests that far.
    fn nested(
        &mut self,
        d: usize,
        pointer: &str,
        build: impl FnOnce(&mut Self) -> Result<Ty, Error>,
    ) -> Result<Ty, Error> {
        if self.nesting >= MAX_NESTING {
            self.diags.warn(
                self.file(d),
                pointer,
                format!("arrays, maps and references nest more than {MAX_NESTING} deep here; using serde_json::Value"),
            );
            return Ok(Ty::Json);
        }
        self.nesting += 1;
        let ty = build(self);
        self.nesting -= 1;
        ty
    }

    /// Builds the type in slot `idx` from `schema`.
    fn fill(&mut self, d: usize, schema: &Schema, idx: usize, pointer: &str) -> Result<(), Error> {
        let name = self.slots[idx]
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        let kind = match shape_of(schema) {
            Shape::Object(properties, required, additional) => {
                let mut merged = Merged::default();
                merged.add_object(properties, required, additional, pointer);
                TypeKind::Struct(self.build_struct(d, &name, merged)?)
            }
            Shape::AllOf(_) => {
                let mut merged = Merged::default();
                if !self.merge_all_of(d, schema, pointer, &mut merged)? {
                    self.diags.warn(
                        self.file(d),
                        pointer,
                        "`allOf` combines schemas that are not all objects; using serde_json::Value",
                    );
                    self.replace_with_alias(idx, d, schema, pointer);
                    return Ok(());
                }
                TypeKind::Struct(self.build_struct(d, &name, merged)?)
            }
            Shape::Enum(values) => TypeKind::Enum(string_enum(values)),
            Shape::Union(members) => {
                let mut variants: Vec<Variant> = Vec::new();
                let mut used = Registry::default();
                for (i, member) in members.iter().enumerate() {
                    let ty = self.ty(
                        d,
                        member.into(),
                        &format!("{name}Variant{i}"),
                        &format!("{pointer}/oneOf/{i}"),
                    )?;
                    if variants.iter().any(|v| v.ty == ty) {
                        continue;
                    }
                    let (vname, _) = used.claim(&self.variant_name(&ty));
                    variants.push(Variant {
                        name: vname,
                        ty,
                        boxed: false,
                    });
                }
                TypeKind::Union(variants)
            }
            Shape::Plain(_)
            | Shape::Array(_)
            | Shape::Map(_)
            | Shape::Wrapper(_)
            | Shape::Fallback(_) => {
                unreachable!("only named shapes are filled")
            }
        };
        self.slots[idx] = Some(TypeDef {
            name,
            doc: schema
                .schema_data
                .description
                .clone()
                .or_else(|| schema.schema_data.title.clone()),
            file: self.file(d).to_path_buf(),
            pointer: pointer.to_owned(),
            kind,
            usage: Usage::default(),
        });
        Ok(())
    }

    /// An `allOf` that cannot be a struct still needs its slot filled: a one-variant untagged
    /// enum around `serde_json::Value` keeps every reference to it valid.
    fn replace_with_alias(&mut self, idx: usize, d: usize, schema: &Schema, pointer: &str) {
        let name = self.slots[idx]
            .as_ref()
            .map(|t| t.name.clone())
            .unwrap_or_default();
        self.slots[idx] = Some(TypeDef {
            name,
            doc: schema.schema_data.description.clone(),
            file: self.file(d).to_path_buf(),
            pointer: pointer.to_owned(),
            kind: TypeKind::Union(vec![Variant {
                name: "Value".to_owned(),
                ty: Ty::Json,
                boxed: false,
            }]),
            usage: Usage::default(),
        });
    }

    fn variant_name(&self, ty: &Ty) -> String {
        match ty {
            Ty::Named(i) => self.slots[*i]
                .as_ref()
                .map(|t| t.name.clone())
                .unwrap_or_default(),
            Ty::String | Ty::Secret => "String".to_owned(),
            Ty::Bool => "Bool".to_owned(),
            Ty::I32 | Ty::I64 => "Integer".to_owned(),
            Ty::F32 | Ty::F64 => "Number".to_owned(),
            Ty::Vec(_) => "Array".to_owned(),
            Ty::Map(_) => "Map".to_owned(),
            Ty::Json => "Value".to_owned(),
        }
    }

    /// Merges an `allOf` schema's own properties and its members', depth first in document
    /// order; `false` if a member is not an object. Each referenced schema is merged once,
    /// which makes a schema that includes itself (directly or through others) terminate: its
    /// properties are already being merged.
    fn merge_all_of(
        &mut self,
        d: usize,
        schema: &Schema,
        pointer: &str,
        merged: &mut Merged,
    ) -> Result<bool, Error> {
        let mut seen = HashSet::from([pointer.to_owned()]);
        // Owned copies on an explicit stack: nesting depth costs heap, not call stack.
        let mut work = vec![(std::borrow::Cow::Borrowed(schema), pointer.to_owned())];
        while let Some((schema, pointer)) = work.pop() {
            let members = match shape_of(&schema) {
                Shape::Object(properties, required, additional) => {
                    merged.add_object(properties, required, additional, &pointer);
                    continue;
                }
                Shape::Plain(Ty::Json) => continue,
                Shape::AllOf(members) => members,
                Shape::Wrapper(_) => match &schema.schema_kind {
                    SchemaKind::AllOf { all_of } => all_of.as_slice(),
                    SchemaKind::Any(any) => any.all_of.as_slice(),
                    _ => &[],
                },
                _ => return Ok(false),
            };
            if let Some(any) = any_of_schema(&schema) {
                merged.add_object(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    &pointer,
                );
            }
            for (i, member) in members.iter().enumerate().rev() {
                let at = format!("{pointer}/allOf/{i}");
                match member {
                    ReferenceOr::Reference { reference } => {
                        let (target, schema) = self.resolve(d, reference, &at)?;
                        if seen.insert(target.clone()) {
                            work.push((std::borrow::Cow::Owned(schema), target));
                        }
                    }
                    ReferenceOr::Item(schema) => {
                        work.push((std::borrow::Cow::Owned(schema.clone()), at));
                    }
                }
            }
        }
        Ok(true)
    }

    fn build_struct(&mut self, d: usize, owner: &str, merged: Merged) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        let mut used = Registry::default();
        for (json_name, (schema, pointer)) in &merged.properties {
            let (rust_name, renamed) = used.claim(&names::snake(json_name));
            if renamed {
                self.diags.warn(
                    self.file(d),
                    pointer.as_str(),
                    format!("property `{json_name}` has the same Rust name as another; it is generated as `{rust_name}`"),
                );
            }
            let schema = SchemaRef::from(schema);
            let hint = format!("{owner}{}", names::upper_camel(json_name));
            let mut ty = self.ty(d, schema, &hint, pointer)?;
            if ty == Ty::String && is_secret(json_name, schema) {
                ty = Ty::Secret;
            }
            let binary = ty == Ty::String && is_binary(schema);
            let (doc, default, deprecated, read_only, write_only) = match schema {
                SchemaRef::Item(s) => (
                    s.schema_data.description.clone(),
                    s.schema_data.default.as_ref().map(ToString::to_string),
                    s.schema_data.deprecated,
                    s.schema_data.read_only,
                    s.schema_data.write_only,
                ),
                SchemaRef::Ref(_) => (None, None, false, false, false),
            };
            fields.push(Field {
                optional: !merged.required.contains(json_name),
                nullable: self.is_nullable(d, schema, pointer)?,
                json_name: json_name.clone(),
                rust_name,
                ty,
                boxed: false,
                doc,
                default,
                deprecated,
                read_only,
                write_only,
                binary,
            });
        }
        for name in &merged.required {
            if !merged.properties.contains_key(name) {
                self.diags.note(
                    self.file(d),
                    merged.first_pointer.as_str(),
                    format!(
                        "`{name}` is required but not declared as a property; it is not generated"
                    ),
                );
            }
        }
        let additional = match merged.additional {
            Some((AdditionalProperties::Schema(s), pointer)) => Some(self.ty(
                d,
                SchemaRef::from(&*s),
                &format!("{owner}Value"),
                &format!("{pointer}/additionalProperties"),
            )?),
            Some((AdditionalProperties::Any(true), _)) => Some(Ty::Json),
            _ => None,
        };
        Ok(Struct { fields, additional })
    }

    /// Whether `ty` is a generated struct.
    pub fn is_struct(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(i) => matches!(
                self.slots[*i].as_ref().map(|t| &t.kind),
                Some(TypeKind::Struct(_))
            ),
            _ => false,
        }
    }

    /// Whether `ty` is a generated string enum.
    pub fn is_string_enum(&self, ty: &Ty) -> bool {
        match ty {
            Ty::Named(i) => matches!(
                self.slots[*i].as_ref().map(|t| &t.kind),
                Some(TypeKind::Enum(_))
            ),
            _ => false,
        }
    }

    /// Follows a local `$ref` to its schema; returns the target's JSON pointer too.
    pub fn resolve(&self, d: usize, reference: &str, at: &str) -> Result<(String, Schema), Error> {
        let doc = &self.docs[d];
        let (target, value) = doc.follow(reference, at)?;
        let schema = serde_json::from_value(value.clone()).map_err(|e| {
            Error::new(
                ErrorKind::Schema,
                &doc.path,
                target.as_str(),
                format!("not a valid schema: {e}"),
            )
        })?;
        Ok((target, schema))
    }
}

/// Whether a property is a string of `format: binary` (a file, in a multipart form).
fn is_binary(schema: SchemaRef<'_>) -> bool {
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

/// The deepest arrays, maps and aliases go inside one another; see [`TypeBuilder::nested`].
pub const MAX_NESTING: usize = 16;

/// A named type waiting to be built.
struct Pending {
    d: usize,
    schema: Schema,
    idx: usize,
    pointer: String,
}

fn any_of_schema(schema: &Schema) -> Option<&AnySchema> {
    match &schema.schema_kind {
        SchemaKind::Any(any) => Some(any),
        _ => None,
    }
}

/// Properties gathered from an object or from the members of an `allOf`.
#[derive(Default)]
struct Merged {
    properties: IndexMap<String, (ReferenceOr<Box<Schema>>, String)>,
    required: BTreeSet<String>,
    additional: Option<(AdditionalProperties, String)>,
    first_pointer: String,
}

impl Merged {
    fn add_object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
    ) {
        if self.first_pointer.is_empty() {
            self.first_pointer = pointer.to_owned();
        }
        for (name, schema) in properties {
            let at = format!("{pointer}/properties/{}", pointer_token(name));
            self.properties.insert(name.clone(), (schema.clone(), at));
        }
        self.required.extend(required.iter().cloned());
        if let Some(additional) = additional {
            self.additional = Some((additional.clone(), pointer.to_owned()));
        }
    }
}

fn string_enum(values: Vec<String>) -> StringEnum {
    let mut used = Registry::default();
    let mut out: Vec<(String, String)> = Vec::new();
    for value in values {
        if out.iter().any(|(_, v)| *v == value) {
            continue;
        }
        let (variant, _) = used.claim(&names::upper_camel(&value));
        out.push((variant, value));
    }
    let other = ["Other", "Unknown", "UnknownValue"]
        .into_iter()
        .find(|name| !out.iter().any(|(v, _)| v == name))
        .map_or_else(|| used.claim("Other").0, str::to_owned);
    StringEnum { values: out, other }
}

fn decode_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

fn last_token(pointer: &str) -> String {
    decode_token(pointer.rsplit('/').next().unwrap_or("Schema"))
}

/// Boxes the fields and variants through which a type contains itself (directly or through
/// `Option`), which would otherwise have infinite size. `Vec` and maps already allocate, so
/// they break cycles on their own; so does a field boxed here, which is why unions are looked
/// at after structs: `Expr = String | {not: Expr}` boxes the field and keeps the variant.
fn box_cycles(defs: &mut [TypeDef]) {
    let direct = |ty: &Ty| match ty {
        Ty::Named(i) => Some(*i),
        _ => None,
    };
    let edges = |defs: &[TypeDef]| -> Vec<Vec<usize>> {
        defs.iter()
            .map(|def| match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .filter(|f| !f.boxed)
                    .filter_map(|f| direct(&f.ty))
                    .collect(),
                TypeKind::Union(vs) => vs
                    .iter()
                    .filter(|v| !v.boxed)
                    .filter_map(|v| direct(&v.ty))
                    .collect(),
                TypeKind::Enum(_) => Vec::new(),
            })
            .collect()
    };
    let reaches = |edges: &[Vec<usize>], from: usize, to: usize| {
        let mut seen = vec![false; edges.len()];
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !std::mem::replace(&mut seen[n], true) {
                stack.extend(&edges[n]);
            }
        }
        false
    };
    let graph = edges(defs);
    for (owner, def) in defs.iter_mut().enumerate() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                if direct(&field.ty).is_some_and(|target| reaches(&graph, target, owner)) {
                    field.boxed = true;
                }
            }
        }
    }
    // What is left is a union that holds itself through other unions only.
    let graph = edges(defs);
    for (owner, def) in defs.iter_mut().enumerate() {
        if let TypeKind::Union(vs) = &mut def.kind {
            for variant in vs {
                if direct(&variant.ty).is_some_and(|target| reaches(&graph, target, owner)) {
                    variant.boxed = true;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_catch_all_avoids_declared_values() {
        let e = string_enum(vec!["other".into(), "a".into(), "a".into()]);
        assert_eq!(e.values.len(), 2);
        assert_eq!(e.other, "Unknown");
        let e = string_enum(vec!["=".into(), "!=".into()]);
        assert_eq!(e.values[1].0, "NotEq");
        assert_eq!(e.other, "Other");
    }
}

/// Cycle handling: every recursion through references and `allOf`/`oneOf` wrappers ends, keeps
/// its types, and boxes exactly where a type would otherwise contain itself.
#[cfg(test)]
mod cycle_tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use super::*;
    use crate::load::parse_document;

    /// Builds `root` from a document whose components are `schemas`.
    fn build(schemas: Value, root: &str) -> (Types, Diagnostics, Ty) {
        let text = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {}, "components": {"schemas": schemas}})
        .to_string();
        let doc = parse_document(Path::new("t.json"), &text, &mut Diagnostics::default()).unwrap();
        let docs = [doc];
        let mut builder = TypeBuilder::new(&docs);
        let reference = format!("#/components/schemas/{root}");
        let ty = builder
            .ty(0, SchemaRef::Ref(&reference), root, "/test")
            .unwrap();
        let (types, diags) = builder.finish();
        (types, diags, ty)
    }

    fn def<'t>(types: &'t Types, name: &str) -> &'t TypeDef {
        types.defs.iter().find(|d| d.name == name).unwrap()
    }

    fn field<'t>(types: &'t Types, owner: &str, name: &str) -> &'t Field {
        match &def(types, owner).kind {
            TypeKind::Struct(s) => s.fields.iter().find(|f| f.json_name == name).unwrap(),
            other => panic!("{owner} is not a struct: {other:?}"),
        }
    }

    #[test]
    fn a_union_member_holding_the_union_boxes_the_field_and_keeps_the_variant() {
        let (types, diags, _) = build(
            json!({"Expr": {"oneOf": [
                {"type": "string"},
                {"type": "object", "properties": {"not": {"$ref": "#/components/schemas/Expr"}}}
            ]}}),
            "Expr",
        );
        let TypeKind::Union(variants) = &def(&types, "Expr").kind else {
            panic!("Expr is a union")
        };
        let member = &variants[1];
        assert!(
            matches!(member.ty, Ty::Named(_)) && !member.boxed,
            "{member:?}"
        );
        let not = field(&types, "ExprVariant1", "not");
        assert!(not.boxed, "{not:?}");
        assert!(diags.list.is_empty(), "{diags:?}");
    }

    #[test]
    fn a_union_holding_itself_through_unions_only_boxes_the_variant() {
        let (types, _, _) = build(
            json!({
                "A": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/B"}]},
                "B": {"oneOf": [{"type": "integer"}, {"$ref": "#/components/schemas/A"}]}
            }),
            "A",
        );
        let boxed = |name: &str| match &def(&types, name).kind {
            TypeKind::Union(vs) => vs.iter().filter(|v| v.boxed).count(),
            _ => panic!("{name} is a union"),
        };
        assert_eq!((boxed("A"), boxed("B")), (1, 1));
    }

    #[test]
    fn a_described_reference_to_its_own_schema_is_that_schema() {
        let (types, diags, _) = build(
            json!({"Node": {"type": "object", "properties": {
                "parent": {"description": "The node above.", "allOf": [{"$ref": "#/components/schemas/Node"}]}
            }}}),
            "Node",
        );
        assert_eq!(types.defs.len(), 1, "no second struct for the wrapper");
        let parent = field(&types, "Node", "parent");
        assert_eq!(parent.ty, Ty::Named(0));
        assert!(parent.boxed);
        assert_eq!(parent.doc.as_deref(), Some("The node above."));
        assert!(diags.list.is_empty(), "{diags:?}");
    }

    #[test]
    fn all_of_including_itself_terminates_and_keeps_its_properties() {
        let (types, _, _) = build(
            json!({
                "A": {"allOf": [{"$ref": "#/components/schemas/A"},
                                {"type": "object", "properties": {"x": {"type": "string"}}}]},
                "Ring1": {"allOf": [{"$ref": "#/components/schemas/Ring2"},
                                    {"type": "object", "properties": {"one": {"type": "string"}}}]},
                "Ring2": {"allOf": [{"$ref": "#/components/schemas/Ring1"},
                                    {"type": "object", "properties": {"two": {"type": "string"}}}]},
                "Root": {"type": "object", "properties": {
                    "a": {"$ref": "#/components/schemas/A"},
                    "ring": {"$ref": "#/components/schemas/Ring1"}
                }}
            }),
            "Root",
        );
        assert_eq!(field(&types, "A", "x").ty, Ty::String);
        assert_eq!(field(&types, "Ring1", "two").ty, Ty::String);
        assert_eq!(field(&types, "Ring1", "one").ty, Ty::String);
    }

    #[test]
    fn wrappers_around_each_other_are_a_cycle_with_a_warning() {
        let (_, diags, ty) = build(
            json!({
                "WrapA": {"allOf": [{"$ref": "#/components/schemas/WrapB"}]},
                "WrapB": {"allOf": [{"$ref": "#/components/schemas/WrapA"}]}
            }),
            "WrapA",
        );
        assert_eq!(ty, Ty::Json);
        assert!(
            format!("{diags:?}").contains("refers to itself"),
            "{diags:?}"
        );
    }

    #[test]
    fn long_chains_build_without_deep_recursion() {
        // Each link built where it is first referenced took a few stack frames per schema:
        // about 510 links overflowed the stack in the debug profile build scripts use.
        let mut schemas = serde_json::Map::new();
        for i in 0..5000 {
            schemas.insert(
                format!("C{i}"),
                json!({"type": "object", "properties": {"next": {"$ref": format!("#/components/schemas/C{}", i + 1)}}}),
            );
        }
        schemas.insert("C5000".into(), json!({"type": "string"}));
        // A small stack, as a build script's threads may have.
        let types = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || build(Value::Object(schemas), "C0").0)
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(types.defs.len(), 5000);
        assert_eq!(field(&types, "C4999", "next").ty, Ty::String);
    }

    #[test]
    fn nesting_beyond_the_limit_is_json_with_a_warning() {
        let mut deep = json!({"type": "string"});
        for _ in 0..40 {
            deep = json!({"type": "array", "items": deep});
        }
        let (_, diags, ty) = build(json!({"Deep": deep}), "Deep");
        assert_eq!(ty.depth(), MAX_NESTING);
        assert!(
            format!("{diags:?}").contains("nest more than 16 deep"),
            "{diags:?}"
        );
    }
}
