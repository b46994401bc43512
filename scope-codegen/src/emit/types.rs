//! Emits the `types` module: structs, string enums and untagged enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, sanitize};
use super::ident;
use crate::model::names::unraw;
use crate::model::types::{Field, StringEnum, Struct, Ty, TypeDef, TypeKind, Types, Variant};

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
        TypeKind::Struct(s) => emit_struct(types, &doc, &name, s, &derives),
        TypeKind::Enum(e) => emit_enum(&doc, &name, e),
        TypeKind::Union(vs) => emit_union(types, &doc, &name, vs, &derives),
    }
}

fn emit_struct(
    types: &Types,
    doc: &TokenStream,
    name: &syn::Ident,
    s: &Struct,
    derives: &TokenStream,
) -> TokenStream {
    let all_optional = s.fields.iter().all(Field::is_option);
    let default = all_optional.then(|| quote!(Default,));
    let fields = s.fields.iter().map(|f| emit_field(types, f));
    let additional = s.additional.as_ref().map(|ty| {
        let ty = ty_tokens(types, ty, Scope::Types);
        let field = if s
            .fields
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
        pub struct #name {
            #(#fields)*
            #additional
        }
    }
}

fn emit_field(types: &Types, f: &Field) -> TokenStream {
    let mut ty = ty_tokens(types, &f.ty, Scope::Types);
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    if f.is_option() {
        ty = quote!(Option<#ty>);
    }
    let mut text = f.doc.as_deref().map(sanitize).unwrap_or_default();
    if f.deprecated {
        text = if text.is_empty() {
            "**Deprecated.**".to_owned()
        } else {
            format!("**Deprecated.** {text}")
        };
    }
    let doc = doc_attrs(&text);
    let mut serde_args = Vec::new();
    if unraw(&f.rust_name) != f.json_name {
        let json = &f.json_name;
        serde_args.push(quote!(rename = #json));
    }
    if f.optional {
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    let serde = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let name = ident(&f.rust_name);
    quote! {
        #doc
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
