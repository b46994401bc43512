// Every other door to a grant, tried: `Default`, `From`, a turbofish on an
// annotated function, coercing to a wider client, the registry's hidden arm and the proc macro
// behind it with a table of one's own. None compiles; the only way is `trust_key_scopes!`.
use cloud_admin::scopes::TrustedKey;
use cloud_admin::{Client, Error, Transport, requires_scope};

type Everything = TrustedKey<true, true, true, true, true, true, true, true, true, true, true, true, true>;

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
    purge::<Everything>(&Client::new(transport), "org").await
    //~^ ERROR[E0308]
}

async fn deref(narrow: &Client<cloud_admin::scopes::TrustedKey<true, false, false, false, false, false, false, false, false, false, false, false, false>>) -> Result<(), Error> {
    let wide: &Client<Everything> = narrow;
    //~^ ERROR[E0308]
    wide.delete_policy("org", "p1").await
}

fn hand_made_table() {
    cloud_admin::__scope_macros::expand! { [::cloud_admin] "scope-registry 1 0000000000000000" "scope-registry 1 0000000000000000\nscope delete:policies:admin ReadDomainsAdmin\n" trust_key_scopes Client::new(Transport::builder().build().unwrap()), "delete:policies:admin" };
    //~^ ERROR this registry's text does not match its identity: `expand!` takes a generated client's `__scope_registry!` call, not a hand-made table
}

fn main() {}
