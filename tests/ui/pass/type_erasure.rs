// What stays possible on purpose (docs/guarantees.md): a function that
// declares a scope builds a closure that uses it, and the closure is stored and called where
// nothing declares the scope. The builder's declaration is still required of its caller.
#![deny(warnings)]

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use cloud_admin::{Client, Error, Transport, requires_scope, trust_key_scopes};

type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
type Deleter = Box<dyn Fn(String) -> BoxFuture<'static, Result<(), Error>> + Send + Sync>;

static PURGE: OnceLock<Deleter> = OnceLock::new();

#[requires_scope("delete:policies:admin")]
fn deleter(client: &Client, org: &str) -> Deleter {
    let (client, org) = (client.clone(), org.to_owned());
    Box::new(move |id| {
        let (client, org) = (client.clone(), org.clone());
        Box::pin(async move { client.delete_policy(&org, &id).await })
    })
}

/// Declares nothing, and deletes through the stored closure.
#[allow(dead_code)]
async fn later(id: &str) -> Result<(), Error> {
    PURGE.get().expect("set at start-up")(id.to_owned()).await
}

#[allow(dead_code)]
fn start_up() -> Result<(), Error> {
    let client = trust_key_scopes!(Client::new(Transport::builder().build()?), "delete:policies:admin");
    let _ = PURGE.set(deleter(&client, "org"));
    Ok(())
}

fn main() {}
