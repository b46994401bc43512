//! `#[requires_scope]`: the compiler proves that the scopes a function declares cover every
//! Cloud Admin call it makes, directly or through other annotated functions.
//!
//! ```text
//! #[requires_scope("read:policies:admin")]
//! async fn audit(client: &Client, org: &str) -> Result<(), Error> {
//!     client.get_policies(org, &Default::default()).await?;   // covered
//!     client.delete_policy(org, "p1").await                    // error: scope `delete:policies:admin`
//! }                                                            //        is not declared for `audit`
//! ```
//!
//! How: the generated client has a proof trait per scope, and each operation method requires
//! the proofs of its scopes from the client's grant type `G` in `Client<G>`. The attribute
//! makes the function generic over a grant named after the function, bounded by the declared
//! scopes' traits, and gives its `&Client` parameter that grant. So inside the function only
//! the declared scopes are proven; a caller must prove them all to call it (transitivity); and
//! a call that needs more fails to compile at that call, naming the scope and the function.
//!
//! This crate stays thin: the attribute checks the shape of its arguments and hands the
//! function to the client's registry macro (`__scope_registry!`), which knows the client's
//! scopes and operations and calls back into [`expand!`] with them.

mod args;
mod expand;
mod registry;
mod usage;

use proc_macro::TokenStream;

/// Declares the scopes a function may use. See the crate documentation.
///
/// Arguments: scope strings (`"read:policies:admin"`), `unscoped` for operations that only a
/// key without scopes can call, and optionally `client = path::to::client_crate` (default
/// `::cloud_admin`) for other generated clients.
#[proc_macro_attribute]
pub fn requires_scope(args: TokenStream, item: TokenStream) -> TokenStream {
    let item = proc_macro2::TokenStream::from(item);
    match args::first_stage(args.into(), item.clone()) {
        Ok(tokens) => tokens.into(),
        Err(error) => {
            let error = error.to_compile_error();
            let item = stub(item);
            quote::quote!(#error #item).into()
        }
    }
}

/// The item to emit next to an error in the attribute: a function keeps its signature, so
/// that its callers still compile, but loses its body, whose calls would otherwise each report
/// a missing scope that is only a consequence of the attribute's error.
fn stub(item: proc_macro2::TokenStream) -> proc_macro2::TokenStream {
    match syn::parse2::<syn::ItemFn>(item.clone()) {
        Ok(mut function) => {
            function
                .attrs
                .push(syn::parse_quote!(#[allow(unused_variables, unreachable_code)]));
            *function.block =
                syn::parse_quote!({ ::core::unreachable!("#[requires_scope] did not compile") });
            quote::quote!(#function)
        }
        Err(_) => item,
    }
}

/// The second stage, called by a generated client's registry macro with its scope table.
/// Not for direct use.
#[doc(hidden)]
#[proc_macro]
pub fn expand(input: TokenStream) -> TokenStream {
    match expand::expand(input.into()) {
        Ok(tokens) => tokens.into(),
        Err(error) => error.to_compile_error().into(),
    }
}
