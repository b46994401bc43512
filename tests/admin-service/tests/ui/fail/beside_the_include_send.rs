// Attack from inside the crate: code beside the `include!` calls the generated code's raw send
// functions, which take no proof. They are private to the generated client's own module.
#![allow(dead_code)]
mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));

    pub fn delete(transport: &Transport) -> Call<'_, ()> {
        generated::send::empty(
        //~^ ERROR[E0433]
            transport,
            &operations::DELETE_POLICY,
            "/admin/v1/orgs/o/policies/p".into(),
            Default::default(),
            None,
        )
    }
}

fn main() {}
