//! The client in a context struct, the usual shape of service code: the audit follows it
//! through the struct's client field, into the functions the context is handed to. Where the
//! context goes somewhere the audit cannot see (into a `Box` here), it says so instead, at
//! every function and entry point that reaches it, and keeps the declaration as it is.

use cloud_admin::scopes::ReadDomainsAdmin;
use cloud_admin::{Client, Error, requires_scope};

/// What the service's jobs share.
pub struct Ctx<'a, G> {
    /// The client.
    pub client: &'a Client<G>,
    /// The organization.
    pub org: &'a str,
}

/// Counts domains through the context.
pub async fn count<G: ReadDomainsAdmin>(ctx: &Ctx<'_, G>) -> Result<usize, Error> {
    let page = ctx.client.get_domains(ctx.org, &Default::default()).await?;
    Ok(page.data.unwrap_or_default().len())
}

#[requires_scope("read:domains:admin")]
pub async fn domains(client: &Client, org: &str) -> Result<usize, Error> {
    let ctx = Ctx { client, org };
    count(&ctx).await
}

/// The context put in a box first: handed to `Box::new`, which this crate does not define.
#[requires_scope("read:domains:admin")]
pub async fn boxed(client: &Client, org: &str) -> Result<usize, Error> {
    let ctx = Ctx { client, org };
    let ctx = Box::new(ctx);
    count(&ctx).await
}
