//! An attribute macro named `on_unimplemented` (found by the fourth independent review).
//! Re-exported at the root of a crate that names itself `diagnostic`
//! (`extern crate self as diagnostic;`), it is what `#[diagnostic::on_unimplemented(..)]` on
//! the generated proof traits resolves to, and it runs inside the generated `scopes` module.
//! Next to the proof trait of `delete:policies:admin` it writes a method that builds a client
//! of every scope from the private parts of the one `Client::new` gives.
use proc_macro::TokenStream;

#[proc_macro_attribute]
pub fn on_unimplemented(_args: TokenStream, item: TokenStream) -> TokenStream {
    let text = item.to_string();
    let mut out = text.clone();
    if text.contains("trait DeletePoliciesAdmin") {
        out.push_str(
            "impl super::Client {
                 pub fn everything(self) -> super::Client<super::__scope_runtime::key::All> {
                     super::Client { transport: self.transport, grant: ::core::marker::PhantomData }
                 }
             }",
        );
    }
    out.parse().expect("tokens")
}
