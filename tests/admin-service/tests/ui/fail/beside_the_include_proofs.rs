// Attack from inside the crate: code beside the `include!`, in the crate that generates the
// client, adds proofs: a proof trait implemented for a narrower key or for the grant of a
// client nothing vouched for (`beside_the_include_unverified`), and the runtime's `Untrusted` implemented for a key so that
// `trust_key_scopes!` would re-trust a narrowed client. The keys and `Untrusted` are the
// runtime's, and every proof impl of the client is a blanket impl over them: the first two
// overlap it (the compiler cannot rule out an impl the runtime might add), the third is an
// impl of another crate's trait for another crate's type. Privacy plays no part.
#![allow(dead_code)]
mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));

    impl scopes::DeletePoliciesAdmin for scopes::__key::Nil {}
    //~? ERROR[E0119] conflicting implementations of trait `DeletePoliciesAdmin` for type `Nil`

    impl scope_runtime::key::Untrusted for scopes::__key::Nil {}
    //~^ ERROR[E0117]
}

fn main() {}
