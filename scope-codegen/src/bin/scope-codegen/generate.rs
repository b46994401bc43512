//! `scope-codegen generate`: the client as a file or as a crate, or `--check` against what is
//! on disk.

use std::path::PathBuf;

use scope_codegen::krate::Runtime;

use crate::args::{InputArgs, print_diagnostics};

/// Where the generated code goes.
pub enum Target {
    File(PathBuf),
    Crate {
        dir: PathBuf,
        name: String,
        runtime: Runtime,
    },
}

/// Generates, or with `check` compares; returns whether what is on disk is current (always
/// true when writing).
pub fn generate(
    input: &InputArgs,
    module: Option<&str>,
    target: &Target,
    check: bool,
) -> Result<bool, scope_codegen::Error> {
    let mut inputs = input.inputs()?;
    if let Some(module) = module {
        inputs.module = Some(module.to_owned());
    }
    if matches!(target, Target::Crate { .. }) && inputs.module.is_some() {
        // A crate's own client sits at its root; the configuration's `module` is for build.rs.
        inputs.module = None;
    }
    let generated = scope_codegen::generate(&inputs)?;
    print_diagnostics(&generated.analysis, false);
    let (out, files): (&PathBuf, Vec<(PathBuf, String)>) = match target {
        Target::File(out) => (out, vec![(out.clone(), generated.code.clone())]),
        Target::Crate { dir, name, runtime } => (
            dir,
            scope_codegen::krate::crate_files(&generated.code, name, runtime)
                .into_iter()
                .map(|(path, text)| (dir.join(path), text))
                .collect(),
        ),
    };
    if check {
        let mut current = true;
        for (path, want) in &files {
            let have = std::fs::read_to_string(path).unwrap_or_default();
            if have != *want {
                current = false;
                let name = path.display().to_string();
                let diff = similar::TextDiff::from_lines(&have, want);
                let diff = diff
                    .unified_diff()
                    .context_radius(1)
                    .header(&name, &name)
                    .to_string();
                let lines: Vec<&str> = diff.lines().collect();
                eprintln!("stale: {name}");
                for line in lines.iter().take(60) {
                    eprintln!("{line}");
                }
                if lines.len() > 60 {
                    eprintln!("... ({} more diff lines)", lines.len() - 60);
                }
            }
        }
        if current {
            eprintln!("{} is up to date", out.display());
        }
        return Ok(current);
    }
    match target {
        Target::File(out) => {
            std::fs::write(out, &generated.code).map_err(|e| scope_codegen::Error {
                kind: scope_codegen::ErrorKind::Io,
                file: out.clone(),
                item: String::new(),
                message: format!("cannot write the file: {e}"),
            })?;
        }
        Target::Crate { dir, name, runtime } => {
            scope_codegen::krate::write_crate(&generated.code, dir, name, runtime)?;
        }
    }
    let api = &generated.analysis.api;
    eprintln!(
        "wrote {} ({} operations, {} types, {} scopes)",
        out.display(),
        api.operations.len(),
        api.types.defs.len(),
        api.scopes.len()
    );
    Ok(true)
}
