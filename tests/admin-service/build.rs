//! Generates the Cloud Admin client into `OUT_DIR/admin.rs`, for `mod admin` of this crate, from
//! `[package.metadata.scope-codegen]` in Cargo.toml.

fn main() {
    if let Err(error) = scope_codegen::Builder::from_manifest().and_then(|b| b.run()) {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
