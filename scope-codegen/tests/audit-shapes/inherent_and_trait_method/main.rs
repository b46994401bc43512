use cloud_admin::{Client, Transport, trust_key_scopes, params, scopes::Grant};
use cloud_admin::scopes::{ReadPoliciesAdmin, DeletePoliciesAdmin};

struct Svc;

impl Svc {
    async fn run<G: ReadPoliciesAdmin + DeletePoliciesAdmin>(&self, client: &Client<G>) {
        let _ = client.delete_policy("org", "p1").await;
    }
}

trait Runner {
    async fn run<G: ReadPoliciesAdmin>(&self, client: &Client<G>);
}

impl Runner for Svc {
    async fn run<G: ReadPoliciesAdmin>(&self, client: &Client<G>) {
        let _ = client.get_policies("org", &params::GetPolicies::default()).await;
    }
}

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let svc = Svc;
    svc.run(&client).await;
}
