//! The client's scope table, as its registry macro passes it to [`crate::expand!`].

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token, braced, bracketed, parenthesized};

/// What an operation needs.
pub enum Requirement {
    /// Only a key without scopes can call it.
    Unscoped,
    /// All of these scopes.
    All(Vec<String>),
    /// Any one alternative, proven by the named trait in `scopes::alternatives`.
    AnyOf(Ident, Vec<Vec<String>>),
}

impl Requirement {
    /// Whether `declared` proves it.
    pub fn satisfied_by(&self, declared: &BTreeSet<String>, unscoped: bool) -> bool {
        match self {
            Requirement::Unscoped => unscoped,
            Requirement::All(scopes) => scopes.iter().all(|s| declared.contains(s)),
            Requirement::AnyOf(_, alts) => alts
                .iter()
                .any(|alt| alt.iter().all(|s| declared.contains(s))),
        }
    }
}

/// One operation: its method name and requirement.
pub struct Operation {
    pub method: Ident,
    pub requirement: Requirement,
}

/// The registry: the client crate's path, its scopes with their proof traits, and operations.
pub struct Registry {
    /// `$crate` of the client, as tokens.
    pub krate: TokenStream,
    /// (scope, proof trait), in the table's order.
    pub scopes: Vec<(String, Ident)>,
    /// The `Unscoped` proof trait, if the client has unscoped operations.
    pub unscoped: Option<Ident>,
    pub operations: Vec<Operation>,
    /// What to expand.
    pub input: TokenStream,
}

impl Registry {
    pub fn trait_of(&self, scope: &str) -> Option<&Ident> {
        self.scopes.iter().find(|(s, _)| s == scope).map(|(_, t)| t)
    }

    pub fn operation(&self, method: &Ident) -> Option<&Operation> {
        self.operations.iter().find(|o| o.method == *method)
    }
}

fn key(input: ParseStream, name: &str) -> syn::Result<()> {
    let ident: Ident = input.parse()?;
    if ident != name {
        return Err(syn::Error::new(ident.span(), format!("expected `{name}`")));
    }
    input.parse::<Token![=]>()?;
    Ok(())
}

fn strings(input: ParseStream) -> syn::Result<Vec<String>> {
    let content;
    bracketed!(content in input);
    let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    Ok(list.iter().map(LitStr::value).collect())
}

impl Parse for Operation {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let method: Ident = input.parse()?;
        input.parse::<Token![=>]>()?;
        let requirement = if input.peek(syn::token::Bracket) {
            Requirement::All(strings(input)?)
        } else {
            let ident: Ident = input.parse()?;
            if ident == "unscoped" {
                Requirement::Unscoped
            } else {
                let content;
                parenthesized!(content in input);
                let mut alts = vec![strings(&content)?];
                while content.parse::<Option<Token![|]>>()?.is_some() {
                    alts.push(strings(&content)?);
                }
                Requirement::AnyOf(ident, alts)
            }
        };
        Ok(Operation {
            method,
            requirement,
        })
    }
}

impl Parse for Registry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        key(input, "krate")?;
        // `$crate` is not an identifier syn accepts, so the path is taken as raw tokens.
        let mut krate = TokenStream::new();
        while !input.peek(Token![,]) {
            krate.extend([input.parse::<TokenTree>()?]);
        }
        input.parse::<Token![,]>()?;

        key(input, "scopes")?;
        let content;
        bracketed!(content in input);
        let mut scopes = Vec::new();
        while !content.is_empty() {
            let scope: LitStr = content.parse()?;
            content.parse::<Token![=>]>()?;
            let tr: Ident = content.parse()?;
            scopes.push((scope.value(), tr));
            if content.parse::<Option<Token![,]>>()?.is_none() {
                break;
            }
        }
        input.parse::<Token![,]>()?;

        let mut unscoped = None;
        if input.peek(Ident) && input.fork().parse::<Ident>()? == "unscoped" {
            key(input, "unscoped")?;
            unscoped = Some(input.parse()?);
            input.parse::<Token![,]>()?;
        }

        key(input, "operations")?;
        let content;
        bracketed!(content in input);
        let operations = Punctuated::<Operation, Token![,]>::parse_terminated(&content)?
            .into_iter()
            .collect();
        input.parse::<Token![,]>()?;

        key(input, "input")?;
        let content;
        braced!(content in input);
        let input_tokens: TokenStream = content.parse()?;
        Ok(Registry {
            krate,
            scopes,
            unscoped,
            operations,
            input: input_tokens,
        })
    }
}
