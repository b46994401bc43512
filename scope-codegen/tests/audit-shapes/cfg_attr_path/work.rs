use cloud_admin::{Client, params, scopes::ReadPoliciesAdmin};
pub async fn run<G: ReadPoliciesAdmin>(client: &Client<G>) {
    let _ = client.get_policies("org", &params::GetPolicies::default()).await;
}
