//! A trait of the crate's own implemented for the client: a method on the client that is no
//! operation, which the audit cannot follow.

use cloud_admin::scopes::ReadEventsAdmin;
use cloud_admin::{Call, Client, requires_scope, types};

/// Shortcuts on the client.
pub trait Shortcuts {
    /// The first page of events.
    fn first_events<'a>(&'a self, org: &'a str) -> Call<'a, types::EventPage>;
}

impl<G: ReadEventsAdmin> Shortcuts for Client<G> {
    fn first_events<'a>(&'a self, org: &'a str) -> Call<'a, types::EventPage> {
        self.get_events(org, &Default::default())
    }
}

#[requires_scope("read:events:admin")]
pub async fn events(client: &Client, org: &str) -> Result<usize, cloud_admin::Error> {
    Ok(client
        .first_events(org)
        .await?
        .data
        .unwrap_or_default()
        .len())
}
