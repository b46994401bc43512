// Attack: build a client with a grant from its parts. Its fields are private to the client.
#![allow(dead_code)]
use cloud_admin::scopes::TrustedKey;
use cloud_admin::{Client, Transport};

type Everything = TrustedKey<true, true, true, true, true, true, true, true, true, true, true, true, true>;

fn literal(transport: Transport) -> Client<Everything> {
    Client { transport, grant: std::marker::PhantomData }
    //~^ ERROR[E0451]
}

fn main() {}
