// A call that the declaration does not cover: one error, at the call, naming the scope, the
// function, and the fix.
use cloud_admin::{Client, Error, params, requires_scope};

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    let page = client.get_policies(org, &params::GetPolicies::default()).await?;
    for policy in page.data.unwrap_or_default() {
        client.delete_policy(org, &policy.id).await?;
        //~^ ERROR scope `delete:policies:admin` is not declared for this call
        //~| LABEL this call needs `delete:policies:admin`
        //~| NOTE declare "delete:policies:admin" in the #[requires_scope(...)] of the function that makes this call; at the program's entry point, in its trust_key_scopes!(...) list; in a function generic over the grant, in its bounds
    }
    Ok(())
}

fn main() {}
