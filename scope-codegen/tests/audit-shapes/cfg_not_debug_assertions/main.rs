use cloud_admin::{Client, Transport, params, trust_key_scopes};

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("o", &params::GetPolicies::default()).await;
    // Compiled in a release build.
    #[cfg(not(debug_assertions))]
    let _ = client.delete_policy("o", "p").await;
}
