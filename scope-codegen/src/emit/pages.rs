//! Pagination helpers: for each paged list operation, an `impl Page` (or `OffsetPage`) for its
//! response type and a `<operation>_pages` method that yields every item across pages.
//!
//! The styles Atlassian's documents use, each found from the operation's parameters and the
//! shape of its response:
//! - a cursor (Organizations): an optional `cursor` query parameter, and a `next` cursor or
//!   URL under `links` or `meta`;
//! - a cursor in a link (Confluence's searches): an optional `cursor`, and a `_links` map
//!   whose `next` link carries it;
//! - offsets (Jira): optional integer `startAt` and `maxResults`, and a `total` or `isLast`;
//! - offsets (Confluence): optional integer `start` and `limit`, and a `start`, `size`,
//!   `totalSize` or `_links` map whose `next` link says where the next page starts.
//!
//! In each the page is a struct with one array of items (or, beside others, the `values`,
//! `issues` or `results` array).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::types::{Scope, ty_tokens};
use crate::model::types::{Field, Struct, Ty, TypeKind, Types};
use crate::model::{Api, Operation, Param};

/// How to take a page apart.
pub struct PageShape<'a> {
    /// The page type and its items field; `None` for a page the runtime reads itself: a bare
    /// array, or one the document gives no schema for (Jira Software's lists, documented by
    /// example only), which is untyped JSON.
    page: Option<(usize, &'a Field)>,
    item: &'a Ty,
    next: Next<'a>,
}

/// The item type of an untyped page.
static JSON: Ty = Ty::Json;

/// How a page says where the next one is.
pub enum Next<'a> {
    /// A cursor, passed back in `param`, read from the first of `from` that has one.
    Cursor {
        param: &'a Param,
        from: Vec<Link<'a>>,
    },
    /// Offsets: the page's own start, total and last-page fields where it has them, its
    /// `next` link where it has one, the operation's offset parameter (`startAt`, `start`)
    /// and its page-size parameter (`maxResults`, `limit`).
    Offset {
        start_at: Option<&'a Field>,
        total: Option<&'a Field>,
        is_last: Option<&'a Field>,
        link: Option<Link<'a>>,
        param: &'a Param,
        size: &'a Param,
    },
}

