// Attack: trust a key by hand, laid out with the place of one scope (`delete:policies:admin`,
// slot 8) and the name of another (`read:domains:admin`, by its hash). The client checks each
// scope of the key against its own table, so the build stops where the trust site is built.
use cloud_admin::scopes::__key::{Cons, End, Nil, Scope, X8};
use cloud_admin::{Client, Transport};

type DeletesPolicies = Cons<Scope<X8<End>, 20441977167762176112274911310774945379>, Nil>;

#[tokio::main]
async fn main() {
    let client = Client::new(Transport::builder().build().unwrap());
    let key = client.__trust_key_scopes::<DeletesPolicies>();
    //~? ERROR[E0080] __laid_out_by_this_table
    let _ = key.delete_policy("org", "p1").await;
}
