// Attack: call more than the attribute declares through bounds of one's own. The attribute is
// the function's whole contract.
use cloud_admin::scopes::DeletePoliciesAdmin;
use cloud_admin::{Client, Error, requires_scope};

#[requires_scope("read:domains:admin")]
async fn bounded_grant(client: &Client, org: &str) -> Result<(), Error>
where
    this_function: DeletePoliciesAdmin,
    //~^ ERROR `this_function` is the grant #[requires_scope] gives `bounded_grant`, and its bounds are exactly the declared scopes: declare the scope in the attribute instead of bounding `this_function` here
{
    client.delete_policy(org, "p1").await
}

#[requires_scope("read:domains:admin")]
async fn second_client<W: DeletePoliciesAdmin>(client: &Client, wide: &Client<W>, org: &str) -> Result<(), Error> {
    //~^ ERROR `second_client` may use only the scopes its #[requires_scope(...)] declares: a bound by the proof trait `DeletePoliciesAdmin` would let it use more without saying so; declare the scope in the attribute instead
    //~^^ ERROR `second_client` takes a client with a grant of its own (`Client<W>`): the clients of a #[requires_scope] function are written `&Client` and get exactly the declared scopes; declare what this client is used for in the attribute instead
    client.get_domains(org, &Default::default()).await?;
    wide.delete_policy(org, "p1").await
}

#[requires_scope("read:domains:admin")]
async fn impl_trait_client(client: &Client, wide: &Client<impl DeletePoliciesAdmin>, org: &str) -> Result<(), Error> {
    //~^ ERROR `impl_trait_client` takes a client with a grant of its own (`Client<implDeletePoliciesAdmin>`): the clients of a #[requires_scope] function are written `&Client` and get exactly the declared scopes; declare what this client is used for in the attribute instead
    //~^^ ERROR `impl_trait_client` may use only the scopes its #[requires_scope(...)] declares: a bound by the proof trait `DeletePoliciesAdmin` would let it use more without saying so; declare the scope in the attribute instead
    client.get_domains(org, &Default::default()).await?;
    wide.delete_policy(org, "p1").await
}

#[requires_scope("read:domains:admin")]
async fn where_bound<W>(client: &Client, org: &str, _marker: std::marker::PhantomData<W>) -> Result<(), Error>
where
    W: cloud_admin::scopes::DeletePoliciesAdmin,
    //~^ ERROR `where_bound` may use only the scopes its #[requires_scope(...)] declares: a bound by the proof trait `DeletePoliciesAdmin` would let it use more without saying so; declare the scope in the attribute instead
{
    client.get_domains(org, &Default::default()).await.map(drop)
}

fn main() {}

/// A trait of one's own, implemented for wide clients.
trait Purge {
    fn purge(&self) -> cloud_admin::Call<'_, ()>;
}

impl<G: DeletePoliciesAdmin> Purge for Client<G> {
    fn purge(&self) -> cloud_admin::Call<'_, ()> {
        self.delete_policy("org", "p1")
    }
}

#[requires_scope("read:domains:admin")]
async fn bound_through_client(client: &Client) -> Result<(), Error>
where
    Client<this_function>: Purge,
    //~^ ERROR `this_function` is the grant #[requires_scope] gives `bound_through_client`, and its bounds are exactly the declared scopes: declare the scope in the attribute instead of bounding `this_function` here
{
    client.purge().await
}

#[requires_scope("read:domains:admin")]
#[allow(unused_parens)]
async fn parenthesized(client: &Client) -> Result<(), Error>
where
    (this_function): DeletePoliciesAdmin,
    //~^ ERROR `this_function` is the grant #[requires_scope] gives `parenthesized`, and its bounds are exactly the declared scopes: declare the scope in the attribute instead of bounding `this_function` here
{
    client.delete_policy("org", "p1").await
}