/// Where a page keeps its `next` link.
pub enum Link<'a> {
    /// A struct field (`links`, `meta`) with a string `next`, optional or not.
    Container { field: &'a Field, optional: bool },
    /// A map field (Confluence's `_links`) whose `next` entry is the link.
    Map { field: &'a Field, value: MapValue },
}

/// What the values of a link map are, and so how the `next` one is read as text.
pub enum MapValue {
    /// Strings.
    String,
    /// Any JSON.
    Json,
    /// A generated union (type index) with a string variant (its name).
    Union(usize, String),
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

fn is_integer(ty: &Ty) -> bool {
    matches!(ty, Ty::I32 | Ty::I64)
}

/// The page shape of `op`'s response, if `op` is paged.
pub fn shape<'a>(api: &'a Api, op: &'a Operation) -> Option<PageShape<'a>> {
    let query = |name: &str, fits: fn(&Ty) -> bool| {
        op.optional_query()
            .find(|p| p.name == name && fits(&p.ty) && !p.header)
    };
    if let Some(param) = query("cursor", |t| *t == Ty::String) {
        return cursor_shape(api, op, param);
    }
    // Integers, or (Confluence's `getWatchersForSpace`) numbers the document types as text.
    let number = |t: &Ty| is_integer(t) || *t == Ty::String;
    let (param, size) = [("startAt", "maxResults"), ("start", "limit")]
        .into_iter()
        .find_map(|(at, size)| Some((query(at, number)?, query(size, number)?)))?;
    // Pages the runtime reads itself: untyped JSON (Jira Software's), and bare arrays
    // (Jira's user searches), which end with an empty page.
    let runtime_page = match &op.response {
        Some(Ty::Json) if param.name == "startAt" => Some(&JSON),
        Some(Ty::Vec(item)) => Some(item.as_ref()),
        _ => None,
    };
    if let Some(item) = runtime_page {
        return Some(PageShape {
            page: None,
            item,
            next: Next::Offset {
                start_at: None,
                total: None,
                is_last: None,
                link: None,
                param,
                size,
            },
        });
    }
    offset_shape(api, op, param, size)
}

/// The response's struct and its array of items: its one array, or, beside others (a
/// search's `warningMessages`), Jira's `values` or `issues` or Confluence's `results`.
fn page_of<'a>(api: &'a Api, op: &'a Operation) -> Option<(usize, &'a Struct, &'a Field, &'a Ty)> {
    let (page, body) = as_struct(&api.types, op.response.as_ref()?)?;
    let arrays: Vec<(&Field, &Ty)> = body
        .fields
        .iter()
        .filter_map(|f| match &f.ty {
            Ty::Vec(item) => Some((f, item.as_ref())),
            _ => None,
        })
        .collect();
    let (items, item) = match arrays.as_slice() {
        [one] => *one,
        _ => *arrays
            .iter()
            .find(|(f, _)| matches!(f.json_name.as_str(), "values" | "issues" | "results"))?,
    };
    Some((page, body, items, item))
}

/// A `_links` map whose values can be read as text.
fn link_map<'a>(api: &'a Api, body: &'a Struct) -> Option<Link<'a>> {
    let field = body.fields.iter().find(|f| f.json_name == "_links")?;
    let value = match &field.ty {
        Ty::Map(value) => match value.as_ref() {
            Ty::String => MapValue::String,
            Ty::Json => MapValue::Json,
            Ty::Named(i) => match &api.types.defs[*i].kind {
                TypeKind::Union(variants) => {
                    let text = variants.iter().find(|v| v.ty == Ty::String)?;
                    MapValue::Union(*i, text.name.clone())
                }
                _ => return None,
            },
            _ => return None,
        },
        _ => return None,
    };
    Some(Link::Map { field, value })
}

fn cursor_shape<'a>(api: &'a Api, op: &'a Operation, param: &'a Param) -> Option<PageShape<'a>> {
    let (page, body, items, item) = page_of(api, op)?;
    let mut from: Vec<Link> = body
        .fields
        .iter()
        .filter(|f| f.json_name == "links" || f.json_name == "meta")
        .filter_map(|container| {
            let (_, inner) = as_struct(&api.types, &container.ty)?;
            let next = inner
                .fields
                .iter()
                .find(|f| f.json_name == "next" && f.ty == Ty::String)?;
            Some(Link::Container {
                field: container,
                optional: next.is_option(),
            })
        })
        .collect();
    from.extend(link_map(api, body));
    (!from.is_empty()).then_some(PageShape {
        page: Some((page, items)),
        item,
        next: Next::Cursor { param, from },
    })
}

/// The offset page shape of `op`'s response, if it has one.
fn offset_shape<'a>(
    api: &'a Api,
    op: &'a Operation,
    param: &'a Param,
    size: &'a Param,
) -> Option<PageShape<'a>> {
    let (page, body, items, item) = page_of(api, op)?;
    let field = |name: &str, fits: fn(&Ty) -> bool| {
        body.fields
            .iter()
            .find(|f| f.json_name == name && fits(&f.ty))
    };
    let jira = param.name == "startAt";
    let (start_at, total, is_last, link) = if jira {
        let (total, is_last) = (
            field("total", is_integer),
            field("isLast", |t| *t == Ty::Bool),
        );
        // Without either, `startAt` and `maxResults` are not known to page this list.
        total.or(is_last)?;
        (field("startAt", is_integer), total, is_last, None)
    } else {
        let (start, link) = (field("start", is_integer), link_map(api, body));
        // Confluence's pages say where they start, how many they hold, or link the next.
        if start.is_none() && link.is_none() && field("size", is_integer).is_none() {
            return None;
        }
        (start, field("totalSize", is_integer), None, link)
    };
    Some(PageShape {
        page: Some((page, items)),
        item,
        next: Next::Offset {
            start_at,
            total,
            is_last,
            link,
            param,
            size,
        },
    })
}

