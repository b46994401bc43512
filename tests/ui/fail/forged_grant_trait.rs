// Attack: implement `Grant` itself. It is sealed too.
use cloud_admin::scopes::Grant;

struct MyGrant;

impl Grant for MyGrant {
    //~^ ERROR `MyGrant` cannot be a grant: grants are sealed in the generated client
    const UNSCOPED_KEY: bool = true;
    fn holds(_: usize) -> bool {
        true
    }
}

fn main() {}
