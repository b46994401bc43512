//! Objects: the properties of an object or of an `allOf`'s members, merged, and the struct
//! built from them.

use std::collections::{BTreeSet, HashSet};

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind};

use super::builder::TypeBuilder;
use super::ir::{Field, Struct, Ty};
use super::shape::{SchemaRef, Shape, any_of_schema, is_binary, is_secret, shape_of};
use crate::error::{Error, pointer_token};
use crate::model::names::{self, UsedNames};

impl TypeBuilder<'_> {
    /// Merges an `allOf` schema's own properties and its members', depth first in document
    /// order; `false` if a member is not an object. Each referenced schema is merged once,
    /// which makes a schema that includes itself (directly or through others) terminate: its
    /// properties are already being merged.
    pub(super) fn merge_all_of(
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

    pub(super) fn build_struct(
        &mut self,
        d: usize,
        owner: &str,
        merged: Merged,
    ) -> Result<Struct, Error> {
        let mut fields = Vec::new();
        let mut used = UsedNames::default();
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
}

/// Properties gathered from an object or from the members of an `allOf`.
#[derive(Default)]
pub(super) struct Merged {
    properties: IndexMap<String, (ReferenceOr<Box<Schema>>, String)>,
    required: BTreeSet<String>,
    additional: Option<(AdditionalProperties, String)>,
    first_pointer: String,
}

impl Merged {
    pub(super) fn add_object(
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
