use cloud_admin::{Client, Transport, trust_key_scopes, params};
use cloud_admin::scopes::{ReadPoliciesAdmin, DeletePoliciesAdmin};

mod safe {
    use super::*;
    pub async fn run<G: ReadPoliciesAdmin>(client: &Client<G>) {
        let _ = client.get_policies("org", &params::GetPolicies::default()).await;
    }
}
mod danger {
    use super::*;
    pub async fn run<G: DeletePoliciesAdmin>(client: &Client<G>) {
        let _ = client.delete_policy("org", "p1").await;
    }
}
use safe::run;

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    {
        use danger::run;
        run(&client).await;
    }
    safe::run(&client).await;
}
