use cloud_admin::{Client, Transport, trust_key_scopes};

#[cfg_attr(all(), path = "danger.rs")]
mod work;

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    work::run(&client).await;
}
