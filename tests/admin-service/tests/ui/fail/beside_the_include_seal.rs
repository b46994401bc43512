// Attack from inside the crate: code beside the `include!` implements the sealing trait for a
// grant of its own. The sealing module is private to the generated `scopes` module.
#![allow(dead_code)]
mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));

    pub struct Everything;
    impl scopes::sealed::Sealed for Everything {}
    //~^ ERROR[E0603]
}

fn main() {}
