// Attack from inside the crate: code written beside the `include!`, in the client's own module,
// builds a client with a grant from its parts. The generated code lives in a module of its own
// (`admin::generated`), so its private fields are as far out of reach here as anywhere else.
#![allow(dead_code)]
mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));

    type Everything = scopes::__key::All;

    pub fn forge(transport: Transport) -> Client<Everything> {
        Client { transport, grant: std::marker::PhantomData }
        //~^ ERROR[E0451]
    }
}

fn main() {}
