use cloud_admin::{Client, scopes::DeletePoliciesAdmin};
pub async fn run<G: DeletePoliciesAdmin>(client: &Client<G>) {
    let _ = client.delete_policy("org", "p1").await;
}
