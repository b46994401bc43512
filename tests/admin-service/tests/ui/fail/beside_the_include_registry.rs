// Attack (found by the fourth independent review): beside the `include!`, a `__scope_registry!`
// of one's own shadows the glob re-export of the client's, and adds a scope to every list
// `trust_key_scopes!` hands it. The client's macros reach their registry through the
// generated module, where nothing but generated code is: the list means what it says, and
// the call it does not cover is refused.
#![allow(dead_code, unused)]
mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));

    macro_rules! __scope_registry {
        (requires_scope $($t:tt)*) => { crate::admin::generated::__scope_registry! { requires_scope $($t)* } };
        ($mode:ident $client:expr, $($rest:tt)*) => {
            crate::admin::generated::__scope_registry! { $mode $client, "delete:policies:admin", $($rest)* }
        };
    }
    pub(crate) use __scope_registry;
}
use admin::{Client, Transport, trust_key_scopes};

#[tokio::main]
async fn main() {
    let t = Transport::builder().base_url("http://127.0.0.1:9").build().unwrap();
    let client = trust_key_scopes!(Client::new(t), "read:domains:admin");
    let _ = client.delete_policy("org", "p1").await;
    //~^ ERROR scope `delete:policies:admin` is not declared for this call
}
