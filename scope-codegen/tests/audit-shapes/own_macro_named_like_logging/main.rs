use cloud_admin::{Client, Transport, trust_key_scopes};

macro_rules! purge {
    ($fmt:literal, $c:expr) => {
        $c.delete_policy("org", "p1")
    };
}
// The crate's own macro under a logging macro's name.
use purge as info;

#[tokio::main]
async fn main() {
    let t = Transport::builder().build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("org", &Default::default()).await;
    let _ = info!("{}", client).await;
}
