//! Property test: mutated documents (fields dropped, `$ref`s broken, odd names and values,
//! types changed) always give Rust that parses, or a clear error naming the document; never a
//! panic. `PROPTEST_CASES` sets the number of cases (256 by default).

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

#[derive(Debug, Clone)]
enum Mutation {
    /// Drop a key of an object.
    Remove { at: usize, key: usize },
    /// Rename a key of an object to an odd name.
    Rename { at: usize, key: usize, name: usize },
    /// Replace a value with an odd one.
    Replace { at: usize, key: usize, value: usize },
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let mut pointers = Vec::new();
    containers(doc, String::new(), &mut pointers);
    let (at, key) = match mutation {
        Mutation::Remove { at, key }
        | Mutation::Rename { at, key, .. }
        | Mutation::Replace { at, key, .. } => (*at, *key),
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
        (Value::Array(items), _) if items.is_empty() => {}
        (Value::Array(items), Mutation::Remove { .. }) => {
            items.remove(key % items.len());
        }
        (Value::Array(items), Mutation::Replace { value, .. }) => {
            let i = key % items.len();
            items[i] = ODD_VALUES[value % ODD_VALUES.len()]();
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
    ]
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
