//! Emits the scope items, the operation table, the optional-parameter structs, and the client
//! type (its operation methods are in `methods`).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code, doc_attrs, sanitize, with_default};
use super::grants;
use super::ident;
use super::types::{Scope, ty_text};
use super::writer::{Writer, string_literal};
use crate::model::Api;
use crate::resolve::Requirement;

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
                .map(|o| format!("[{}](super::Client::{})", code(&o.id), o.fn_name))
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

/// The `operations` module: an `OperationInfo` per operation, usable at run time. Written as
/// text, like the methods (see `methods`): one regular item per operation.
pub fn emit_operations(api: &Api) -> String {
    let mut out = Writer::default();
    out.doc(
        "Every operation with its method, path and required scopes, for use at run time\n\
         (least-privilege reports, test servers that enforce scopes).",
    );
    out.open("pub mod operations {");
    if api.operations.is_empty() {
        out.line("use ::scope_runtime::OperationInfo;");
    } else {
        out.line("use ::scope_runtime::{OperationInfo, Requirement};");
        if api
            .operations
            .iter()
            .any(|o| o.scopes.requirement != Requirement::Unscoped)
        {
            out.line("use super::scopes;");
        }
    }
    for op in &api.operations {
        out.doc(&format!(
            "{}: [`Client::{}`](super::Client::{}).",
            code(&format!("{} {}", op.method, op.path)),
            op.fn_name,
            op.fn_name
        ));
        out.open(&format!(
            "pub const {}: OperationInfo = OperationInfo {{",
            op.const_name
        ));
        out.line(&format!("operation_id: {},", string_literal(&op.id)));
        out.line(&format!("method: {},", string_literal(&op.method)));
        out.line(&format!("path: {},", string_literal(&op.path)));
        out.line(&format!(
            "requirement: {},",
            requirement_text(api, &op.scopes.requirement)
        ));
        out.close("};");
    }
    out.doc("Every operation above.");
    if api.operations.is_empty() {
        out.line("pub const ALL: &[OperationInfo] = &[];");
    } else {
        out.open("pub const ALL: &[OperationInfo] = &[");
        for op in &api.operations {
            out.line(&format!("{},", op.const_name));
        }
        out.close("];");
    }
    out.close("}");
    out.text
}

/// A requirement as a `scope_runtime::Requirement` expression.
fn requirement_text(api: &Api, requirement: &Requirement) -> String {
    match requirement {
        Requirement::Unscoped => "Requirement::Unscoped".to_owned(),
        Requirement::AnyOf(alternatives) => {
            let alts: Vec<String> = alternatives
                .iter()
                .map(|alt| {
                    let scopes: Vec<String> = alt
                        .iter()
                        .map(|name| {
                            let def = api
                                .scopes
                                .iter()
                                .find(|s| &s.name == name)
                                .expect("every required scope has an item");
                            format!("scopes::{}.name", def.const_name)
                        })
                        .collect();
                    format!("&[{}]", scopes.join(", "))
                })
                .collect();
            format!("Requirement::AnyOf(&[{}])", alts.join(", "))
        }
    }
}

