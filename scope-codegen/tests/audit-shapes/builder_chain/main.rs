use cloud_admin::{Client, Transport, trust_key_scopes, params};
use cloud_admin::scopes::{ReadPoliciesAdmin, DeletePoliciesAdmin};

struct Builder;
struct Service;

impl Builder {
    fn new() -> Builder { Builder }
    fn build(self) -> Service { Service }
    async fn run<G: ReadPoliciesAdmin>(&self, client: &Client<G>) {
        let _ = client.get_policies("org", &params::GetPolicies::default()).await;
    }
}

impl Service {
    async fn run<G: DeletePoliciesAdmin>(&self, client: &Client<G>) {
        let _ = client.delete_policy("org", "p1").await;
    }
}

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let svc = Builder::new().build();
    svc.run(&client).await;
}
