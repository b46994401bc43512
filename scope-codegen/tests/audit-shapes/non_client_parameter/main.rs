use std::borrow::Borrow;
use cloud_admin::{Client, Transport, trust_key_scopes, params};
use cloud_admin::scopes::{ReadPoliciesAdmin, DeletePoliciesAdmin};

async fn helper<G: ReadPoliciesAdmin + DeletePoliciesAdmin, C: Borrow<Client<G>>>(decoy: &Client<G>, real: C) {
    let _ = decoy.get_policies("org", &params::GetPolicies::default()).await;
    let _ = real.borrow().delete_policy("org", "p1").await;
}

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    helper(&client, &client).await;
}
