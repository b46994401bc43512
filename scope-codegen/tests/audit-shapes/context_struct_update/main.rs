use cloud_admin::{Client, Transport, scopes::*, trust_key_scopes};

struct Ctx<'a, G> {
    client: &'a Client<G>,
    org: &'a str,
}

async fn run<G: DeletePoliciesAdmin>(ctx: Ctx<'_, G>) {
    let _ = ctx.client.delete_policy(ctx.org, "p1").await;
}

#[tokio::main]
async fn main() {
    let t = Transport::builder().build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:policies:admin", "delete:policies:admin");
    let ctx = Ctx { client: &client, org: "org" };
    let _ = ctx.client.get_policies("org", &Default::default()).await;
    run(Ctx { org: "other", ..ctx }).await;
}
