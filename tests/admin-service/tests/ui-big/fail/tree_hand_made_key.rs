// Attack: trust a key by hand, laid out with the place of `delete:jira-work` (slot 5, two
// digits in this 28-scope client) and the name of `read:user:jira`, or with a place of the
// wrong number of digits. The client checks each scope of the key against its own table (the
// names it accepts at that place, and the digits its places have), so the build stops where
// the key is trusted.
mod big {
    include!(concat!(env!("OUT_DIR"), "/big.rs"));
}
use big::scopes::__key::{Cons, End, Nil, Scope, X0, X5};
use big::{Client, Transport};

type Misnamed = Cons<Scope<X0<X5<End>>, 222600383021898287902041174427909928173>, Nil>;
type ShortPlace = Cons<Scope<X5<End>, 222600383021898287902041174427909928173>, Nil>;

fn main() {
    let client = Client::new(Transport::builder().build().unwrap());
    let key = client.__trust_key_scopes::<Misnamed>();
    //~? ERROR[E0080] __laid_out_by_this_table
    let _call = key.delete_resource0(1);
    let client = Client::new(Transport::builder().build().unwrap());
    let _key = client.__trust_key_scopes::<ShortPlace>();
    //~? ERROR[E0080] __laid_out_by_this_table
}
