//! Pagination helpers: for each paged list operation, an `impl Page` (or `OffsetPage`) for its
//! response type and a `<operation>_pages` method that yields every item across pages.
//!
//! An operation is cursor-paged when it has an optional `cursor` query parameter and its
//! response is a struct with exactly one array of items and a `next` cursor under `links` or
//! `meta`. It is offset-paged (Jira's style) when it has optional integer `startAt` and
//! `maxResults` query parameters and its response is a struct with exactly one array of items
//! and a `total` or an `isLast`.

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
    next: Next<'a>,
}

/// How a page says where the next one is.
pub enum Next<'a> {
    /// A cursor: (container field, whether `next` in it is optional), in order of preference.
    Cursor(Vec<(&'a Field, bool)>),
    /// Offsets: the page's `startAt`, `total` and `isLast` fields, where it has them, and the
    /// type of the operation's `startAt` parameter.
    Offset {
        start_at: Option<&'a Field>,
        total: Option<&'a Field>,
        is_last: Option<&'a Field>,
        param: &'a Ty,
    },
}

impl<'a> PageShape<'a> {
    /// The type of the items a page holds.
    pub fn item(&self) -> &Ty {
        self.item
    }

    /// How the next page is found.
    pub fn next(&self) -> &Next<'a> {
        &self.next
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
    let cursor = op
        .optional_query()
        .any(|p| p.name == "cursor" && p.ty == Ty::String && !p.header);
    if !cursor {
        return offset_shape(api, op);
    }
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
        next: Next::Cursor(next),
    })
}

fn is_integer(ty: &Ty) -> bool {
    matches!(ty, Ty::I32 | Ty::I64)
}

/// The offset page shape of `op`'s response (Jira's `startAt`/`maxResults`), if it has one.
fn offset_shape<'a>(api: &'a Api, op: &'a Operation) -> Option<PageShape<'a>> {
    let param = op
        .optional_query()
        .find(|p| p.name == "startAt" && is_integer(&p.ty) && !p.header)?;
    op.optional_query()
        .find(|p| p.name == "maxResults" && is_integer(&p.ty) && !p.header)?;
    let (page, body) = as_struct(&api.types, op.response.as_ref()?)?;
    let arrays: Vec<(&Field, &Ty)> = body
        .fields
        .iter()
        .filter_map(|f| match &f.ty {
            Ty::Vec(item) => Some((f, item.as_ref())),
            _ => None,
        })
        .collect();
    // One array, or, beside others (a search's `warningMessages`), Jira's `values` or `issues`.
    let (items, item) = match arrays.as_slice() {
        [one] => *one,
        _ => *arrays
            .iter()
            .find(|(f, _)| f.json_name == "values" || f.json_name == "issues")?,
    };
    let field = |name: &str, fits: fn(&Ty) -> bool| {
        body.fields
            .iter()
            .find(|f| f.json_name == name && fits(&f.ty))
    };
    let total = field("total", is_integer);
    let is_last = field("isLast", |t| *t == Ty::Bool);
    if total.is_none() && is_last.is_none() {
        return None;
    }
    Some(PageShape {
        page,
        items,
        item,
        next: Next::Offset {
            start_at: field("startAt", is_integer),
            total,
            is_last,
            param: &param.ty,
        },
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
        let next = match &s.next {
            Next::Cursor(next) => next,
            Next::Offset { start_at, total, is_last, .. } => {
                // Each as an `Option`, whether the document makes it optional or not.
                let get = |field: &Option<&Field>| match field {
                    None => quote!(None),
                    Some(f) => {
                        let name = ident(&f.rust_name);
                        // `i32` fields widen to `i64`; `i64` and `bool` go as they are.
                        match (f.is_option(), f.ty == Ty::I32) {
                            (true, true) => quote!(self.#name.map(i64::from)),
                            (true, false) => quote!(self.#name),
                            (false, true) => quote!(Some(i64::from(self.#name))),
                            (false, false) => quote!(Some(self.#name)),
                        }
                    }
                };
                let (start_at, total, is_last) = (get(start_at), get(total), get(is_last));
                return quote! {
                    impl ::scope_runtime::OffsetPage for types::#page {
                        type Item = #item;

                        fn into_parts(self) -> (Vec<Self::Item>, ::scope_runtime::Offsets) {
                            let offsets = ::scope_runtime::Offsets {
                                start_at: #start_at,
                                total: #total,
                                is_last: #is_last,
                            };
                            (#items_expr, offsets)
                        }
                    }
                };
            }
        };
        // `links.next`, else `meta.next`: each an optional container with a (maybe optional) `next`.
        let mut nexts = next.iter().map(|(container, next_optional)| {
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

/// The name of the `<operation>_pages` method, for operations that have one (with a
/// parameters struct, which holds the cursor or the offset).
pub fn pages_name(api: &Api, op: &Operation) -> Option<String> {
    shape(api, op)?;
    // A body to send with every page is not walked (Jira's few paged POSTs).
    if op.body.is_some() {
        return None;
    }
    op.params_name.as_ref()?;
    Some(format!("{}_pages", op.fn_name.trim_start_matches("r#")))
}
