//! The crate's own macro wrapping calls: the audit reads its expansion.

use cloud_admin::{Client, Error, requires_scope};

macro_rules! events_of {
    ($client:expr, $org:expr) => {
        $client.get_events($org, &Default::default())
    };
}

#[requires_scope("read:events:admin")]
pub async fn recent_events(client: &Client, org: &str) -> Result<usize, Error> {
    let page = events_of!(client, org).await?;
    Ok(page.data.unwrap_or_default().len())
}
