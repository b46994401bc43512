use cloud_admin::{Client, Transport, trust_key_scopes};

#[tokio::main]
async fn main() {
    let t = Transport::builder().build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("org", &Default::default()).await;
    // Two dots take the client itself, not a field of something.
    let r = ..client;
    let _ = r.end.delete_policy("org", "p1").await;
}
