use cloud_admin::{Client, Transport, operations, params, trust_key_scopes};

#[tokio::main]
async fn main() {
    let transport = Transport::builder().build().unwrap();
    let client = trust_key_scopes!(Client::new(transport.clone()), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("org", &params::GetPolicies::default()).await;
    // The delete goes out through the raw path, on the transport built above: no proof says
    // what it needs, so the audit must say where it stops.
    let _ = transport
        .send_empty_unproven(&operations::DELETE_POLICY, "/admin/v1/orgs/org/policies/p1".into(), Default::default(), None)
        .await;
}
