//! Generates the Cloud Admin client from `spec/` into `OUT_DIR/cloud_admin.rs`.

use scope_codegen::{Builder, Prefer};

fn main() {
    let result = Builder::new()
        .spec("spec/organizations.json")
        .spec("spec/dlp.json")
        .spec("spec/api-access.json")
        .scopes("spec/scopes.json")
        // Atlassian's later reference pages name `read:keys:admin` and `delete:keys:admin` for
        // API keys where the scope table names `read:tokens:admin` and `delete:tokens:admin`.
        // The table is what Atlassian Administration offers when creating a key, so it wins;
        // the disagreement is recorded in each affected method's documentation.
        .prefer(Prefer::Table)
        // Atlassian documents no scope for these two: only a key created without scopes can
        // call them, as their methods' documentation says.
        .allow("getOrgs")
        .allow("addResourceToPolicy")
        .out_file("cloud_admin.rs")
        .run();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
