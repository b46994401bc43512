//! Property test: mutated documents (fields dropped, `$ref`s broken, odd names and values,
//! types changed, self- and mutual references through `allOf`/`oneOf` wrappers) always give
//! Rust that parses, or a clear error naming the document; never a panic, a hang or a stack
//! overflow. `PROPTEST_CASES` sets the number of cases (256 by default). A fixed sample of
//! mutated documents is also compiled: exit 0 must mean a client that builds.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use scope_codegen::{Options, generate_texts};
use serde_json::{Value, json};

fn bases() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read =
        |p: &str| serde_json::from_str(&std::fs::read_to_string(root.join(p)).unwrap()).unwrap();
    vec![
        read("tests/fixtures/widgets.json"),
        read("../spec/dlp.json"),
        scope_codegen::synthetic::document(2),
    ]
}

/// JSON pointers of every object and array in `value`.
fn containers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            out.push(at.clone());
            for (k, v) in map {
                containers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            out.push(at.clone());
            for (i, v) in items.iter().enumerate() {
                containers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

const ODD_NAMES: &[&str] = &[
    "type", "Self", "self", "=", "!=", "", "9lives", "über", "a b", "Option", "r#x", "__", "fn",
    "a-b", "A_B",
];
const ODD_VALUES: &[fn() -> Value] = &[
    || json!(null),
    || json!("weird"),
    || json!(42),
    || json!([]),
    || json!({}),
    || json!({"$ref": "#/components/schemas/Missing"}),
    || json!({"$ref": "other.json#/x"}),
    || json!({"type": "object", "properties": {"x": {"$ref": "#"}}}),
    || json!({"type": "string", "enum": ["=", "!=", "=", "A", "a", ""]}),
    || json!({"allOf": [{"type": "string"}, {"type": "object"}]}),
    || json!({"oneOf": []}),
    || json!({"not": {"type": "string"}}),
    || json!({"type": ["string", "null"]}),
    || json!({"type": "array"}),
    || json!({"type": "integer", "format": "uint128"}),
];

/// Wrappers around a reference to a component of the document: placed inside that component
/// (or one it reaches) they make the recursion real documents have.
const WRAPPERS: &[fn(&str) -> Value] = &[
    |to| json!({"description": "wrapped", "allOf": [{"$ref": to}]}),
    |to| json!({"allOf": [{"$ref": to}, {"type": "object", "properties": {"w": {"$ref": to}}}]}),
    |to| json!({"oneOf": [{"$ref": to}, {"type": "object", "properties": {"o": {"$ref": to}}}]}),
    |to| json!({"type": "array", "items": {"anyOf": [{"$ref": to}, {"type": "string"}]}}),
    |to| json!({"nullable": true, "allOf": [{"$ref": to}]}),
];

#[derive(Debug, Clone)]
enum Mutation {
    /// Drop a key of an object.
    Remove { at: usize, key: usize },
    /// Rename a key of an object to an odd name.
    Rename { at: usize, key: usize, name: usize },
    /// Replace a value with an odd one.
    Replace { at: usize, key: usize, value: usize },
    /// Replace a value with a wrapper around a reference to a component schema.
    Wrap {
        at: usize,
        key: usize,
        wrapper: usize,
        target: usize,
    },
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let mut pointers = Vec::new();
    containers(doc, String::new(), &mut pointers);
    let (at, key) = match mutation {
        Mutation::Remove { at, key }
        | Mutation::Rename { at, key, .. }
        | Mutation::Replace { at, key, .. }
        | Mutation::Wrap { at, key, .. } => (*at, *key),
    };
    let wrapped = match mutation {
        Mutation::Wrap {
            wrapper, target, ..
        } => {
            let names: Vec<String> = doc
                .pointer("/components/schemas")
                .and_then(Value::as_object)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            if names.is_empty() {
                return;
            }
            let name = &names[target % names.len()];
            let to = format!(
                "#/components/schemas/{}",
                name.replace('~', "~0").replace('/', "~1")
            );
            Some(WRAPPERS[wrapper % WRAPPERS.len()](&to))
        }
        _ => None,
    };
    let pointer = pointers[at % pointers.len()].clone();
    let Some(target) = doc.pointer_mut(&pointer) else {
        return;
    };
    match (target, mutation) {
        (Value::Object(map), _) if map.is_empty() => {}
        (Value::Object(map), Mutation::Remove { .. }) => {
            let k = map.keys().nth(key % map.len()).cloned().unwrap();
            map.remove(&k);
        }
        (Value::Object(map), Mutation::Rename { name, .. }) => {
            let k = map.keys().nth(key % map.len()).cloned().unwrap();
            let v = map.remove(&k).unwrap();
            map.insert(ODD_NAMES[name % ODD_NAMES.len()].to_owned(), v);
        }
        (Value::Object(map), Mutation::Replace { value, .. }) => {
            let k = map.keys().nth(key % map.len()).cloned().unwrap();
            map.insert(k, ODD_VALUES[value % ODD_VALUES.len()]());
        }
        (Value::Object(map), Mutation::Wrap { .. }) => {
            let k = map.keys().nth(key % map.len()).cloned().unwrap();
            map.insert(k, wrapped.unwrap());
        }
        (Value::Array(items), _) if items.is_empty() => {}
        (Value::Array(items), Mutation::Remove { .. }) => {
            items.remove(key % items.len());
        }
        (Value::Array(items), Mutation::Replace { value, .. }) => {
            let i = key % items.len();
            items[i] = ODD_VALUES[value % ODD_VALUES.len()]();
        }
        (Value::Array(items), Mutation::Wrap { .. }) => {
            let i = key % items.len();
            items[i] = wrapped.unwrap();
        }
        _ => {}
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<usize>()).prop_map(|(at, key)| Mutation::Remove { at, key }),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(at, key, name)| Mutation::Rename { at, key, name }),
        (any::<usize>(), any::<usize>(), any::<usize>())
            .prop_map(|(at, key, value)| Mutation::Replace { at, key, value }),
        (
            any::<usize>(),
            any::<usize>(),
            any::<usize>(),
            any::<usize>()
        )
            .prop_map(|(at, key, wrapper, target)| Mutation::Wrap {
                at,
                key,
                wrapper,
                target
            }),
    ]
}

