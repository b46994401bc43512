// Attack: make a grant of one's own by implementing a proof trait. The proof traits are
// sealed: no other crate can implement them.
use cloud_admin::scopes::DeletePoliciesAdmin;

struct MyGrant;

impl DeletePoliciesAdmin for MyGrant {}
//~^ ERROR `MyGrant` is not a grant: this client proves no scope, so it cannot call operations

fn main() {}
