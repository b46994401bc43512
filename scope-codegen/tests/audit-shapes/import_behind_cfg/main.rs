use cloud_admin::{Client, Transport, params, scopes::*, trust_key_scopes};

mod r {
    use super::*;
    pub async fn helper<G: ReadPoliciesAdmin>(c: &Client<G>) {
        let _ = c.get_policies("o", &params::GetPolicies::default()).await;
    }
}
mod d {
    use super::*;
    pub async fn helper<G: DeletePoliciesAdmin>(c: &Client<G>) {
        let _ = c.delete_policy("o", "p").await;
    }
}
// Which `helper` is imported depends on the target.
#[cfg(not(unix))]
use r::helper;
#[cfg(unix)]
use d::helper;

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("o", &params::GetPolicies::default()).await;
    helper(&client).await;
}
