//! Emits the `types` module: structs, string enums and untagged enums.

use proc_macro2::TokenStream;

use super::docs::{sanitize, with_default};
use super::writer::{Writer, string_literal};
use crate::model::types::{
    Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Types, Usage, Variant,
};

/// Where a type is named from.
#[derive(Clone, Copy)]
pub enum Scope {
    /// Inside the `types` module.
    Types,
    /// From the crate root (the client).
    Root,
    /// From a sibling module such as `params`.
    Sibling,
}

/// The Rust type of `ty` as seen from `scope`, as text: one rendering for both emitters.
pub(super) fn ty_text(types: &Types, ty: &Ty, scope: Scope) -> String {
    match ty {
        Ty::String => "String".into(),
        Ty::Secret => "::scope_runtime::Secret".into(),
        Ty::Bool => "bool".into(),
        Ty::I32 => "i32".into(),
        Ty::I64 => "i64".into(),
        Ty::F32 => "f32".into(),
        Ty::F64 => "f64".into(),
        Ty::Named(i) => {
            let prefix = match scope {
                Scope::Types => "",
                Scope::Root => "types::",
                Scope::Sibling => "super::types::",
            };
            format!("{prefix}{}", types.defs[*i].name)
        }
        Ty::Vec(item) => format!("Vec<{}>", ty_text(types, item, scope)),
        Ty::Map(value) => format!(
            "::std::collections::BTreeMap<String, {}>",
            ty_text(types, value, scope)
        ),
        Ty::Json => "::scope_runtime::serde_json::Value".into(),
    }
}

/// [`ty_text`] as tokens, for the parts built with `quote!`.
pub fn ty_tokens(types: &Types, ty: &Ty, scope: Scope) -> TokenStream {
    // Type names are identifiers (see `model::names`), as `ident` also relies on.
    ty_text(types, ty, scope)
        .parse()
        .expect("a generated type is valid Rust")
}

/// The `types` module, as formatted source.
///
/// Written as text rather than tokens: it is most of a large client, its items are regular
/// (documented structs and enums, each with one macro call for its serde impls), and parsing
/// and pretty-printing it with syn and prettyplease took most of the generator's time. Writing
/// it directly also lays out the macro calls one entry per line, which prettyplease cannot.
pub fn emit_types(types: &Types) -> String {
    let mut out = Writer::default();
    // A type nothing uses (e.g. a union query parameter, which is sent as JSON text) is not
    // generated.
    let mut defs = types.defs.iter().filter(|def| def.usage.any()).peekable();
    if defs.peek().is_none() {
        return String::new();
    }
    out.line("/// The request and response types of the operations.");
    out.open("pub mod types {");
    for def in defs {
        emit_def(&mut out, types, def);
    }
    out.close("}");
    out.text
}

fn def_doc(def: &TypeDef) -> String {
    let mut text = def.doc.as_deref().map(sanitize).unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Schema: {} in {}.",
        super::docs::code(&def.pointer),
        super::docs::code(&file_name(def))
    ));
    text
}

fn file_name(def: &TypeDef) -> String {
    def.file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The serde traits a type implements (see [`crate::model::types::Usage`]): only the
/// direction it travels.
fn serde_traits(usage: Usage) -> String {
    match (usage.serialize, usage.deserialize) {
        (true, true) => "Serialize, Deserialize".into(),
        (true, false) => "Serialize".into(),
        (false, true) => "Deserialize".into(),
        (false, false) => String::new(),
    }
}

fn emit_def(out: &mut Writer, types: &Types, def: &TypeDef) {
    out.doc(&def_doc(def));
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(out, types, &def.name, s, def.usage),
        TypeKind::Enum(e) => emit_enum(out, &def.name, e),
        TypeKind::Union(vs) => emit_union(out, types, &def.name, vs, def.usage),
    }
}

