// The raw path compiles in safe code, on purpose: it needs a `Transport`, which a program has
// only where it built one (so it holds the key, and could send with any HTTP client) or takes
// it from a client nothing vouched for. It sends without a proof, by a name a review greps
// for (`send_*_unproven`), and the audit reports the function that calls it as one whose key
// it cannot vouch for. It is not `unsafe`: a crate that forbids `unsafe` code still compiles.
#![forbid(unsafe_code)]

use cloud_admin::{Client, Error, Transport, operations};

#[allow(dead_code)]
async fn raw(transport: Transport) -> Result<(), Error> {
    let client = Client::new(transport);
    client
        .transport()
        .send_empty_unproven(
            &operations::DELETE_POLICY,
            "/admin/v1/orgs/o/policies/p".into(),
            Default::default(),
            None,
        )
        .await
}

fn main() {}
