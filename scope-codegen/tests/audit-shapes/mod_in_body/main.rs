use cloud_admin::{Client, Transport, trust_key_scopes, params};
use cloud_admin::scopes::{ReadPoliciesAdmin, DeletePoliciesAdmin};

mod inner {
    use super::*;
    pub async fn run<G: ReadPoliciesAdmin>(client: &Client<G>) {
        let _ = client.get_policies("org", &params::GetPolicies::default()).await;
    }
}

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    mod inner {
        use super::*;
        pub async fn run<G: DeletePoliciesAdmin>(c: &Client<G>) {
            let _ = c.delete_policy("org", "p1").await;
        }
    }
    inner::run(&client).await;
}
