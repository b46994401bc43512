//! Where generated code lives: at a crate's root, or as a module of the crate that generates
//! it (`module = "admin"`), where it is wrapped in a module of its own. `tests/admin-service`
//! compiles and runs the module form and attacks it; this checks the text and the setting.

use std::path::{Path, PathBuf};

use proc_macro2::{TokenStream, TokenTree};
use scope_codegen::{ErrorKind, Inputs};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn generate(module: Option<&str>) -> Result<String, scope_codegen::Error> {
    scope_codegen::generate(&Inputs {
        specs: vec![fixture("widgets.json")],
        scopes: Some(fixture("widgets-scopes.json")),
        module: module.map(str::to_owned),
        ..Inputs::default()
    })
    .map(|g| g.code)
}

/// Every literal of the code, as written, in order.
fn literals(code: &str) -> Vec<String> {
    fn walk(stream: TokenStream, out: &mut Vec<String>) {
        for token in stream {
            match token {
                TokenTree::Group(g) => walk(g.stream(), out),
                TokenTree::Literal(l) => out.push(l.to_string()),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(code.parse().expect("generated code tokenizes"), &mut out);
    out
}

#[test]
fn the_module_form_wraps_the_same_code_and_changes_no_literal() {
    let at_root = generate(None).unwrap();
    let in_module = generate(Some("services::admin")).unwrap();
    // Indenting the code into `generated` must not change a string that spans lines: every
    // literal of the root form is in the module form as it was, and the module form adds only
    // its own documentation.
    let mut added = literals(&in_module);
    for literal in literals(&at_root) {
        let at = added.iter().position(|l| *l == literal);
        assert!(at.is_some(), "changed by the module form: {literal}");
        added.remove(at.unwrap_or_default());
    }
    assert!(
        added.iter().all(|l| l == "()" || l.starts_with("\" ")),
        "the module form adds literals other than its docs: {added:?}"
    );
    assert!(added.len() <= 5, "{added:?}");
    assert!(in_module.contains("\npub mod generated {\n"), "{in_module}");
    // Re-exported inline, so that rustdoc shows the client where users reach it, though
    // `generated` itself is hidden.
    assert!(
        in_module.ends_with("\n#[allow(unused_imports)]\n#[doc(inline)]\npub use generated::*;\n")
    );
    assert!(in_module.contains("None::<crate::services::admin::generated::IncludedAsConfigured>;"));
    // The macros are the crate's own, reached through the module's path, into `generated`,
    // where code beside the `include!` cannot shadow a name; so is every path from the extern
    // prelude, through `extern crate` items of each module.
    assert!(in_module.contains("$crate::services::admin::generated::__scope_macros::expand! {"));
    assert!(in_module.contains("[$crate::services::admin::generated]"));
    assert!(!in_module.contains("::scope_runtime::") && !in_module.contains(" ::std::"));
    assert!(in_module.contains("    extern crate std as __std;"));
    assert!(in_module.contains("pub(crate) use __scope_registry;"));
    assert!(!in_module.contains("#[macro_export]"));
    assert!(at_root.matches("#[macro_export]").count() == 2);
    // Both forms carry the module through which the attribute finds its client, and reach
    // the runtime's macros and checks through an `extern crate` of their own, not through
    // `::scope_runtime`, which a crate can make name itself.
    for code in [&at_root, &in_module] {
        assert!(code.contains("pub mod requires_scope {"), "{code}");
        assert!(code.contains("extern crate scope_runtime as __scope_runtime;"));
        assert!(code.contains("pub use __scope_runtime::__macros::requires_scope;"));
        assert!(!code.contains("::scope_runtime::__macros"));
        assert!(!code.contains("::scope_runtime::grant"));
    }
}

#[test]
fn a_module_setting_that_is_no_path_is_an_error_naming_it() {
    for (bad, why) in [
        ("::admin", "starts with `::`"),
        ("crate::admin", "`crate` is implied"),
        ("self::admin", "`self` is implied"),
        ("admin<T>", "generic arguments"),
        ("9admin", "not a Rust path"),
        ("", "not a Rust path"),
    ] {
        let error = generate(Some(bad)).expect_err(bad);
        assert_eq!(error.kind, ErrorKind::Io, "{bad}");
        assert_eq!(error.item, "module", "{bad}");
        assert!(error.message.contains(why), "{bad}: {}", error.message);
        assert!(
            error.message.contains("like `admin`"),
            "{bad}: {}",
            error.message
        );
    }
}
