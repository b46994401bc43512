// Attack: implement `Grant` itself (the runtime's `Key`). It is sealed by a private supertrait
// in the runtime, and the lookup a proof rests on is implemented for the runtime's types only.
use cloud_admin::scopes::Grant;

struct MyGrant;

impl Grant for MyGrant {
    //~^ ERROR[E0277]
    const UNSCOPED_KEY: bool = true;
    fn holds(_: usize) -> bool {
        true
    }
}

fn main() {}
