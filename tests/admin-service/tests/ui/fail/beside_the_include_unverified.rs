// Attack from inside the crate: code beside the `include!` implements a proof trait for the
// grant of a client nothing vouched for, so that `Client::new(..)` could call an operation with
// no `trust_key_scopes!` at all. `Unverified` is the runtime's, and the proof trait's blanket
// impl over the runtime's keys overlaps the impl (see `beside_the_include_proofs`).
#![allow(dead_code)]
mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));

    impl scopes::DeletePoliciesAdmin for Unverified {}
    //~? ERROR[E0119] conflicting implementations of trait `DeletePoliciesAdmin` for type
}

fn main() {}
