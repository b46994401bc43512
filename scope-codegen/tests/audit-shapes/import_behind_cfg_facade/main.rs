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
// A facade whose re-export depends on the target, reached by glob.
mod api {
    #[cfg(not(unix))]
    pub use super::r::*;
    #[cfg(unix)]
    pub use super::d::*;
}
use api::helper;

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("o", &params::GetPolicies::default()).await;
    helper(&client).await;
}
