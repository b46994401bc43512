// The one-crate layout: the crate's own functions, in modules declared before and after the
// client's, annotated without `client = …`; the attribute imported by name or by a glob; an
// entry point that trusts the key. Nothing is sent (the futures are dropped unpolled).
mod early {
    use crate::admin::{Client, Error, requires_scope};

    #[requires_scope("read:domains:admin")]
    pub async fn domains(client: &Client, org: &str) -> Result<usize, Error> {
        Ok(client.get_domains(org, &Default::default()).await?.data.unwrap_or_default().len())
    }
}

mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}

mod late {
    use crate::admin::*;

    #[requires_scope("read:domains:admin", "read:policies:admin")]
    pub async fn both(client: &Client, org: &str) -> Result<usize, Error> {
        let domains = crate::early::domains(client, org).await?;
        let policies = client.get_policies(org, &Default::default()).await?;
        Ok(domains + policies.data.unwrap_or_default().len())
    }
}

fn main() {
    use admin::{Client, Transport, trust_key_scopes};
    let transport = Transport::builder().build().expect("transport");
    let client = trust_key_scopes!(Client::new(transport), "read:domains:admin", "read:policies:admin");
    let _unpolled = late::both(&client, "org");
    assert_eq!(std::mem::size_of_val(&client), std::mem::size_of::<Transport>());
}
