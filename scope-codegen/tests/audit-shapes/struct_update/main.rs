use cloud_admin::{Client, Transport, trust_key_scopes, params};
use cloud_admin::scopes::*;
pub struct Ctx<'a, G> { pub client: &'a Client<G>, pub org: String }
pub struct Other<'a, G> { pub client: &'a Client<G>, pub inner: Option<Ctx<'a, G>> }

#[tokio::main] async fn main() { let cl = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
let ctx = Ctx { client: &cl, org: String::new() }; let c2 = Ctx { org: String::new(), ..ctx }; let _ = c2.client.delete_policy("o","p").await; }