/// The `params` module: a struct of optional query and header parameters per operation that
/// has them. Written as text, like the methods.
pub fn emit_params(api: &Api) -> String {
    let with_params: Vec<(&String, &crate::model::Operation)> = api
        .operations
        .iter()
        .filter_map(|op| Some((op.params_name.as_ref()?, op)))
        .collect();
    if with_params.is_empty() {
        return String::new();
    }
    let mut out = Writer::default();
    out.doc("Optional query and header parameters, one struct per operation that has them.");
    out.open("pub mod params {");
    for (name, op) in with_params {
        out.doc(&format!(
            "Optional parameters of [`Client::{}`](super::Client::{}); `Default` leaves them all unset.",
            op.fn_name, op.fn_name
        ));
        out.line("#[derive(::core::fmt::Debug, ::core::clone::Clone, ::core::default::Default, ::core::cmp::PartialEq)]");
        out.open(&format!("pub struct {name} {{"));
        for p in op.optional_query() {
            let mut text = p
                .doc
                .as_deref()
                .map(sanitize)
                .unwrap_or_else(|| code(&p.name));
            if p.header {
                text.push_str(&format!("\n\nSent as the {} header.", code(&p.name)));
            }
            out.doc(&with_default(text, p.default.as_deref()));
            out.line(&format!(
                "pub {}: Option<{}>,",
                p.rust_name,
                ty_text(&api.types, &p.ty, Scope::Sibling)
            ));
        }
        out.close("}");
    }
    out.close("}");
    out.text
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
            // The title is prose on one line: a line break in it must not start a new one.
            let title: String = d
                .title
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            format!(
                "- {} ({}, base path {})",
                sanitize(&title),
                code(&file),
                code(&d.base_path)
            )
        })
        .collect();
    // One `///` line per line (a multi-line `#[doc]` prints as a `/** */` block, whose lines
    // would change if the code were indented into a module).
    let mut doc = String::from("A client generated from:\n");
    doc.push_str(&sources.join("\n"));
    doc.push_str("\n\nEach method's documentation names the scopes it needs.");
    doc.push_str(
        "\n\n`G` is the grant: a zero-sized proof of which scopes the holder declared. A new \
         client's grant is [`Unverified`], which can call nothing; `trust_key_scopes!` and \
         `#[requires_scope]` make grants (see `scope_runtime::key`).",
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
                // The only callers are the operation methods, each bounded by the proofs of its
                // operation's scopes.
                transport.send_json_unproven(operation, path, query, body)
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
                    // As for `json`.
                    transport.send_empty_unproven(operation, path, query, body)
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
    let doc = doc_attrs(&doc);
    quote! {
        __scope_runtime::__client_type! {
            #doc
            Client
        }

        pub use __scope_runtime::key::Unverified;

        impl<G> ::core::fmt::Debug for Client<G> {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Client").field("transport", &self.transport).finish()
            }
        }

        impl<G> ::core::clone::Clone for Client<G> {
            fn clone(&self) -> Self {
                Self { transport: ::core::clone::Clone::clone(&self.transport), grant: ::core::marker::PhantomData }
            }
        }

        impl Client {
            /// Where the documents say the API is served.
            pub const DEFAULT_BASE_URL: &'static str = #base;

            /// A client that sends its requests through `transport`. It can call nothing until
            /// `trust_key_scopes!` vouches for the key's scopes.
            /// The client's crate name and version go into the `User-Agent`.
            pub fn new(transport: __scope_runtime::Transport) -> Self {
                let transport = transport.for_client(
                    ::core::env!("CARGO_PKG_NAME"),
                    ::core::env!("CARGO_PKG_VERSION"),
                );
                Self { transport, grant: ::core::marker::PhantomData }
            }

            /// The transport requests will go through. Only an unverified client lends it out:
            /// a client with a grant cannot be turned back into one that `trust_key_scopes!`
            /// would take.
            pub fn transport(&self) -> &__scope_runtime::Transport {
                &self.transport
            }
        }

        impl<G> Client<G> {
            /// What `trust_key_scopes!` expands to: puts the key `K` on an unverified client.
            /// The build fails unless every scope of `K` sits where this client's table puts
            /// the name it was listed by, whatever table the expansion read (the check is
            /// constant evaluation, so `cargo build` reports it; `cargo check` does not).
            /// Calling it by hand is trusting the key by hand, and is found by the same grep
            /// (`trust_key_scopes`).
            #[doc(hidden)]
            pub fn __trust_key_scopes<K: __scope_runtime::key::Listed<scopes::__Table>>(self) -> Client<K>
            where
                G: __scope_runtime::key::Untrusted,
            {
                const { Self::__laid_out_by_this_table::<K>() };
                Client { transport: self.transport, grant: ::core::marker::PhantomData }
            }
        }

        impl<G> Client<G> {
            /// Stops the build unless `K` was laid out by this client's table. No macro, so
            /// that no crate's macro of the same name can stand in: an index past the end.
            const fn __laid_out_by_this_table<K: __scope_runtime::key::Listed<scopes::__Table>>() {
                let laid_out_by_this_table = [true];
                let _ = laid_out_by_this_table[!K::MATCHES as usize];
            }
        }

        impl<G: scopes::Grant> Client<G> {
            /// What `#[requires_scope]` expands to: this client, borrowed with the key `K` of
            /// the function's declaration. `K` must be within this client's grant (the
            /// caller's proof), and laid out by this client's table (checked as for
            /// [`__trust_key_scopes`](Self::__trust_key_scopes)). A narrowed client can call
            /// what `K` holds and nothing else, whatever code holds it.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __narrow<K>(&self) -> &Client<K>
            where
                K: __scope_runtime::key::Listed<scopes::__Table> + __scope_runtime::key::Within<G>,
            {
                const { Self::__laid_out_by_this_table::<K>() };
                self.__retag()
            }

            /// [`__narrow`](Self::__narrow), for a client borrowed mutably.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __narrow_mut<K>(&mut self) -> &mut Client<K>
            where
                K: __scope_runtime::key::Listed<scopes::__Table> + __scope_runtime::key::Within<G>,
            {
                const { Self::__laid_out_by_this_table::<K>() };
                self.__retag_mut()
            }

            /// [`__narrow`](Self::__narrow), for a client taken by value.
            #[doc(hidden)]
            #[inline(always)]
            pub fn __narrow_owned<K>(self) -> Client<K>
            where
                K: __scope_runtime::key::Listed<scopes::__Table> + __scope_runtime::key::Within<G>,
            {
                const { Self::__laid_out_by_this_table::<K>() };
                Client { transport: self.transport, grant: ::core::marker::PhantomData }
            }

            /// The scopes this client's grant holds: at the entry point, the scopes
            /// `trust_key_scopes!` vouched for, which the API key must be created with (none,
            /// for a key created without scopes); in a `#[requires_scope]` function, the
            /// declared ones.
            pub fn granted_scopes(&self) -> ::std::vec::Vec<&'static str> {
                if G::UNSCOPED_KEY {
                    return ::std::vec::Vec::new();
                }
                scopes::ALL
                    .iter()
                    .enumerate()
                    .filter(|(index, _)| G::holds(*index))
                    .map(|(_, scope)| scope.name)
                    .collect()
            }

            /// The checked entry point: asks Atlassian whether the credential holds the scopes
            /// this client's grant vouches for, before anything else runs
            /// (`client.check_key_scopes().await?` right after `trust_key_scopes!`).
            ///
            /// Atlassian answers for OAuth 2.0 access tokens only (its accessible-resources
            /// endpoint lists the scopes granted on each site). For an admin API key or an API
            /// token with Basic auth there is nothing to ask, and the error says so
            /// (`Error::ScopesUnchecked`); a program that accepts such keys goes on after it.
            ///
            /// # Errors
            ///
            /// `Error::ScopesMissing` names the scopes the credential lacks on the client's
            /// site; `Error::ScopesUnchecked` says why Atlassian cannot tell; any other error is
            /// the question's own (a 5xx, a timeout).
            pub async fn check_key_scopes(&self) -> ::core::result::Result<(), __scope_runtime::Error> {
                let granted = self.granted_scopes();
                let scopes = (!G::UNSCOPED_KEY).then_some(granted.as_slice());
                self.transport.check_scopes(scopes).await
            }
        }

        #send
    }
}
