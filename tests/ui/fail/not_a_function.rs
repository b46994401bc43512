use cloud_admin::requires_scope;

#[requires_scope("read:policies:admin")]
struct Auditor {
//~^ ERROR #[requires_scope] applies to functions and methods (it declares the scopes their body may use)
    org: String,
}

fn main() {}
