use cloud_admin::{Client, Transport, scopes::*, trust_key_scopes};

fn helper<G>(_client: &Client<G>) {}

// `helper(client)` here is the parameter, not the module's function.
fn run<G: ReadPoliciesAdmin, F: Fn(&Client<G>)>(client: &Client<G>, helper: F) {
    helper(client)
}

#[tokio::main]
async fn main() {
    let t = Transport::builder().build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    helper(&client);
    run(&client, |c| {
        let c = c.clone();
        tokio::spawn(async move {
            let _ = c.delete_policy("org", "p1").await;
        });
    });
}
