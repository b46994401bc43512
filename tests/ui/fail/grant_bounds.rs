// Attack: reach more than the declaration through the signature or a trait of one's own: bound
// the grant the attribute used to name (`this_function`), also by a raw identifier, through a
// macro in type position, or as a trait argument; or call a trait method that needs more. The
// caller's grant is anonymous (`impl ...`), so nothing in the function can name it, and the
// body's client is narrowed to a key of exactly the declared scopes, whatever bounds the
// signature carries.
use cloud_admin::scopes::DeletePoliciesAdmin;
use cloud_admin::{Client, Error, requires_scope};

/// A trait of one's own, implemented for wide clients.
trait Purge {
    fn purge(&self) -> cloud_admin::Call<'_, ()>;
}

impl<G: DeletePoliciesAdmin> Purge for Client<G> {
    fn purge(&self) -> cloud_admin::Call<'_, ()> {
        self.delete_policy("org", "p1")
    }
}

trait Named<G> {}
impl<G> Named<G> for () {}

macro_rules! grant {
    () => {
        this_function
        //~^ ERROR cannot find type `this_function` in this scope
    };
}

#[requires_scope("read:domains:admin", allow_unneeded)]
async fn bounded_grant(client: &Client) -> Result<(), Error>
where
    this_function: DeletePoliciesAdmin,
    //~^ ERROR cannot find type `this_function` in this scope
{
    client.delete_policy("org", "p1").await
}

#[requires_scope("read:domains:admin", allow_unneeded)]
async fn raw_identifier(client: &Client) -> Result<(), Error>
where
    r#this_function: DeletePoliciesAdmin,
    //~^ ERROR cannot find type `this_function` in this scope
{
    client.delete_policy("org", "p1").await
}

#[requires_scope("read:domains:admin", allow_unneeded)]
async fn macro_in_type_position(client: &Client) -> Result<(), Error>
where
    grant!(): DeletePoliciesAdmin,
{
    client.delete_policy("org", "p1").await
}

#[requires_scope("read:domains:admin", allow_unneeded)]
async fn trait_argument(client: &Client) -> Result<(), Error>
where
    (): Named<this_function>,
    //~^ ERROR cannot find type `this_function` in this scope
{
    client.delete_policy("org", "p1").await
}

#[requires_scope("read:domains:admin", allow_unneeded)]
async fn through_a_trait(client: &Client) -> Result<(), Error> {
    client.purge().await
    //~^ ERROR[E0599]
}

fn main() {}
