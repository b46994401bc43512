// A call that the declaration does not cover: one error, at the call, naming the scope, the
// function, and the fix.
use cloud_admin::{Client, Error, params, requires_scope};

#[requires_scope("read:policies:admin")]
async fn audit(client: &Client, org: &str) -> Result<(), Error> {
    let page = client.get_policies(org, &params::GetPolicies::default()).await?;
    for policy in page.data.unwrap_or_default() {
        client.delete_policy(org, &policy.id).await?;
        //~^ ERROR scope `delete:policies:admin` is not declared for `this_function`
        //~| LABEL this call needs `delete:policies:admin`
        //~| NOTE declare "delete:policies:admin" where `this_function` gets its scopes: the #[requires_scope(...)] of the enclosing function for `this_function`, the `trust_key_scopes!(...)` list for a `TrustedKey`, the type parameter's bounds otherwise
    }
    Ok(())
}

fn main() {}
