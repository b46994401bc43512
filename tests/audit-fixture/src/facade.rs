//! A facade module that re-exports functions under other names and by a glob, and a caller
//! that reaches them through it, as `api::domains(..)` and `crate::facade::api::policies(..)`.

use cloud_admin::{Client, Error, requires_scope};

pub mod api {
    pub use super::inner::more::*;
    pub use super::inner::read_domains as domains;
}

mod inner {
    use cloud_admin::{Client, Error, requires_scope};

    #[requires_scope("read:domains:admin")]
    pub async fn read_domains(client: &Client, org: &str) -> Result<usize, Error> {
        let page = client.get_domains(org, &Default::default()).await?;
        Ok(page.data.map_or(0, |d| d.len()))
    }

    pub mod more {
        use cloud_admin::{Client, Error, requires_scope};

        #[requires_scope("read:policies:admin")]
        pub async fn policies(client: &Client, org: &str) -> Result<usize, Error> {
            let page = client.get_policies(org, &Default::default()).await?;
            Ok(page.data.map_or(0, |d| d.len()))
        }
    }
}

#[requires_scope("read:domains:admin", "read:policies:admin")]
pub async fn through_the_facade(client: &Client, org: &str) -> Result<usize, Error> {
    Ok(api::domains(client, org).await? + crate::facade::api::policies(client, org).await?)
}
