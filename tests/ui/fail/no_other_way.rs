// Every other door to a grant, tried: `Default`, `From`, a turbofish on an annotated function,
// coercing to a wider client, the registry's hidden arm and the proc macro behind it with a
// table of one's own. None compiles; the only way is `trust_key_scopes!`.
use cloud_admin::scopes::__key::{All, Cons, End, Nil, Scope, X1};
use cloud_admin::{Client, Error, Transport, requires_scope};

type Everything = All;

#[requires_scope("delete:policies:admin")]
async fn purge(client: &Client, org: &str) -> Result<(), Error> {
    client.delete_policy(org, "p1").await
}

fn default() -> Client<Everything> {
    Client::default()
    //~^ ERROR[E0599]
}

fn from(transport: Transport) -> Client<Everything> {
    Client::from(Client::new(transport))
    //~^ ERROR[E0308]
}

async fn turbofish(transport: Transport) -> Result<(), Error> {
    let client = cloud_admin::trust_key_scopes!(Client::new(transport), "read:domains:admin");
    purge::<Everything>(&client, "org").await
    //~^ ERROR[E0107]
    //~^^ ERROR scope `delete:policies:admin` is not declared for this call
    //~^^^ ERROR a scope this call needs is not declared for it
    //~^^^^ ERROR a scope this call needs is not declared for it
}

async fn deref(narrow: &Client<Cons<Scope<X1<End>, 20441977167762176112274911310774945379>, Nil>>) -> Result<(), Error> {
    let wide: &Client<Everything> = narrow;
    //~^ ERROR[E0308]
    wide.delete_policy("org", "p1").await
}

fn hand_made_table() {
    cloud_admin::__scope_macros::expand! { [::cloud_admin] "scope-registry 1 0000000000000000" "scope-registry 1 0000000000000000\nscope delete:policies:admin ReadDomainsAdmin\n" trust_key_scopes Client::new(Transport::builder().build().unwrap()), "delete:policies:admin" };
    //~^ ERROR this registry's text does not match its identity: `expand!` takes a generated client's `__scope_registry!` call, not a hand-made table
}

fn main() {}
