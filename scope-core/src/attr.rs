//! The syntax of `#[requires_scope(...)]` and `trust_key_scopes!(...)`: parsed here once, for
//! the attribute and for the audit.

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};

/// One declared scope.
#[derive(Clone)]
pub enum Declared {
    /// A scope string.
    Scope(LitStr),
    /// `unscoped`.
    Unscoped(Ident),
}

impl Declared {
    /// Where it is written.
    pub fn span(&self) -> Span {
        match self {
            Declared::Scope(lit) => lit.span(),
            Declared::Unscoped(ident) => ident.span(),
        }
    }

    /// The scope string, or [`crate::UNSCOPED`].
    pub fn name(&self) -> String {
        match self {
            Declared::Scope(lit) => lit.value(),
            Declared::Unscoped(_) => crate::UNSCOPED.to_owned(),
        }
    }
}

impl ToTokens for Declared {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        match self {
            Declared::Scope(lit) => lit.to_tokens(tokens),
            Declared::Unscoped(ident) => ident.to_tokens(tokens),
        }
    }
}

enum Arg {
    Declared(Declared),
    Client(syn::Path),
    AllowUnneeded(Ident),
}

/// Why `#[requires_scope]` refuses a method with no client parameter, and what to write
/// instead: the attribute says it, and the audit reports it in the same words.
pub const CLIENT_IN_SELF: &str = "a method cannot declare what a client held in `self` may do, since the struct's grant is not the function's to narrow; take the client as a parameter, `fn run(&self, client: &Client)`, and keep it out of the struct";

/// The attribute's error for a function with no client parameter, with the hint for its shape.
pub fn no_client_parameter(fn_name: &str, hint: &str) -> String {
    format!(
        "`{fn_name}` takes no `&Client` parameter: #[requires_scope] narrows the client a function receives ({hint})"
    )
}

/// The keyword that keeps declared scopes the body does not need without a warning.
pub const ALLOW_UNNEEDED: &str = "allow_unneeded";

const EXPECTED: &str = "expected a scope string such as \"read:policies:admin\", or `unscoped`";

impl Parse for Arg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        if input.peek(LitStr) {
            return Ok(Arg::Declared(Declared::Scope(input.parse()?)));
        }
        if input.peek(Ident) && input.peek2(Token![=]) {
            let key: Ident = input.parse()?;
            if key != "client" {
                return Err(syn::Error::new(
                    key.span(),
                    "unknown option: the only option is `client = path::to::client`",
                ));
            }
            input.parse::<Token![=]>()?;
            return Ok(Arg::Client(input.parse()?));
        }
        if input.peek(Ident) {
            let ident: Ident = input.parse()?;
            if ident == crate::UNSCOPED {
                return Ok(Arg::Declared(Declared::Unscoped(ident)));
            }
            if ident == ALLOW_UNNEEDED {
                return Ok(Arg::AllowUnneeded(ident));
            }
            return Err(syn::Error::new(
                ident.span(),
                format!("{EXPECTED}; found `{ident}` (scopes are written in quotes)"),
            ));
        }
        Err(input.error(EXPECTED))
    }
}

/// The attribute's arguments, checked for shape: each scope once.
#[derive(Clone)]
pub struct Args {
    /// The declared scopes, in the written order.
    pub declared: Vec<Declared>,
    /// `client = path`, if given.
    pub client: Option<syn::Path>,
    /// `allow_unneeded`, if given: declared scopes the body does not need are kept on
    /// purpose (a key shared with code the analysis cannot see, say), so neither the
    /// attribute's warning nor the audit calls them unneeded.
    pub allow_unneeded: Option<Ident>,
}

impl Args {
    /// The declared names ([`crate::UNSCOPED`] for `unscoped`).
    pub fn names(&self) -> std::collections::BTreeSet<String> {
        self.declared.iter().map(Declared::name).collect()
    }

    /// What the declaration says, as one text: the scopes in the written order, and
    /// `allow_unneeded`.
    pub fn canonical(&self) -> String {
        let mut out: Vec<String> = self.declared.iter().map(Declared::name).collect();
        if self.allow_unneeded.is_some() {
            out.push(ALLOW_UNNEEDED.to_owned());
        }
        out.join("\n")
    }
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let list = Punctuated::<Arg, Token![,]>::parse_terminated(input)?;
        let mut declared: Vec<Declared> = Vec::new();
        let mut client = None;
        let mut allow_unneeded = None;
        for arg in list {
            match arg {
                Arg::Client(path) => {
                    if client.is_some() {
                        return Err(syn::Error::new_spanned(
                            &path,
                            "`client = …` is given twice; remove this one",
                        ));
                    }
                    client = Some(path);
                }
                Arg::AllowUnneeded(ident) => {
                    if allow_unneeded.is_some() {
                        return Err(syn::Error::new(
                            ident.span(),
                            "`allow_unneeded` is given twice; remove this one",
                        ));
                    }
                    allow_unneeded = Some(ident);
                }
                Arg::Declared(d) => {
                    if let Some(first) = declared.iter().find(|x| x.name() == d.name()) {
                        let mut error = syn::Error::new(
                            d.span(),
                            format!("`{}` is declared twice; remove this one", d.name()),
                        );
                        error.combine(syn::Error::new(first.span(), "first declared here"));
                        return Err(error);
                    }
                    declared.push(d);
                }
            }
        }
        Ok(Args {
            declared,
            client,
            allow_unneeded,
        })
    }
}