/// A struct, and its serde impls through `impl_object!` (lighter to compile than serde's
/// derive; see `scope_runtime::impl_object`), which lists each field's JSON key.
fn emit_struct(out: &mut Writer, types: &Types, name: &str, s: &Struct, usage: Usage) {
    // A type that travels one way leaves out the fields that only travel the other way.
    let outgoing = usage.serialize || usage.form;
    let fields: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| !(f.read_only && outgoing && !usage.deserialize))
        .filter(|f| !(f.write_only && usage.deserialize && !outgoing))
        .collect();
    let all_optional = fields.iter().all(|f| f.is_option());
    out.line(if all_optional {
        "#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::default::Default)]"
    } else {
        "#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]"
    });
    let additional = s.additional.as_ref().map(|ty| {
        let field = if fields
            .iter()
            .any(|f| f.rust_name == "additional_properties")
        {
            "extra_properties"
        } else {
            "additional_properties"
        };
        (field, ty_text(types, ty, Scope::Types))
    });
    if fields.is_empty() && additional.is_none() {
        out.line(&format!("pub struct {name} {{}}"));
    } else {
        out.open(&format!("pub struct {name} {{"));
        for f in &fields {
            emit_field(out, types, f, usage.form);
        }
        if let Some((field, ty)) = &additional {
            out.line("/// Properties the schema does not declare.");
            out.line(&format!(
                "pub {field}: ::std::collections::BTreeMap<String, {ty}>,"
            ));
        }
        out.close("}");
    }
    let traits = serde_traits(usage);
    if traits.is_empty() {
        return;
    }
    out.open(&format!(
        "::scope_runtime::impl_object!({traits} for {name} {{"
    ));
    for f in &fields {
        let mode = if !f.is_option() {
            " required"
        } else if !f.optional {
            " nullable"
        } else {
            ""
        };
        out.line(&format!(
            "{}: {}{mode},",
            f.rust_name,
            string_literal(&f.json_name)
        ));
    }
    if let Some((field, _)) = additional {
        out.line(&format!("..{field}"));
    }
    out.close("});");
}

/// One field; in a multipart form a `format: binary` string is a file.
fn emit_field(out: &mut Writer, types: &Types, f: &Field, form: bool) {
    let mut ty = if form && f.binary {
        "::scope_runtime::FilePart".to_owned()
    } else {
        ty_text(types, &f.ty, Scope::Types)
    };
    if f.boxed {
        ty = format!("Box<{ty}>");
    }
    if f.is_option() {
        ty = format!("Option<{ty}>");
    }
    out.doc(&with_default(
        f.doc.as_deref().map(sanitize).unwrap_or_default(),
        f.default.as_deref(),
    ));
    if f.deprecated {
        out.line("#[deprecated = \"the document marks this field deprecated\"]");
    }
    // The document nests this deep; a type alias would only move the nesting elsewhere.
    if f.ty.depth() >= 4 {
        out.line("#[allow(clippy::type_complexity)]");
    }
    out.line(&format!("pub {}: {ty},", f.rust_name));
}

fn emit_enum(out: &mut Writer, name: &str, e: &StringEnum) {
    out.line("#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq, ::core::cmp::Eq, ::core::hash::Hash)]");
    out.open(&format!("pub enum {name} {{"));
    for (variant, value) in &e.values {
        out.doc(&format!("`{value}`"));
        out.line(&format!("{variant},"));
    }
    out.line("/// A value the document does not list.");
    out.line(&format!("{}(String),", e.other));
    out.close("}");
    out.open(&format!("::scope_runtime::impl_string_enum!({name} {{"));
    for (variant, value) in &e.values {
        out.line(&format!("{variant} = {},", string_literal(value)));
    }
    out.line(&format!("..{}", e.other));
    out.close("});");
}

fn emit_union(out: &mut Writer, types: &Types, name: &str, variants: &[Variant], usage: Usage) {
    out.line("///");
    out.line("/// Decoded as the first variant that fits.");
    // The variants are the document's alternatives as they are; boxing the large ones would
    // change how every user matches on them.
    out.line("#[allow(clippy::large_enum_variant)]");
    out.line("#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::cmp::PartialEq)]");
    out.open(&format!("pub enum {name} {{"));
    for v in variants {
        let ty = ty_text(types, &v.ty, Scope::Types);
        if v.boxed {
            out.line(&format!("{}(Box<{ty}>),", v.name));
        } else {
            out.line(&format!("{}({ty}),", v.name));
        }
    }
    out.close("}");
    let traits = serde_traits(usage);
    if !traits.is_empty() {
        let names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        out.line(&format!(
            "::scope_runtime::impl_union!({traits} for {name} {{ {} }});",
            names.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::Writer;

    #[test]
    fn doc_lines_leave_out_what_rustc_rejects_in_comments() {
        let mut out = Writer::default();
        out.doc("plain\n\nbidi \u{202E}here\nbell\u{7} and\rcr");
        assert_eq!(out.text, "/// plain\n///\n/// bidi here\n/// bell andcr\n");
    }
}
