use cloud_admin::requires_scope;

#[requires_scope("read:policies:admin")]
async fn audit(org: &str) -> usize {
    org.len()
}

fn main() {}