/// One entry of a `trust_key_scopes!` list.
#[derive(Clone)]
pub enum KeyScope {
    /// A scope the key holds.
    Scope(LitStr),
    /// `unscoped_key`: a key created without scopes, which reaches every operation.
    UnscopedKey(Ident),
}

/// `trust_key_scopes!(client, "scope", ...)` or `trust_key_scopes!(client, unscoped_key)`,
/// optionally ending in `allow_unneeded`.
pub struct TrustArgs {
    /// The client expression.
    pub client: syn::Expr,
    /// The listed scopes.
    pub scopes: Vec<KeyScope>,
    /// `allow_unneeded`, if given: the key holds scopes the program's calls do not need on
    /// purpose (a key that mints keys must hold the scopes it hands on), so the audit does not
    /// call the list too broad.
    pub allow_unneeded: Option<Ident>,
}

/// The form of `trust_key_scopes!`, for errors.
pub const TRUST_USAGE: &str = "expected `trust_key_scopes!(client, \"scope\", ...)` or `trust_key_scopes!(client, unscoped_key)`";

impl Parse for TrustArgs {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let client: syn::Expr = input.parse()?;
        input
            .parse::<Token![,]>()
            .map_err(|e| syn::Error::new(e.span(), TRUST_USAGE))?;
        // Each entry: a scope, `unscoped_key`, or the `allow_unneeded` keyword (`Err`).
        let list = Punctuated::<Result<KeyScope, Ident>, Token![,]>::parse_terminated_with(
            input,
            |s| {
                if s.peek(LitStr) {
                    return Ok(Ok(KeyScope::Scope(s.parse()?)));
                }
                let ident: Ident = s.parse()?;
                if ident == "unscoped_key" {
                    Ok(Ok(KeyScope::UnscopedKey(ident)))
                } else if ident == ALLOW_UNNEEDED {
                    Ok(Err(ident))
                } else {
                    Err(syn::Error::new(
                        ident.span(),
                        "expected a scope string, `unscoped_key` for a key created without scopes, or `allow_unneeded`",
                    ))
                }
            },
        )?;
        let mut allow = None;
        let mut scopes: Vec<KeyScope> = Vec::new();
        for entry in list {
            let entry = match entry {
                Ok(entry) => entry,
                Err(keyword) => {
                    allow = Some(keyword);
                    continue;
                }
            };
            if let KeyScope::Scope(lit) = &entry {
                if scopes
                    .iter()
                    .any(|k| matches!(k, KeyScope::Scope(l) if l.value() == lit.value()))
                {
                    return Err(syn::Error::new(
                        lit.span(),
                        format!("`{}` is listed twice", lit.value()),
                    ));
                }
            }
            scopes.push(entry);
        }
        if scopes.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "list the key's scopes, or `unscoped_key` for a key created without scopes",
            ));
        }
        Ok(TrustArgs {
            client,
            scopes,
            allow_unneeded: allow,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_parse_with_client_option_and_unscoped() {
        let args: Args = syn::parse_str(r#"client = ::c, "read:a", unscoped"#).unwrap();
        assert_eq!(
            args.names(),
            ["read:a".to_owned(), "unscoped".to_owned()].into()
        );
        assert!(args.client.is_some());
    }

    #[test]
    fn shape_errors_say_what_to_write() {
        let e = syn::parse_str::<Args>(r#""a:b", "a:b""#).err().unwrap();
        assert!(e.to_string().contains("declared twice"));
        let e = syn::parse_str::<Args>("read").err().unwrap();
        assert!(e.to_string().contains("written in quotes"));
        let e = syn::parse_str::<Args>("krate = x").err().unwrap();
        assert!(e.to_string().contains("only option"));
    }

    #[test]
    fn trust_lists_parse_and_reject_repeats() {
        let t: TrustArgs = syn::parse_str(r#"client.clone(), "a:b", "c:d""#).unwrap();
        assert_eq!(t.scopes.len(), 2);
        assert!(syn::parse_str::<TrustArgs>(r#"c, "a:b", "a:b""#).is_err());
        assert!(syn::parse_str::<TrustArgs>("c, unscoped_key").is_ok());
        assert!(syn::parse_str::<TrustArgs>("c").is_err());
    }
}
