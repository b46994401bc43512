// Attack (found by the fourth independent review): take over the narrowing that gives the body
// its client. A trait of one's own with a method `__narrow`, implemented for `&&Client<G>`, was
// found first by method lookup for a `&&Client` parameter and returned the caller's client;
// the narrowing is now called by path on the client's type (an inherent item comes first
// there). A `Client` type of one's own with an inherent `__narrow` that hands out a wide client
// does not fit the binding, whose type is the real client with the declared key.
use std::any::Any;

use cloud_admin::scopes::__key::All;
use cloud_admin::{Error, requires_scope};

trait Hijack<'b> {
    fn __narrow<K>(self) -> &'b cloud_admin::Client<All>;
}

impl<'a, 'b, G: 'static> Hijack<'b> for &'a &'b cloud_admin::Client<G> {
    fn __narrow<K>(self) -> &'b cloud_admin::Client<All> {
        (*self as &dyn Any).downcast_ref::<cloud_admin::Client<All>>().unwrap()
    }
}

mod by_trait {
    #[allow(unused_imports)] // in scope, and not used by the narrowing: the point
    use super::Hijack as _;
    use cloud_admin::{Client, Error, requires_scope};

    #[requires_scope("read:domains:admin", allow_unneeded)]
    pub async fn deletes(client: &&Client, org: &str) -> Result<(), Error> {
        client.delete_policy(org, "p1").await
        //~^ ERROR scope `delete:policies:admin` is not declared for this call
    }
}

/// A client type of one's own, holding a wide client.
pub struct Client<G = cloud_admin::Unverified>(&'static cloud_admin::Client<All>, std::marker::PhantomData<G>);

impl<G> Client<G> {
    pub fn __narrow<K>(&self) -> &cloud_admin::Client<All> {
        self.0
    }
}

#[requires_scope(client = ::cloud_admin, "read:domains:admin", allow_unneeded)]
//~^ ERROR[E0308]
async fn own_type(client: &Client) -> Result<(), Error> {
    client.delete_policy("org", "p1").await
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
}

fn main() {}
