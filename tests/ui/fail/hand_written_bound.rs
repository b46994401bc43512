// A proof trait used as an ordinary bound, on a struct's parameter: the message names the type
// parameter and says where its scopes come from, without claiming it is an attribute's.
use cloud_admin::scopes::DeletePoliciesAdmin;
use cloud_admin::{Client, Error, requires_scope};

struct Purger<'a, G: DeletePoliciesAdmin> {
    client: &'a Client<G>,
}

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    client.validate_policy(org, "p1").await?;
    let purger = Purger { client };
    //~^ ERROR scope `delete:policies:admin` is not declared for `this_function`
    //~| NOTE declare "delete:policies:admin" where `this_function` gets its scopes: the #[requires_scope(...)] of the enclosing function for `this_function`, the `trust_key_scopes!(...)` list for a `TrustedKey`, the type parameter's bounds otherwise
    purger.client.validate_policy(org, "p2").await
}

fn main() {}

// The same on a hand-written generic function.
fn purge<G: cloud_admin::scopes::ReadPoliciesAdmin>(client: &Client<G>) -> cloud_admin::Call<'_, ()> {
    client.delete_policy("org", "p1")
    //~^ ERROR scope `delete:policies:admin` is not declared for `G`
    //~| NOTE declare "delete:policies:admin" where `G` gets its scopes: the #[requires_scope(...)] of the enclosing function for `this_function`, the `trust_key_scopes!(...)` list for a `TrustedKey`, the type parameter's bounds otherwise
}
