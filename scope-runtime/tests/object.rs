//! The serde impls generated types get from `impl_object!` and `impl_union!`: what they accept,
//! what they write, and the errors they give.

use std::collections::BTreeMap;

use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub account_id: String,
}
scope_runtime::impl_object!(Serialize, Deserialize for Owner {
    account_id: "accountId" required,
});

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub id: String,
    pub r#type: Option<String>,
    pub owner: Option<Owner>,
    pub note: Option<String>,
    pub tags: Option<Vec<String>>,
    #[deprecated = "the document marks this field deprecated"]
    pub legacy: Option<bool>,
    pub parent: Option<Box<Policy>>,
}
scope_runtime::impl_object!(Serialize, Deserialize for Policy {
    id: "id" required,
    r#type: "type",
    owner: "owner",
    note: "note" nullable,
    tags: "tags",
    legacy: "legacy",
    parent: "parent",
});

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Open {
    pub name: Option<String>,
    pub additional_properties: BTreeMap<String, i64>,
}
scope_runtime::impl_object!(Serialize, Deserialize for Open {
    name: "name",
    ..additional_properties
});

#[derive(Debug, Clone, PartialEq)]
pub struct Empty {}
scope_runtime::impl_object!(Serialize, Deserialize for Empty {});

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseOnly {
    pub id: i64,
}
scope_runtime::impl_object!(Deserialize for ResponseOnly {
    id: "id" required,
});

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Number(i64),
    Text(String),
    Owner(Owner),
}
scope_runtime::impl_union!(Serialize, Deserialize for Value { Number, Text, Owner });

#[test]
#[allow(deprecated)]
fn decodes_json_names_nested_and_recursive_objects() {
    let policy: Policy = serde_json::from_value(json!({
        "id": "p1",
        "type": "standard",
        "owner": {"accountId": "a1"},
        "tags": ["x", "y"],
        "legacy": true,
        "parent": {"id": "p0", "note": "root"},
        "unknown": {"deep": [1, 2, {"x": null}]}
    }))
    .unwrap();
    assert_eq!(policy.id, "p1");
    assert_eq!(policy.r#type.as_deref(), Some("standard"));
    assert_eq!(policy.owner.unwrap().account_id, "a1");
    assert_eq!(policy.tags.unwrap(), ["x", "y"]);
    assert_eq!(policy.legacy, Some(true));
    assert_eq!(policy.note, None, "an absent nullable field is None");
    let parent = policy.parent.unwrap();
    assert_eq!(
        (parent.id.as_str(), parent.note.as_deref()),
        ("p0", Some("root"))
    );
}

#[test]
fn null_and_absent_optional_fields_are_none_and_are_not_written() {
    let policy: Policy = serde_json::from_str(r#"{"id":"p1","type":null,"note":null}"#).unwrap();
    assert_eq!((policy.r#type.as_ref(), policy.note.as_ref()), (None, None));
    // Optional fields left out; a nullable field is written as null.
    assert_eq!(
        serde_json::to_value(&policy).unwrap(),
        json!({"id": "p1", "note": null})
    );
}

#[test]
#[allow(deprecated)]
fn round_trips() {
    let policy = Policy {
        id: "p\"1".into(),
        r#type: Some("t".into()),
        owner: Some(Owner {
            account_id: "a".into(),
        }),
        note: Some("n".into()),
        tags: Some(vec![]),
        legacy: Some(false),
        parent: None,
    };
    let text = serde_json::to_string(&policy).unwrap();
    assert_eq!(
        text,
        r#"{"id":"p\"1","type":"t","owner":{"accountId":"a"},"note":"n","tags":[],"legacy":false}"#
    );
    assert_eq!(serde_json::from_str::<Policy>(&text).unwrap(), policy);
}

#[test]
fn a_missing_required_field_is_named() {
    let error = serde_json::from_str::<Policy>(r#"{"type":"t"}"#).unwrap_err();
    assert!(error.to_string().contains("missing field `id`"), "{error}");
}

#[test]
fn a_wrong_type_is_reported_with_its_path() {
    let text = r#"{"id":"p1","parent":{"id":"p0","owner":{"accountId":7}}}"#;
    let error = serde_path_to_error::deserialize::<_, Policy>(
        &mut serde_json::Deserializer::from_str(text),
    )
    .unwrap_err();
    assert_eq!(error.path().to_string(), "parent.owner.accountId");
    assert!(
        error
            .inner()
            .to_string()
            .contains("invalid type: integer `7`"),
        "{error}"
    );
}

#[test]
fn not_an_object_is_an_error_naming_the_type() {
    let error = serde_json::from_str::<Owner>("[1]").unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("invalid type: sequence, expected an object (Owner)"),
        "{error}"
    );
}

#[test]
fn keys_with_escapes_are_matched() {
    // serde_json hands over an escaped key as an owned string, not a borrowed one.
    let owner: Owner = serde_json::from_str(r#"{"account\u0049d":"a1"}"#).unwrap();
    assert_eq!(owner.account_id, "a1");
    // And from a `Value`, every key is owned.
    let owner: Owner = serde_json::from_value(json!({"accountId": "a2"})).unwrap();
    assert_eq!(owner.account_id, "a2");
}

#[test]
fn additional_properties_are_kept_and_written_back() {
    let open: Open = serde_json::from_str(r#"{"name":"n","b":2,"a":1}"#).unwrap();
    assert_eq!(open.name.as_deref(), Some("n"));
    assert_eq!(
        open.additional_properties,
        BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)])
    );
    assert_eq!(
        serde_json::to_string(&open).unwrap(),
        r#"{"name":"n","a":1,"b":2}"#
    );
    let error = serde_json::from_str::<Open>(r#"{"c":"not a number"}"#).unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[test]
fn empty_objects() {
    assert_eq!(
        serde_json::from_str::<Empty>(r#"{"x":1}"#).unwrap(),
        Empty {}
    );
    assert_eq!(serde_json::to_string(&Empty {}).unwrap(), "{}");
}

#[test]
fn a_key_given_twice_keeps_the_last_value() {
    let owner: Owner = serde_json::from_str(r#"{"accountId":"a","accountId":"b"}"#).unwrap();
    assert_eq!(owner.account_id, "b");
}

#[test]
fn a_response_only_type_decodes() {
    let r: ResponseOnly = serde_json::from_str(r#"{"id":5}"#).unwrap();
    assert_eq!(r, ResponseOnly { id: 5 });
}

#[test]
fn unions_decode_as_the_first_variant_that_fits_and_write_the_value_itself() {
    assert_eq!(
        serde_json::from_str::<Value>("3").unwrap(),
        Value::Number(3)
    );
    assert_eq!(
        serde_json::from_str::<Value>(r#""3""#).unwrap(),
        Value::Text("3".into())
    );
    assert_eq!(
        serde_json::from_str::<Value>(r#"{"accountId":"a"}"#).unwrap(),
        Value::Owner(Owner {
            account_id: "a".into()
        })
    );
    let error = serde_json::from_str::<Value>("[true]").unwrap_err();
    assert!(
        error.to_string().contains("fits no variant of Value"),
        "{error}"
    );
    assert_eq!(
        serde_json::to_string(&Value::Text("x".into())).unwrap(),
        r#""x""#
    );
    assert_eq!(
        serde_json::to_value(Value::Owner(Owner {
            account_id: "a".into()
        }))
        .unwrap(),
        json!({"accountId": "a"})
    );
}
