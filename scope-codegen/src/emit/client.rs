//! Emits the scope items, the operation table, the optional-parameter structs, and the client
//! with one method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, sanitize, with_default};
use super::grants;
use super::ident;
use super::pages;
use super::types::{Scope, ty_tokens};
use crate::model::types::{Ty, Types};
use crate::model::{Api, Operation, Param, ParamStyle};
use crate::resolve::{Requirement, Source};

/// The `scopes` module: one constant per scope, and the list of all of them.
pub fn emit_scopes(api: &Api) -> TokenStream {
    let items = api.scopes.iter().map(|scope| {
        let konst = ident(&scope.const_name);
        let name = &scope.name;
        let summary = &scope.summary;
        let description = &scope.description;
        let mut text = format!("`{name}`");
        if !scope.summary.is_empty() {
            text.push_str(&format!(": {}.", scope.summary));
        }
        if !scope.description.is_empty() {
            text.push_str(&format!(
                "\n\nThe scope table says it covers: {}.",
                scope.description
            ));
        }
        if !scope.in_table {
            text.push_str("\n\nNot in the scope table: only the documents name this scope.");
        }
        if scope.used_by.is_empty() {
            text.push_str("\n\nNo documented operation uses this scope.");
        } else {
            let links: Vec<String> = scope
                .used_by
                .iter()
                .filter_map(|id| api.operations.iter().find(|o| &o.id == id))
                .map(|o| format!("[`{}`](super::Client::{})", o.id, o.fn_name))
                .collect();
            text.push_str(&format!("\n\nNeeded by: {}.", links.join(", ")));
        }
        let doc = doc_attrs(&text);
        quote! {
            #doc
            pub const #konst: Scope = Scope {
                name: #name,
                summary: #summary,
                description: #description,
            };
        }
    });
    let all: Vec<syn::Ident> = api.scopes.iter().map(|s| ident(&s.const_name)).collect();
    let source = match &api.table_source {
        Some(source) => format!(" The scope table is {source}."),
        None => String::new(),
    };
    let module_doc = format!(
        " The scopes an API key or OAuth app can hold, and the traits that prove them.{source}"
    );
    let traits = grants::emit_traits(api);
    quote! {
        #[doc = #module_doc]
        pub mod scopes {
            use ::scope_runtime::Scope;

            #(#items)*

            /// Every scope above.
            pub const ALL: &[Scope] = &[#(#all),*];

            #traits
        }
    }
}

/// The `operations` module: an `OperationInfo` per operation, usable at run time.
pub fn emit_operations(api: &Api) -> TokenStream {
    let items = api.operations.iter().map(|op| {
        let konst = ident(&op.const_name);
        let id = &op.id;
        let method = &op.method;
        let path = &op.path;
        let requirement = requirement_tokens(api, &op.scopes.requirement);
        let doc = format!(
            " `{method} {path}`: [`Client::{}`](super::Client::{}).",
            op.fn_name, op.fn_name
        );
        quote! {
            #[doc = #doc]
            pub const #konst: OperationInfo = OperationInfo {
                operation_id: #id,
                method: #method,
                path: #path,
                requirement: #requirement,
            };
        }
    });
    let all: Vec<syn::Ident> = api
        .operations
        .iter()
        .map(|o| ident(&o.const_name))
        .collect();
    let scopes_import = api
        .operations
        .iter()
        .any(|o| o.scopes.requirement != Requirement::Unscoped)
        .then(|| {
            quote!(
                use super::scopes;
            )
        });
    let imports = if api.operations.is_empty() {
        quote!(
            use ::scope_runtime::OperationInfo;
        )
    } else {
        quote! {
            use ::scope_runtime::{OperationInfo, Requirement};

            #scopes_import
        }
    };
    quote! {
        /// Every operation with its method, path and required scopes, for use at run time
        /// (least-privilege reports, test servers that enforce scopes).
        pub mod operations {
            #imports

            #(#items)*

            /// Every operation above.
            pub const ALL: &[OperationInfo] = &[#(#all),*];
        }
    }
}

