// Attack: build a client with a grant from its parts. Its fields are private to the client.
#![allow(dead_code)]
use cloud_admin::scopes::__key::All as Everything;
use cloud_admin::{Client, Transport};

fn literal(transport: Transport) -> Client<Everything> {
    Client { transport, grant: std::marker::PhantomData }
    //~^ ERROR[E0451]
}

fn main() {}
