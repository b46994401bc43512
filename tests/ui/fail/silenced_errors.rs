// Attack (found by an independent review): `::core` is whatever the crate says it is, and the
// macros' errors are `::core::compile_error!`. Renaming this crate `core` and defining a
// `compile_error!` that expands to nothing silences them. A `trust_key_scopes!` list with a
// mistake used to yield a key holding every scope (an error was meant to stop the build);
// now it holds only the scopes written correctly, so the silenced mistake gives nothing.
extern crate self as core;
#[macro_export]
macro_rules! compile_error {
    ($($t:tt)*) => {};
}
pub use std::{fmt, future, marker, ops, option, panic, pin, result, task};

use cloud_admin::{Client, Transport, trust_key_scopes};

fn main() {
    let t = Transport::builder().build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "nothing:at:all");
    let _ = client.delete_policy("org", "p1");
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
}