fn requirement_tokens(api: &Api, requirement: &Requirement) -> TokenStream {
    match requirement {
        Requirement::Unscoped => quote!(Requirement::Unscoped),
        Requirement::AnyOf(alternatives) => {
            let alts = alternatives.iter().map(|alt| {
                let scopes = alt.iter().map(|name| {
                    let def = api
                        .scopes
                        .iter()
                        .find(|s| &s.name == name)
                        .expect("every required scope has an item");
                    let konst = ident(&def.const_name);
                    quote!(scopes::#konst.name)
                });
                quote!(&[#(#scopes),*])
            });
            quote!(Requirement::AnyOf(&[#(#alts),*]))
        }
    }
}

/// The `params` module: a struct of optional query and header parameters per operation that
/// has them.
pub fn emit_params(api: &Api) -> TokenStream {
    let structs: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| {
            let name = ident(op.params_name.as_ref()?);
            let fields = op.optional_query().map(|p| {
                let field = ident(&p.rust_name);
                let ty = ty_tokens(&api.types, &p.ty, Scope::Sibling);
                let mut text = p.doc.as_deref().map(sanitize).unwrap_or_else(|| format!("`{}`", p.name));
                if p.header {
                    text.push_str(&format!("\n\nSent as the `{}` header.", p.name));
                }
                let doc = doc_attrs(&with_default(text, p.default.as_deref()));
                quote! {
                    #doc
                    pub #field: Option<#ty>,
                }
            });
            let doc = format!(
                " Optional parameters of [`Client::{}`](super::Client::{}); `Default` leaves them all unset.",
                op.fn_name, op.fn_name
            );
            Some(quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, Default, PartialEq)]
                pub struct #name {
                    #(#fields)*
                }
            })
        })
        .collect();
    if structs.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// Optional query and header parameters, one struct per operation that has them.
        pub mod params {
            #(#structs)*
        }
    }
}

/// The client struct and its methods.
pub fn emit_client(api: &Api) -> TokenStream {
    let base = &api.default_base_url;
    let sources: Vec<String> = api
        .documents
        .iter()
        .map(|d| {
            let file = d
                .file
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!(" - {} (`{file}`, base path `{}`)", d.title, d.base_path)
        })
        .collect();
    let mut doc = String::from(" A client generated from:\n");
    doc.push_str(&sources.join("\n"));
    doc.push_str("\n\n Each method's documentation names the scopes it needs.");
    doc.push_str(
        "\n\n `G` is the grant: a zero-sized proof of which scopes the holder declared. A new \
         client's grant is [`Unverified`], which can call nothing; `#[requires_scope]` and \
         `trust_key_scopes!` make grants.",
    );
    let json = api.operations.iter().any(|o| o.response.is_some()).then(|| {
        quote! {
            /// Sends an operation and decodes its JSON answer.
            pub(super) fn json<'a, T: ::scope_runtime::serde::de::DeserializeOwned + Send + 'static>(
                transport: &'a Transport,
                operation: &'static OperationInfo,
                path: String,
                query: Query,
                body: Option<Body>,
            ) -> Call<'a, T> {
                // SAFETY: not memory safety but the scope proof: the only callers are the
                // operation methods, each bounded by the proofs of its operation's scopes.
                unsafe { transport.send_json(operation, path, query, body) }
            }
        }
    });
    let empty = api
        .operations
        .iter()
        .any(|o| o.response.is_none())
        .then(|| {
            quote! {
                /// Sends an operation whose answer has no body worth decoding.
                pub(super) fn empty<'a>(
                    transport: &'a Transport,
                    operation: &'static OperationInfo,
                    path: String,
                    query: Query,
                    body: Option<Body>,
                ) -> Call<'a, ()> {
                    // SAFETY: as for `json`.
                    unsafe { transport.send_empty(operation, path, query, body) }
                }
            }
        });
    let send = (json.is_some() || empty.is_some()).then(|| {
        quote! {
            /// The one place requests are sent from: what the operation methods call once their
            /// bounds proved the grant covers the operation's scopes. Private, so that nothing
            /// else sends.
            mod send {
                use ::scope_runtime::{Body, Call, OperationInfo, Query, Transport};

                #json
                #empty
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub struct Client<G = Unverified> {
            transport: ::scope_runtime::Transport,
            grant: ::std::marker::PhantomData<fn() -> G>,
        }

        /// The grant of a client that nothing has vouched for: it is not a grant at all, so a
        /// `Client<Unverified>` has no operation methods.
        #[derive(Debug, Clone, Copy)]
        pub struct Unverified;

        impl<G> ::std::fmt::Debug for Client<G> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client").field("transport", &self.transport).finish()
            }
        }

        impl<G> Clone for Client<G> {
            fn clone(&self) -> Self {
                Self { transport: self.transport.clone(), grant: ::std::marker::PhantomData }
            }
        }

        impl Client {
            /// Where the documents say the API is served.
            pub const DEFAULT_BASE_URL: &'static str = #base;

            /// A client that sends its requests through `transport`. It can call nothing until
            /// `trust_key_scopes!` vouches for the key's scopes.
            pub fn new(transport: ::scope_runtime::Transport) -> Self {
                Self { transport, grant: ::std::marker::PhantomData }
            }

            /// The transport requests will go through. Only an unverified client lends it out:
            /// a client with a grant cannot be turned back into one that `trust_key_scopes!`
            /// would take.
            pub fn transport(&self) -> &::scope_runtime::Transport {
                &self.transport
            }
        }

        impl<G> Client<G> {
            /// What `trust_key_scopes!` expands to: puts the grant `K` on an unverified client.
            /// Calling it by hand is trusting the key by hand, and is found by the same grep
            /// (`trust_key_scopes`).
            #[doc(hidden)]
            pub fn __trust_key_scopes<K: scopes::Grant>(self) -> Client<K>
            where
                G: scopes::Untrusted,
            {
                Client { transport: self.transport, grant: ::std::marker::PhantomData }
            }
        }

        impl<G: scopes::Grant> Client<G> {
            /// The scopes the entry point vouched for with `trust_key_scopes!`: the scopes to
            /// create the API key with (none, for a key created without scopes).
            pub fn granted_scopes(&self) -> Vec<&'static str> {
                if G::UNSCOPED_KEY {
                    return Vec::new();
                }
                scopes::ALL
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| G::holds(*index))
                    .map(|(_, scope)| scope.name)
                    .collect()
            }
        }

        #send
    }
}

