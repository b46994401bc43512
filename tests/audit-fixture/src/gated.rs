//! Items behind `#[cfg]`: with the feature `extra` off (the default), `extra_audit` is not
//! compiled and the audit leaves it out (its call in `entry::run` too); `#[cfg(test)]` items,
//! statements and blocks never count.

use cloud_admin::{Client, Error, requires_scope};

#[cfg(feature = "extra")]
#[requires_scope("read:events:admin")]
pub async fn extra_audit(client: &Client, org: &str) -> Result<(), Error> {
    client.get_events(org, &Default::default()).await.map(drop)
}

/// Its block for a feature that is off is not compiled, so it needs nothing of its own (the
/// same rule holds for `#[cfg(test)]` blocks and statements).
#[requires_scope("read:domains:admin")]
pub async fn always(client: &Client, org: &str) -> Result<(), Error> {
    #[cfg(feature = "debug-tools")]
    {
        client.get_events(org, &Default::default()).await?;
    }
    client.get_domains(org, &Default::default()).await.map(drop)
}

#[cfg(test)]
mod tests {
    #[test]
    fn never_read_by_the_audit() {}
}
