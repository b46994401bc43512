//! The attribute's arguments: scope literals, `unscoped`, and `client = path`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
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
    pub fn span(&self) -> Span {
        match self {
            Declared::Scope(lit) => lit.span(),
            Declared::Unscoped(ident) => ident.span(),
        }
    }

    pub fn name(&self) -> String {
        match self {
            Declared::Scope(lit) => lit.value(),
            Declared::Unscoped(_) => "unscoped".to_owned(),
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
}

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
            if ident == "unscoped" {
                return Ok(Arg::Declared(Declared::Unscoped(ident)));
            }
            return Err(syn::Error::new(
                ident.span(),
                format!(
                    "expected a scope string such as \"read:policies:admin\", or `unscoped`; found `{ident}` (scopes are written in quotes)"
                ),
            ));
        }
        Err(input.error("expected a scope string such as \"read:policies:admin\", or `unscoped`"))
    }
}

/// The declared scopes, checked for shape: at least one, each once.
pub struct Args {
    pub declared: Vec<Declared>,
    pub client: Option<syn::Path>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let list = Punctuated::<Arg, Token![,]>::parse_terminated(input)?;
        let mut declared: Vec<Declared> = Vec::new();
        let mut client = None;
        for arg in list {
            match arg {
                Arg::Client(path) => client = Some(path),
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
        Ok(Args { declared, client })
    }
}

/// Checks what can be checked without the client's scope table, then hands the function to
/// the client's registry macro.
pub fn first_stage(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let parsed: Args = syn::parse2(args)?;
    if parsed.declared.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "#[requires_scope] needs at least one scope, e.g. #[requires_scope(\"read:policies:admin\")], or `unscoped`",
        ));
    }
    let function: syn::ItemFn = syn::parse2(item.clone()).map_err(|_| {
        syn::Error::new_spanned(
            first_tokens(&item),
            "#[requires_scope] applies to functions and methods (it declares the scopes their body may use)",
        )
    })?;
    let client = parsed
        .client
        .map_or_else(|| quote!(::cloud_admin), |p| p.to_token_stream());
    let declared = &parsed.declared;
    // The mode token carries this expansion's mixed-site span to stage two, which gives it to
    // the generic parameter it adds: located at the attribute, but marked as macro-made, so
    // the compiler does not suggest editing it.
    let mode = proc_macro2::Ident::new("requires_scope", Span::mixed_site());
    Ok(quote! {
        #client::__scope_registry! { #mode [#(#declared),*] { #function } }
    })
}

/// The item's leading tokens up to its body, to point an error at its head, not its body.
fn first_tokens(item: &TokenStream) -> TokenStream {
    item.clone()
        .into_iter()
        .take_while(|t| !matches!(t, proc_macro2::TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::Brace))
        .collect()
}
