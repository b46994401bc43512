use cloud_admin::requires_scope;

#[requires_scope("read:policies:admin")]
async fn audit(org: &str) -> usize {
//~^ ERROR `audit` takes no `&Client` parameter: #[requires_scope] narrows the client a function receives (write its type as `&Client`, without a grant)
    org.len()
}

fn main() {}
