//! Emits the `types` module: structs, string enums and untagged enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, sanitize};
use super::ident;
use crate::model::names::unraw;
use crate::model::types::{
    Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Types, Usage, Variant,
};

/// Where a type is named from: inside `types`, or from a sibling module.
#[derive(Clone, Copy)]
pub enum Scope {
    /// Inside the `types` module.
    Types,
    /// From the crate root (the client).
    Root,
    /// From a sibling module such as `params`.
    Sibling,
}

/// The Rust type of `ty` as seen from `scope`.
pub fn ty_tokens(types: &Types, ty: &Ty, scope: Scope) -> TokenStream {
    match ty {
        Ty::String => quote!(String),
        Ty::Bool => quote!(bool),
        Ty::I32 => quote!(i32),
        Ty::I64 => quote!(i64),
        Ty::F32 => quote!(f32),
        Ty::F64 => quote!(f64),
        Ty::Named(i) => {
            let name = ident(&types.defs[*i].name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Root => quote!(types::#name),
                Scope::Sibling => quote!(super::types::#name),
            }
        }
        Ty::Vec(item) => {
            let item = ty_tokens(types, item, scope);
            quote!(Vec<#item>)
        }
        Ty::Map(value) => {
            let value = ty_tokens(types, value, scope);
            quote!(::std::collections::BTreeMap<String, #value>)
        }
        Ty::Json => quote!(::scope_runtime::serde_json::Value),
    }
}

/// The `types` module.
pub fn emit_types(types: &Types) -> TokenStream {
    if types.defs.is_empty() {
        return TokenStream::new();
    }
    // A type nothing uses (e.g. an object query parameter, which is sent as JSON text) is
    // not generated.
    let defs = types
        .defs
        .iter()
        .filter(|def| def.usage.any())
        .map(|def| emit_def(types, def));
    quote! {
        /// The request and response types of the operations.
        pub mod types {
            #(#defs)*
        }
    }
}

fn def_doc(def: &TypeDef) -> TokenStream {
    let mut text = def.doc.as_deref().map(sanitize).unwrap_or_default();
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "Schema: `{}` in `{}`.",
        def.pointer,
        file_name(def)
    ));
    doc_attrs(&text)
}

fn file_name(def: &TypeDef) -> String {
    def.file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The serde derives a type needs (see [`crate::model::types::Usage`]).
fn serde_derives(def: &TypeDef) -> TokenStream {
    let serialize = def.usage.serialize.then(|| quote!(::serde::Serialize,));
    let deserialize = def.usage.deserialize.then(|| quote!(::serde::Deserialize,));
    quote!(#serialize #deserialize)
}

fn emit_def(types: &Types, def: &TypeDef) -> TokenStream {
    let doc = def_doc(def);
    let name = ident(&def.name);
    let derives = serde_derives(def);
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(types, &doc, &name, s, def.usage, &derives),
        TypeKind::Enum(e) => emit_enum(&doc, &name, e),
        TypeKind::Union(vs) => emit_union(types, &doc, &name, vs, &derives),
    }
}

fn emit_struct(
    types: &Types,
    doc: &TokenStream,
    name: &syn::Ident,
    s: &Struct,
    usage: Usage,
    derives: &TokenStream,
) -> TokenStream {
    // A type that travels one way leaves out the fields that only travel the other way.
    let fields: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| !(f.read_only && usage.serialize && !usage.deserialize))
        .filter(|f| !(f.write_only && usage.deserialize && !usage.serialize))
        .collect();
    let all_optional = fields.iter().all(|f| f.is_option());
    let default = all_optional.then(|| quote!(Default,));
    // `rename_all = "camelCase"` when serde's own rule gives most JSON names: fewer attributes,
    // less for serde's derive to expand.
    let camel = fields
        .iter()
        .filter(|f| camel_case(unraw(&f.rust_name)) == f.json_name)
        .count();
    let plain = fields
        .iter()
        .filter(|f| unraw(&f.rust_name) == f.json_name)
        .count();
    let rename_all = camel > plain;
    let container = rename_all.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let emitted = fields
        .iter()
        .map(|f| emit_field(types, f, rename_all, usage));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = ty_tokens(types, ty, Scope::Types);
        let field = if fields
            .iter()
            .any(|f| f.rust_name == "additional_properties")
        {
            ident("extra_properties")
        } else {
            ident("additional_properties")
        };
        quote! {
            /// Properties the schema does not declare.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default #derives)]
        #container
        pub struct #name {
            #(#emitted)*
            #additional
        }
    }
}

/// serde's `rename_all = "camelCase"` rule, exactly: `_` capitalizes the next character and
/// disappears; the first character is lower-cased.
fn camel_case(field: &str) -> String {
    let mut pascal = String::with_capacity(field.len());
    let mut capitalize = true;
    for ch in field.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    match pascal.chars().next() {
        Some(first) => first.to_ascii_lowercase().to_string() + &pascal[first.len_utf8()..],
        None => pascal,
    }
}

fn emit_field(types: &Types, f: &Field, rename_all: bool, usage: Usage) -> TokenStream {
    let mut ty = ty_tokens(types, &f.ty, Scope::Types);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    if f.is_option() {
        ty = quote!(Option<#ty>);
    }
    let text = f.doc.as_deref().map(sanitize).unwrap_or_default();
    let doc = doc_attrs(&text);
    let deprecated = f
        .deprecated
        .then(|| quote!(#[deprecated = "the document marks this field deprecated"]));
    let mut serde_args = Vec::new();
    let implied = if rename_all {
        camel_case(unraw(&f.rust_name))
    } else {
        unraw(&f.rust_name).to_owned()
    };
    if implied != f.json_name {
        let json = &f.json_name;
        serde_args.push(quote!(rename = #json));
    }
    // A missing `Option` field decodes as `None` anyway; leaving it out of the JSON only
    // matters when the type is sent.
    if f.optional && usage.serialize {
        serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let name = ident(&f.rust_name);
    quote! {
        #doc
        #deprecated
        #serde
        pub #name: #ty,
    }
}

fn emit_enum(doc: &TokenStream, name: &syn::Ident, e: &StringEnum) -> TokenStream {
    let variants: Vec<syn::Ident> = e.values.iter().map(|(variant, _)| ident(variant)).collect();
    let values: Vec<&str> = e.values.iter().map(|(_, value)| value.as_str()).collect();
    let docs = values.iter().map(|value| format!(" `{value}`"));
    let other = ident(&e.other);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#[doc = #docs] #variants,)*
            /// A value the document does not list.
            #other(String),
        }
        ::scope_runtime::impl_string_enum!(#name { #(#variants = #values,)* ..#other });
    }
}

fn emit_union(
    types: &Types,
    doc: &TokenStream,
    name: &syn::Ident,
    variants: &[Variant],
    derives: &TokenStream,
) -> TokenStream {
    let arms = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = ty_tokens(types, &v.ty, Scope::Types);
        quote!(#vname(#ty),)
    });
    quote! {
        #doc
        ///
        /// Decoded as the first variant that fits.
        #[derive(Debug, Clone, PartialEq, #derives)]
        #[serde(untagged)]
        pub enum #name {
            #(#arms)*
        }
    }
}

#[cfg(test)]
mod tests {
    use super::camel_case;

    #[test]
    fn camel_case_is_serdes_rule() {
        assert_eq!(camel_case("size_in_mm"), "sizeInMm");
        assert_eq!(camel_case("id"), "id");
        assert_eq!(camel_case("self_"), "self");
        assert_eq!(camel_case("n_2fa"), "n2fa");
        assert_eq!(camel_case("page_size"), "pageSize");
    }
}
