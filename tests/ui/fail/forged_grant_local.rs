// Attack: make a grant of one's own by implementing a proof trait for a type of one's own. A
// proof trait requires the runtime's `Key`, which only the runtime's types implement.
use cloud_admin::scopes::DeletePoliciesAdmin;

struct MyGrant;

impl DeletePoliciesAdmin for MyGrant {}
//~^ ERROR[E0277]
//~^^ ERROR[E0277]

fn main() {}