/// The doc comment of the methods' impl block.
pub const METHODS_DOC: &str = "The operations, each bounded by the proofs of the scopes it needs.";

/// The operation methods of `operations` in one impl block, each bounded by the proofs of the
/// scopes it needs. The generator formats large clients' methods in parts on two threads and
/// joins the blocks (see `emit::emit`).
pub fn emit_methods(api: &Api, operations: &[Operation]) -> TokenStream {
    let methods = operations.iter().map(|op| emit_method(api, op));
    let doc = format!(" {METHODS_DOC}");
    quote! {
        #[doc = #doc]
        impl<G: scopes::Grant> Client<G> {
            #(#methods)*
        }
    }
}

/// The type of a positional argument: borrowed unless `Copy`.
pub(super) fn arg_type(types: &Types, ty: &Ty) -> TokenStream {
    match ty {
        Ty::String => quote!(&str),
        Ty::Vec(item) => {
            let item = ty_tokens(types, item, Scope::Root);
            quote!(&[#item])
        }
        ty if ty.is_copy() => ty_tokens(types, ty, Scope::Root),
        ty => {
            let ty = ty_tokens(types, ty, Scope::Root);
            quote!(&#ty)
        }
    }
}

fn emit_method(api: &Api, op: &Operation) -> TokenStream {
    let name = ident(&op.fn_name);
    let konst = ident(&op.const_name);
    let doc = doc_attrs(&method_doc(api, op));
    let positional: Vec<&Param> = op.path_params.iter().chain(op.required_query()).collect();
    let mut args: Vec<TokenStream> = positional
        .iter()
        .map(|p| {
            let arg = ident(&p.rust_name);
            let ty = arg_type(&api.types, &p.ty);
            quote!(#arg: #ty)
        })
        .collect();
    if let Some(params) = &op.params_name {
        let params = ident(params);
        args.push(quote!(params: &params::#params));
    }
    let body_arg = op.body.as_ref().map(|body| {
        let ty = ty_tokens(&api.types, &body.ty, Scope::Root);
        if body.required {
            quote!(body: &#ty)
        } else {
            quote!(body: Option<&#ty>)
        }
    });
    args.extend(body_arg);

    let segments = op.path_params.iter().map(|p| {
        let local = ident(&segment_local(p));
        let arg = ident(&p.rust_name);
        quote!(let #local = ::scope_runtime::encode_segment(&#arg);)
    });
    let (path_stmt, path) = path_expr(op);
    let query = query_stmts(op);
    let body = match &op.body {
        Some(b) if b.multipart => {
            let form = form_body(api, b);
            if b.required {
                quote!(Some(#form))
            } else {
                quote!(body.map(|body| #form))
            }
        }
        Some(b) if b.required => quote!(Some(::scope_runtime::Body::json(body))),
        Some(_) => quote!(body.map(::scope_runtime::Body::json)),
        None => quote!(None),
    };
    let (ret, send) = match &op.response {
        Some(ty) => (ty_tokens(&api.types, ty, Scope::Root), quote!(json)),
        None => (quote!(()), quote!(empty)),
    };
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated = "the document marks this operation deprecated"]));
    let many_args = (args.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let bound = grants::method_bound(api, op);
    let pages = pages::emit_pages_method(api, op, &bound);
    quote! {
        #doc
        #deprecated
        #many_args
        pub fn #name(&self, #(#args),*) -> ::scope_runtime::Call<'_, #ret>
        where
            #bound,
        {
            #(#segments)*
            #path_stmt
            #query
            send::#send(&self.transport, &operations::#konst, #path, query, #body)
        }

        #pages
    }
}

/// A multipart body built from the form struct `body`: a part per field, in order, files for
/// `format: binary`, text for what has a text form, JSON text for the rest.
fn form_body(api: &Api, body: &crate::model::Body) -> TokenStream {
    let Ty::Named(i) = &body.ty else {
        return quote!(::scope_runtime::Body::multipart(
            ::scope_runtime::Multipart::new()
        ));
    };
    let def = &api.types.defs[*i];
    let crate::model::types::TypeKind::Struct(s) = &def.kind else {
        return quote!(::scope_runtime::Body::multipart(
            ::scope_runtime::Multipart::new()
        ));
    };
    let parts = s.fields.iter().filter(|f| !f.read_only).map(|f| {
        let name = &f.json_name;
        let field = ident(&f.rust_name);
        let is_text = |ty: &Ty| match ty {
            Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => true,
            Ty::Named(j) => matches!(
                api.types.defs[*j].kind,
                crate::model::types::TypeKind::Enum(_)
            ),
            _ => false,
        };
        let kind = match &f.ty {
            _ if f.binary => "file",
            Ty::Secret => "secret",
            ty if is_text(ty) => "text",
            Ty::Vec(item) if is_text(item) => "each",
            _ => "json",
        };
        match (kind, f.is_option()) {
            ("file", false) => quote!(form.file(#name, &body.#field);),
            ("file", true) => quote!(form.file_opt(#name, body.#field.as_ref());),
            ("secret", false) => quote!(form.text(#name, &body.#field.expose());),
            ("secret", true) => {
                quote!(form.text_opt(#name, body.#field.as_ref().map(|s| s.expose()).as_ref());)
            }
            ("text", false) => quote!(form.text(#name, &body.#field);),
            ("text", true) => quote!(form.text_opt(#name, body.#field.as_ref());),
            ("each", false) => quote!(form.text_each(#name, &body.#field);),
            ("each", true) => {
                quote!(form.text_each(#name, body.#field.as_deref().unwrap_or_default());)
            }
            (_, false) => quote!(form.json(#name, &body.#field);),
            (_, true) => quote!(form.json_opt(#name, body.#field.as_ref());),
        }
    });
    quote!({
        let mut form = ::scope_runtime::Multipart::new();
        #(#parts)*
        ::scope_runtime::Body::multipart(form)
    })
}

/// The local that holds a path parameter's encoded value: the parameter's own name (shadowing
/// it), or `<name>_segment` for a raw identifier, which format strings cannot capture.
fn segment_local(p: &Param) -> String {
    match p.rust_name.strip_prefix("r#") {
        Some(raw) => format!("{raw}_segment"),
        None => p.rust_name.clone(),
    }
}

/// The request path: a literal argument, or `let path = format!(...)` capturing the encoded
/// segments and `path` as the argument.
fn path_expr(op: &Operation) -> (TokenStream, TokenStream) {
    let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let mut template = String::new();
    let mut rest = op.path.as_str();
    let mut params = op.path_params.iter();
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        template.push_str(&escape(&rest[..start]));
        match params.next() {
            Some(p) => template.push_str(&format!("{{{}}}", segment_local(p))),
            None => template.push_str(&escape(&rest[start..end])),
        }
        rest = &rest[end..];
    }
    template.push_str(&escape(rest));
    if op.path_params.is_empty() {
        let path = &op.path;
        (TokenStream::new(), quote!(#path.to_owned()))
    } else {
        (quote!(let path = format!(#template);), quote!(path))
    }
}

fn query_stmts(op: &Operation) -> TokenStream {
    if op.query.is_empty() {
        return quote!(let query = ::scope_runtime::Query::new(););
    }
    let pushes = op.query.iter().map(|p| {
        let name = &p.name;
        let field = ident(&p.rust_name);
        let value = if p.required {
            quote!(#field)
        } else {
            quote!(params.#field)
        };
        if p.object {
            let style = match p.style {
                ParamStyle::DeepObject => quote!(DeepObject),
                ParamStyle::Exploded => quote!(FormExploded),
                ParamStyle::Delimited(delimiter) => quote!(Delimited(#delimiter)),
            };
            let value = if p.required {
                quote!(Some(&#value))
            } else {
                quote!(#value.as_ref())
            };
            return quote!(query.push_object(#name, #value, ::scope_runtime::ObjectStyle::#style););
        }
        let array = matches!(p.ty, Ty::Vec(_));
        if p.header {
            return match (array, p.required) {
                (false, true) => quote!(query.header(#name, &#value);),
                (false, false) => quote!(query.header_opt(#name, #value.as_ref());),
                (true, true) => quote!(query.header_joined(#name, #value);),
                (true, false) => {
                    quote!(query.header_joined(#name, #value.as_deref().unwrap_or_default());)
                }
            };
        }
        let values = if p.required {
            quote!(#value)
        } else {
            quote!(#value.as_deref().unwrap_or_default())
        };
        match (array, p.style) {
            (false, _) if p.required => quote!(query.push(#name, &#value);),
            (false, _) => quote!(query.push_opt(#name, #value.as_ref());),
            (true, ParamStyle::Delimited(',')) => quote!(query.push_joined(#name, #values);),
            (true, ParamStyle::Delimited(delimiter)) => {
                quote!(query.push_delimited(#name, #values, #delimiter);)
            }
            (true, _) => quote!(query.push_each(#name, #values);),
        }
    });
    quote! {
        let mut query = ::scope_runtime::Query::new();
        #(#pushes)*
    }
}

fn method_doc(api: &Api, op: &Operation) -> String {
    let mut text = String::new();
    let summary = op
        .summary
        .as_deref()
        .map(sanitize)
        .filter(|s| !s.is_empty());
    text.push_str(&summary.unwrap_or_else(|| format!("`{}`", op.id)));
    text.push_str(&format!(
        "\n\n`{} {}` (operationId `{}`)\n\n",
        op.method, op.path, op.id
    ));
    text.push_str(&scope_paragraph(api, op));
    if let Some(description) = op
        .description
        .as_deref()
        .map(sanitize)
        .filter(|d| !d.is_empty())
    {
        text.push_str("\n\n");
        text.push_str(&description);
    }
    text.push_str("\n\n# Errors\n\nAwaiting the call gives any [`scope_runtime::Error`]; a 403 names the scopes above.");
    text
}

fn scope_link(api: &Api, name: &str) -> String {
    match api.scopes.iter().find(|s| s.name == name) {
        Some(def) => format!("[`{name}`](scopes::{})", def.const_name),
        None => format!("`{name}`"),
    }
}

fn requirement_text(api: &Api, requirement: &Requirement) -> String {
    match requirement {
        Requirement::Unscoped => "unscoped".to_owned(),
        Requirement::AnyOf(alts) => alts
            .iter()
            .map(|alt| {
                alt.iter()
                    .map(|s| scope_link(api, s))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(" **or** "),
    }
}

fn scope_paragraph(api: &Api, op: &Operation) -> String {
    let resolution = &op.scopes;
    let mut text = match (&resolution.requirement, resolution.chosen) {
        (Requirement::Unscoped, _) => "**Scopes:** none documented. The operation is *unscoped*: \
             only an API key created without scopes can call it."
            .to_owned(),
        (req, Some(source)) => {
            let mut t = format!(
                "**Scopes:** {} (from {}",
                requirement_text(api, req),
                source.describe()
            );
            if source == Source::Table && !op.table_names.is_empty() {
                let names: Vec<String> =
                    op.table_names.iter().map(|n| format!("\"{n}\"")).collect();
                t.push_str(&format!(", which calls it {}", names.join(", ")));
            }
            t.push_str(").");
            t
        }
        (req, None) => format!("**Scopes:** {}.", requirement_text(api, req)),
    };
    if resolution.is_conflict() {
        let says: Vec<String> = resolution
            .stated
            .iter()
            .map(|(source, req)| {
                format!("{} says {}", source.describe(), requirement_text(api, req))
            })
            .collect();
        text.push_str(&format!(
            "\n\n**The sources disagree:** {}. {} wins (`Prefer::{:?}`).",
            says.join("; "),
            capitalize(resolution.chosen.map_or("nothing", Source::describe)),
            api.prefer
        ));
    }
    text
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
