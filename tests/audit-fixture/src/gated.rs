//! Items behind `#[cfg]`: with the feature `extra` off (the default), `extra_audit` is not
//! compiled and the audit leaves it out (its call in `entry::run` too); `#[cfg(test)]` items
//! never count.

use cloud_admin::{Client, Error, requires_scope};

#[cfg(feature = "extra")]
#[requires_scope("read:events:admin")]
pub async fn extra_audit(client: &Client, org: &str) -> Result<(), Error> {
    client.get_events(org, &Default::default()).await.map(drop)
}

#[requires_scope("read:domains:admin")]
pub async fn always(client: &Client, org: &str) -> Result<(), Error> {
    client.get_domains(org, &Default::default()).await.map(drop)
}

#[cfg(test)]
mod tests {
    #[test]
    fn never_read_by_the_audit() {}
}
