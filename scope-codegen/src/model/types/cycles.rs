//! Cycle handling: a type that contains itself gets a `Box` exactly where it would otherwise
//! have infinite size.

use super::ir::{Ty, TypeDef, TypeKind};

/// Boxes the fields and variants through which a type contains itself (directly or through
/// `Option`), which would otherwise have infinite size. `Vec` and maps already allocate, so
/// they break cycles on their own; so does a field boxed here, which is why unions are looked
/// at after structs: `Expr = String | {not: Expr}` boxes the field and keeps the variant.
pub(super) fn box_cycles(defs: &mut [TypeDef]) {
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

/// Cycle handling: every recursion through references and `allOf`/`oneOf` wrappers ends, keeps
/// its types, and boxes exactly where a type would otherwise contain itself.
#[cfg(test)]
mod cycle_tests {
    use std::path::Path;

    use serde_json::{Value, json};

    use super::super::{Field, MAX_NESTING, SchemaRef, Ty, TypeBuilder, TypeDef, TypeKind, Types};
    use crate::error::Diagnostics;
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
