//! Pagination helpers: for each cursor-paged list operation, an `impl Page` for its response
//! type and a `<operation>_pages` method that yields every item across pages.
//!
//! An operation is paged when it has an optional `cursor` query parameter and its response is
//! a struct with exactly one array of items and a `next` cursor under `links` or `meta`.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::types::{Scope, ty_tokens};
use crate::model::types::{Field, Struct, Ty, TypeKind, Types};
use crate::model::{Api, Operation};

/// How to take a page apart.
pub struct PageShape<'a> {
    page: usize,
    items: &'a Field,
    item: &'a Ty,
    /// (container field, whether `next` in it is optional) in order of preference.
    next: Vec<(&'a Field, bool)>,
}

impl PageShape<'_> {
    /// The type of the items a page holds.
    pub fn item(&self) -> &Ty {
        self.item
    }
}

fn as_struct<'a>(types: &'a Types, ty: &Ty) -> Option<(usize, &'a Struct)> {
    match ty {
        Ty::Named(i) => match &types.defs[*i].kind {
            TypeKind::Struct(s) => Some((*i, s)),
            _ => None,
        },
        _ => None,
    }
}

/// The page shape of `op`'s response, if `op` is paged.
pub fn shape<'a>(api: &'a Api, op: &'a Operation) -> Option<PageShape<'a>> {
    op.optional_query()
        .find(|p| p.name == "cursor" && p.ty == Ty::String && !p.header)?;
    let (page, body) = as_struct(&api.types, op.response.as_ref()?)?;
    let mut arrays = body.fields.iter().filter_map(|f| match &f.ty {
        Ty::Vec(item) => Some((f, item.as_ref())),
        _ => None,
    });
    let (items, item) = arrays.next()?;
    if arrays.next().is_some() {
        return None;
    }
    let next: Vec<(&Field, bool)> = body
        .fields
        .iter()
        .filter(|f| f.json_name == "links" || f.json_name == "meta")
        .filter_map(|container| {
            let (_, inner) = as_struct(&api.types, &container.ty)?;
            let next = inner
                .fields
                .iter()
                .find(|f| f.json_name == "next" && f.ty == Ty::String)?;
            Some((container, next.is_option()))
        })
        .collect();
    (!next.is_empty()).then_some(PageShape {
        page,
        items,
        item,
        next,
    })
}

/// `impl Page` for every page type (once each, even if several operations share it).
pub fn emit_page_impls(api: &Api) -> TokenStream {
    let mut done = BTreeSet::new();
    let impls = api.operations.iter().filter_map(|op| shape(api, op)).filter(|s| done.insert(s.page)).map(|s| {
        let page = ident(&api.types.defs[s.page].name);
        let item = ty_tokens(&api.types, s.item, Scope::Root);
        let items = ident(&s.items.rust_name);
        let items_expr = if s.items.is_option() { quote!(self.#items.unwrap_or_default()) } else { quote!(self.#items) };
        // `links.next`, else `meta.next`: each an optional container with a (maybe optional) `next`.
        let mut nexts = s.next.iter().map(|(container, next_optional)| {
            let field = ident(&container.rust_name);
            let get = if *next_optional { quote!(c.next.as_deref()) } else { quote!(Some(c.next.as_str())) };
            if container.is_option() {
                quote!(self.#field.as_ref().and_then(|c| #get))
            } else {
                quote!({ let c = &self.#field; #get })
            }
        });
        let first = nexts.next();
        let rest: Vec<TokenStream> = nexts.collect();
        quote! {
            impl ::scope_runtime::Page for types::#page {
                type Item = #item;

                fn into_parts(self) -> (Vec<Self::Item>, Option<String>) {
                    let next = #first #(.or_else(|| #rest))* .map(::scope_runtime::cursor_from_next);
                    (#items_expr, next)
                }
            }
        }
    });
    quote!(#(#impls)*)
}

/// The name of the `<operation>_pages` method, for operations that have one.
pub fn pages_name(api: &Api, op: &Operation) -> Option<String> {
    shape(api, op)?;
    op.params_name.as_ref()?;
    Some(format!("{}_pages", op.fn_name.trim_start_matches("r#")))
}
