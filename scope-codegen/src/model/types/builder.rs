//! Builds the types that operations reach, named types from a work queue.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use openapiv3::{ReferenceOr, Schema};

use super::all_of::Merged;
use super::cycles::box_cycles;
use super::ir::{StringEnum, Ty, TypeDef, TypeKind, Types, Usage, Variant};
use super::shape::{SchemaRef, Shape, shape_of};
use crate::error::{Diagnostics, Error, ErrorKind, pointer_token};
use crate::load::Document;
use crate::model::names::{self, UsedNames};

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
    names: UsedNames,
    /// Type name → the (document, component) that owns it.
    owners: HashMap<String, (usize, String)>,
    /// Warnings and notes about the schemas.
    pub(crate) diags: Diagnostics,
}

impl<'d> TypeBuilder<'d> {
    /// Reserves every component schema's name up front, so that names made up for inline
    /// schemas never take a name the document gave to something else.
    pub fn new(docs: &'d [Document]) -> Self {
        let mut names = UsedNames::default();
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

    pub(super) fn file(&self, d: usize) -> &'d std::path::Path {
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
            // Read from the JSON: deserializing the whole target for one flag cost more than
            // building its type.
            SchemaRef::Ref(r) => {
                let (_, value) = self.docs[d].follow(r, pointer)?;
                value.get("nullable") == Some(&serde_json::Value::Bool(true))
            }
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
                let mut used = UsedNames::default();
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
                // Decoding takes the first variant that fits, and `serde_json::Value` fits
                // anything: it goes last, so that a string in Confluence's `GenericLinks`
                // (`{"oneOf": [{"type": "object"}, {"type": "string"}]}`) decodes as the
                // string it is.
                variants.sort_by_key(|v| v.ty == Ty::Json);
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
        // The common case, a component schema by a plain name, is already parsed: cloning it
        // is several times cheaper than deserializing its JSON again.
        let component = reference
            .strip_prefix("#/components/schemas/")
            .filter(|name| !name.contains(['/', '~', '%']));
        if let Some(name) = component {
            let parsed = doc
                .api
                .components
                .as_ref()
                .and_then(|c| c.schemas.get(name));
            if let Some(ReferenceOr::Item(schema)) = parsed {
                return Ok((format!("/components/schemas/{name}"), schema.clone()));
            }
        }
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

/// The deepest arrays, maps and aliases go inside one another; see `TypeBuilder::nested`.
pub const MAX_NESTING: usize = 16;

/// A named type waiting to be built.
struct Pending {
    d: usize,
    schema: Schema,
    idx: usize,
    pointer: String,
}

fn string_enum(values: Vec<String>) -> StringEnum {
    let mut used = UsedNames::default();
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
