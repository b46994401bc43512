use cloud_admin::{Client, Transport, trust_key_scopes, params};
use cloud_admin::scopes::{ReadPoliciesAdmin, DeletePoliciesAdmin};

struct Svc;
trait Other { async fn run<G: ReadPoliciesAdmin>(&self, client: &Client<G>); }
impl Other for Svc {
    async fn run<G: ReadPoliciesAdmin>(&self, client: &Client<G>) {
        let _ = client.get_policies("org", &params::GetPolicies::default()).await;
    }
}

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    impl Svc {
        async fn run<G: DeletePoliciesAdmin>(&self, c: &Client<G>) {
            let _ = c.delete_policy("org", "p1").await;
        }
    }
    let svc = Svc;
    svc.run(&client).await;
}
