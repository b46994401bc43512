// Attack: make a grant of one's own by implementing a proof trait for one of the runtime's keys
// (a narrower one, or the grant of a client nothing vouched for). Every key is the runtime's
// type and the proof trait the client's, so such an impl is a foreign impl, which the orphan
// rule refuses (`forged_grant_local` does it for a type of one's own).
use cloud_admin::scopes::DeletePoliciesAdmin;
use cloud_admin::scopes::__key::Nil;

impl DeletePoliciesAdmin for Nil {}
//~^ ERROR[E0117]

impl DeletePoliciesAdmin for cloud_admin::Unverified {}
//~^ ERROR[E0117]

fn main() {}
