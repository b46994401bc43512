// Attack (found by the third independent review): a client of more than 24 scopes lays its
// key out as a tree, and its proof impls find a slot by its place in the tree's shape while the
// key's bits count leaves. A tree of another shape put the `Yes` leaf where `delete:jira-work`
// is proven and where the bits said `read:user:jira`. The client compares the key's shape with
// its own too, so the build stops where the key is trusted.
mod big {
    include!(concat!(env!("OUT_DIR"), "/big.rs"));
}
use big::scopes::{ListedScopes, No, Node, TrustedKey, Yes};
use big::{Client, Transport};

enum Listed {}
impl ListedScopes for Listed {
    const NAMES: &'static [&'static str] = &["read:user:jira"];
    const SLOTS: &'static [usize] = &[2];
    const UNSCOPED_KEY: bool = false;
}

type OffShape = TrustedKey<Node<Node<Node<No, Node<No, Node<Yes, No>>>, No>, No>>;

fn main() {
    let client = Client::new(Transport::builder().build().unwrap());
    let key = client.__trust_key_scopes::<OffShape, Listed>();
    //~? ERROR[E0080] this trusted key does not hold exactly the scopes its list names, by this client's table: it was laid out by another table than this client's, or by hand
    let _call = key.delete_resource0(1);
}
