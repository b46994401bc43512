use cloud_admin::requires_scope;

#[requires_scope("read:policies:admin")]
struct Auditor {
    org: String,
}

fn main() {}
