//! Codegen time per document: load, resolve scopes, model, emit.
//!
//! `cargo bench -p scope-codegen --bench codegen`; add `--profile dev` for the profile a
//! `build.rs` runs the generator in. Atlassian's published Organizations document is included
//! when `../shared/specs` is present.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};
use scope_codegen::Inputs;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn bench(c: &mut Criterion) {
    let root = root();
    let mut cases: Vec<(String, Inputs)> = ["organizations", "dlp", "api-access"]
        .iter()
        .map(|name| {
            let inputs = Inputs {
                specs: vec![root.join(format!("spec/{name}.json"))],
                ..Inputs::default()
            };
            (format!("spec/{name}.json"), inputs)
        })
        .collect();
    cases.push((
        "spec/ (3 documents + scope table)".to_owned(),
        Inputs {
            specs: ["organizations", "dlp", "api-access"]
                .iter()
                .map(|n| root.join(format!("spec/{n}.json")))
                .collect(),
            scopes: Some(root.join("spec/scopes.json")),
            ..Inputs::default()
        },
    ));
    let atlassian = root.join("../shared/specs/atlassian-organization.json");
    if atlassian.exists() {
        cases.push((
            "atlassian-organization.json".to_owned(),
            Inputs {
                specs: vec![atlassian],
                ..Inputs::default()
            },
        ));
    } else {
        eprintln!("skipping atlassian-organization.json: ../shared/specs is absent");
    }
    // A synthetic 2.2 MB product-style document (440 operations), written once to a file so that
    // loading is measured too.
    let synthetic = std::env::temp_dir().join("scope-codegen-bench-synthetic.json");
    std::fs::write(
        &synthetic,
        serde_json::to_vec_pretty(&scope_codegen::synthetic::document(110)).unwrap(),
    )
    .unwrap();
    cases.push((
        "synthetic 2.2 MB (440 operations)".to_owned(),
        Inputs {
            specs: vec![synthetic],
            ..Inputs::default()
        },
    ));
    let mut group = c.benchmark_group("generate");
    group.sample_size(20);
    for (name, inputs) in &cases {
        group.bench_function(name.as_str(), |b| {
            b.iter(|| scope_codegen::generate(inputs).expect("generates"))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
