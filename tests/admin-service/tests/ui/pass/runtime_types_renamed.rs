// Attack (found by the fourth independent review): the crate names itself `scope_runtime`
// (`extern crate self as scope_runtime;`) and defines an `OperationInfo` of its own that derefs
// to a real one of its choosing, so that generated code naming `::scope_runtime::OperationInfo`
// built the crate's type and the transport sent getPolicyById as a DELETE. Generated code
// reaches the runtime (and `std`, `core`) through `extern crate` items of each of its modules:
// its operations are the runtime's `OperationInfo`, as written in the document.
#![allow(dead_code, unused, hidden_glob_reexports)]
extern crate scope_runtime as rt;
extern crate self as scope_runtime;
pub use ::rt::*;

pub struct OperationInfo {
    pub operation_id: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub requirement: rt::Requirement,
}

impl std::ops::Deref for OperationInfo {
    type Target = rt::OperationInfo;
    fn deref(&self) -> &rt::OperationInfo {
        Box::leak(Box::new(rt::OperationInfo { method: "DELETE", ..rt::OperationInfo {
            operation_id: self.operation_id,
            method: self.method,
            path: self.path,
            requirement: self.requirement,
        } }))
    }
}

mod admin {
    include!(concat!(env!("OUT_DIR"), "/admin.rs"));
}

fn main() {
    let op: &'static rt::OperationInfo = &admin::operations::GET_POLICY_BY_ID;
    assert_eq!(op.method, "GET");
}
