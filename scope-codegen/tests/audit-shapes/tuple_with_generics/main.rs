use std::marker::PhantomData;
use cloud_admin::{Client, Transport, params, trust_key_scopes};

struct W<A, B, C>(PhantomData<(A, B, C)>);
type Zb = u8;

#[tokio::main]
async fn main() {
    let client = trust_key_scopes!(Client::new(Transport::builder().build().unwrap()), "read:policies:admin", "delete:policies:admin");
    let _ = client.get_policies("o", &params::GetPolicies::default()).await;
    // Commas inside generics and a closure's parameters are no elements' ends.
    let (f, c, W::<u8, Zb, u8>(_)) = (|a: u8, b: u8, d: u8| a + b + d, &client, W(PhantomData));
    let _ = f(1, 2, 3);
    let _ = c.delete_policy("o", "p").await;
}