/// The page's `next` link as an `Option<&str>` expression over `self`.
fn link_text(api: &Api, link: &Link) -> TokenStream {
    match link {
        Link::Container { field, optional } => {
            let name = ident(&field.rust_name);
            let get = if *optional {
                quote!(c.next.as_deref())
            } else {
                quote!(Some(c.next.as_str()))
            };
            if field.is_option() {
                quote!(self.#name.as_ref().and_then(|c| #get))
            } else {
                quote!({ let c = &self.#name; #get })
            }
        }
        Link::Map { field, value } => {
            let name = ident(&field.rust_name);
            let read = match value {
                MapValue::String => quote!(Some(v.as_str())),
                MapValue::Json => quote!(v.as_str()),
                MapValue::Union(union, variant) => {
                    let union = ident(&api.types.defs[*union].name);
                    let variant = ident(variant);
                    quote!(match v { types::#union::#variant(text) => Some(text.as_str()), _ => None })
                }
            };
            if field.is_option() {
                quote!(self.#name.as_ref().and_then(|m| m.get("next")).and_then(|v| #read))
            } else {
                quote!(self.#name.get("next").and_then(|v| #read))
            }
        }
    }
}

/// A page field as an `Option<i64>` (or `Option<bool>`) expression over `self`, whether the
/// document makes it optional or not; `i32` fields widen to `i64`.
fn offset_field(field: &Option<&Field>) -> TokenStream {
    let Some(f) = field else {
        return quote!(None);
    };
    let name = ident(&f.rust_name);
    match (f.is_option(), f.ty == Ty::I32) {
        (true, true) => quote!(self.#name.map(i64::from)),
        (true, false) => quote!(self.#name),
        (false, true) => quote!(Some(i64::from(self.#name))),
        (false, false) => quote!(Some(self.#name)),
    }
}

/// `impl Page` or `impl OffsetPage` for every page type, once each even if several
/// operations share it (Confluence's `ContentArray` is both: its search pages by cursor, its
/// lists by offset).
pub fn emit_page_impls(api: &Api) -> TokenStream {
    let mut done = BTreeSet::new();
    let impls = api
        .operations
        .iter()
        .filter_map(|op| shape(api, op))
        .filter_map(|s| {
            let (page, items) = s.page?;
            done.insert((page, matches!(s.next, Next::Cursor { .. })))
                .then(|| page_impl(api, page, items, &s))
        });
    quote!(#(#impls)*)
}

fn page_impl(api: &Api, page: usize, items: &Field, s: &PageShape) -> TokenStream {
    let page = ident(&api.types.defs[page].name);
    let item = ty_tokens(&api.types, s.item, Scope::Root);
    let optional = items.is_option();
    let items = ident(&items.rust_name);
    let items_expr = if optional {
        quote!(self.#items.unwrap_or_default())
    } else {
        quote!(self.#items)
    };
    match &s.next {
        Next::Offset {
            start_at,
            total,
            is_last,
            link,
            param,
            ..
        } => {
            let (start_at, total) = (offset_field(start_at), offset_field(total));
            // Jira says `isLast`; Confluence's last page has no `next` link, and the link
            // says where the next page starts.
            let (link, is_last, next_start) = match link {
                Some(link) => {
                    let text = link_text(api, link);
                    let at = &param.name;
                    (
                        quote!(let next: Option<&str> = #text;),
                        quote!(Some(next.is_none())),
                        quote! {
                            next.and_then(|link| ::scope_runtime::link_query(link, #at))
                                .and_then(|at| at.parse().ok())
                        },
                    )
                }
                None => (quote!(), offset_field(is_last), quote!(None)),
            };
            quote! {
                impl ::scope_runtime::OffsetPage for types::#page {
                    type Item = #item;

                    fn into_parts(self) -> (Vec<Self::Item>, ::scope_runtime::Offsets) {
                        #link
                        let offsets = ::scope_runtime::Offsets {
                            start_at: #start_at,
                            total: #total,
                            is_last: #is_last,
                            next_start: #next_start,
                        };
                        (#items_expr, offsets)
                    }
                }
            }
        }
        Next::Cursor { param, from } => {
            // Each source as an owned cursor: a `links`/`meta` `next` is the cursor or a URL
            // with one; a `_links` link carries it as a query parameter.
            let name = &param.name;
            let mut nexts = from.iter().map(|link| {
                let text = link_text(api, link);
                match link {
                    Link::Container { .. } => quote!(#text.map(::scope_runtime::cursor_from_next)),
                    Link::Map { .. } => {
                        quote!(#text.and_then(|l| ::scope_runtime::link_query(l, #name)))
                    }
                }
            });
            let first = nexts.next();
            let rest: Vec<TokenStream> = nexts.collect();
            quote! {
                impl ::scope_runtime::Page for types::#page {
                    type Item = #item;

                    fn into_parts(self) -> (Vec<Self::Item>, Option<String>) {
                        let next = #first #(.or_else(|| #rest))*;
                        (#items_expr, next)
                    }
                }
            }
        }
    }
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