/// Mutated documents from a fixed seed that generate a client (with their mutations).
fn sample(count: usize) -> Vec<(Value, Vec<Mutation>)> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = (0usize..3, proptest::collection::vec(mutation(), 1..6));
    let mut out = Vec::new();
    while out.len() < count {
        let (base, mutations) = strategy.new_tree(&mut runner).unwrap().current();
        let mut doc = bases().swap_remove(base);
        for m in &mutations {
            apply(&mut doc, m);
        }
        let text = serde_json::to_string(&doc).unwrap();
        if generate_texts(&[("sample.json".into(), text)], Options::default()).is_ok() {
            out.push((doc, mutations));
        }
    }
    out
}

/// Exit 0 means a client that compiles: a fixed sample of mutated documents, each generated
/// as a crate by the command-line tool and checked by cargo (sharing the standalone tests'
/// target directory, so the dependencies build once).
#[test]
fn a_sample_of_mutated_documents_compiles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let work = root.join("target/standalone-crates/fuzz");
    std::fs::create_dir_all(&work).unwrap();
    for (i, (doc, mutations)) in sample(4).into_iter().enumerate() {
        let spec = work.join(format!("sample{i}.json"));
        std::fs::write(&spec, serde_json::to_string(&doc).unwrap()).unwrap();
        let dir = work.join(format!("sample{i}"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_scope-codegen"))
            .args(["generate", "--spec", spec.to_str().unwrap(), "--crate"])
            .arg(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{mutations:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let check = std::process::Command::new(env!("CARGO"))
            .args(["check", "--quiet"])
            .current_dir(&dir)
            .env("CARGO_TARGET_DIR", root.join("target/standalone"))
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "the client generated after {mutations:?} does not compile:\n{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}

proptest! {
    #[test]
    fn mutated_documents_give_rust_or_a_clear_error(base in 0usize..3, mutations in proptest::collection::vec(mutation(), 1..6)) {
        let mut doc = bases().swap_remove(base);
        for m in &mutations {
            apply(&mut doc, m);
        }
        let name = PathBuf::from("mutated.json");
        let text = serde_json::to_string(&doc).unwrap();
        let result = catch_unwind(AssertUnwindSafe(|| generate_texts(&[(name.clone(), text)], Options::default())));
        match result {
            Err(_) => prop_assert!(false, "panicked on {mutations:?}"),
            Ok(Ok(generated)) => {
                if let Err(e) = syn::parse_file(&generated.code) {
                    prop_assert!(false, "invalid Rust ({e}) for {mutations:?}");
                }
            }
            Ok(Err(error)) => {
                prop_assert_eq!(&error.file, &name);
                prop_assert!(!error.message.is_empty());
            }
        }
    }
}
