//! Generates the widgets client from scope-codegen's test fixture.

fn main() {
    let result = scope_codegen::Builder::new()
        .spec("../../scope-codegen/tests/fixtures/widgets.json")
        .scopes("../../scope-codegen/tests/fixtures/widgets-scopes.json")
        .prefer(scope_codegen::Prefer::Table)
        .out_file("widgets.rs")
        .run();
    if let Err(error) = result {
        eprintln!("error: {error}");
        std::process::exit(1);
    }
}
