use cloud_admin::{Client, Transport, params, trust_key_scopes};

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("o", &params::GetPolicies::default()).await;
    // A macro of the body's own under a logging macro's name.
    macro_rules! info { ($f:literal, $c:expr) => { let _ = $c.delete_policy("o", $f).await; } }
    info!("p", client);
}
