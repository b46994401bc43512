//! `scope-codegen diff`: what changed between two versions of the inputs, and, with `--crate`,
//! what that means for a crate's code.

use scope_codegen::Inputs;

/// Prints what changed between two sets of inputs; returns whether a requirement grew.
pub fn diff(
    old: &Inputs,
    new: &Inputs,
    crate_path: Option<&std::path::Path>,
    json: bool,
) -> Result<bool, scope_codegen::Error> {
    let old = scope_codegen::analyze(old)?;
    let new = scope_codegen::analyze(new)?;
    let changes = scope_codegen::diff::diff(&old.api, &new.api);
    let impact = match crate_path {
        Some(path) => {
            let settings = scope_codegen::audit::Settings {
                prefer: scope_codegen::audit::Alternative::Declared,
                cfg: scope_codegen::audit::Cfg::for_package(path, &[], false),
            };
            let before = scope_codegen::audit::audit(path, &old.api, &settings)?;
            let after = scope_codegen::audit::audit(path, &new.api, &settings)?;
            Some(scope_codegen::audit::crate_impact(&before, &after))
        }
        None => None,
    };
    if json {
        let mut value = serde_json::to_value(&changes).expect("the diff serializes");
        if let Some(impact) = &impact {
            value["crate"] = serde_json::to_value(impact).expect("the impact serializes");
        }
        let text = serde_json::to_string_pretty(&value).expect("JSON prints");
        outln!("{text}");
    } else {
        out!("{}", scope_codegen::diff::render(&changes));
        if let Some(impact) = &impact {
            out!("{}", scope_codegen::audit::render_impact(impact));
        }
    }
    Ok(changes.any_grew() || impact.is_some_and(|i| !i.key_add.is_empty()))
}
