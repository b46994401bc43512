//! Prints a synthetic Atlassian-style OpenAPI document: `cargo run -p scope-codegen --example
//! synthetic_spec -- [RESOURCES] > big.json` (110 resources, 440 operations, about 2 MB).

fn main() {
    let resources = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(110);
    let document = scope_codegen::synthetic::document(resources);
    println!(
        "{}",
        serde_json::to_string_pretty(&document).expect("JSON values serialize")
    );
}
