// Attack (found by the fourth independent review): the crate names itself `diagnostic`
// (`extern crate self as diagnostic;`) and re-exports an attribute macro of its own as
// `on_unimplemented`, so that `#[diagnostic::on_unimplemented]` on the generated proof traits
// runs its code inside the generated `scopes` module, where it wrote a method building a
// client of every scope from the private parts of the one `Client::new` gives. The client type
// and its operations sit in a module of their own, whose private parts no other generated
// module sees: the forged method does not compile.
extern crate self as diagnostic;
pub use diagnostic_attr::on_unimplemented;

mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}
//~? ERROR[E0616]

fn main() {}
