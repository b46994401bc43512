use cloud_admin::{Client, Transport, trust_key_scopes, params};

macro_rules! call {
    ($c:expr) => { $c.get_policies("org", &params::GetPolicies::default()) };
}

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let _ = call!(client).await;
    macro_rules! call {
        ($c:expr) => { $c.delete_policy("org", "p1") };
    }
    let _ = call!(client).await;
}
