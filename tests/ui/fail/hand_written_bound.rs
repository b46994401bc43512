// A proof trait used as an ordinary bound, on a struct's parameter and on a hand-written generic
// function: the same message, which says where each kind of code gets its scopes.
use cloud_admin::scopes::DeletePoliciesAdmin;
use cloud_admin::{Client, Error, requires_scope};

struct Purger<'a, G: DeletePoliciesAdmin> {
    client: &'a Client<G>,
}

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await?;
    let purger = Purger { client };
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
    //~| NOTE declare "delete:policies:admin" in the #[requires_scope(...)] of the function that makes this call; at the program's entry point, in its trust_key_scopes!(...) list; in a function generic over the grant, in its bounds
    purger.client.validate_policy(org, "p2").await
}

fn main() {}

// The same on a hand-written generic function.
fn purge<G: cloud_admin::scopes::ReadPoliciesAdmin>(client: &Client<G>) -> cloud_admin::Call<'_, ()> {
    client.delete_policy("org", "p1")
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
    //~| NOTE declare "delete:policies:admin" in the #[requires_scope(...)] of the function that makes this call; at the program's entry point, in its trust_key_scopes!(...) list; in a function generic over the grant, in its bounds
}
