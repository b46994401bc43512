//! Compiles the snapshot of the generated widgets client and checks that it behaves as the
//! document says: serde shapes, enums, unions, recursion, and the run-time scope table.

#[allow(dead_code, unused_imports)]
mod widgets {
    include!("expected/widgets.rs");
}

use scope_runtime::Requirement;
use serde_json::json;
use widgets::{operations, scopes, types};

#[test]
fn enums_keep_unknown_values_and_ignore_case() {
    let kind: types::WidgetKind = serde_json::from_value(json!("GEAR")).unwrap();
    assert_eq!(kind, types::WidgetKind::Gear);
    let kind: types::WidgetKind = serde_json::from_value(json!("flange")).unwrap();
    assert_eq!(kind, types::WidgetKind::Unknown("flange".to_owned()));
    assert_eq!(
        serde_json::to_value(types::WidgetKind::NotEq).unwrap(),
        json!("!=")
    );
    assert_eq!(
        serde_json::to_value(types::WidgetKind::Other).unwrap(),
        json!("other")
    );
}

#[test]
fn structs_follow_required_optional_and_nullable() {
    // `Widget` is received: it decodes.
    let widget: types::Widget = serde_json::from_value(json!({
        "id": "w1", "kind": "gear", "note": null, "type": "x", "labels": {"a": "b"},
        "shape": {"side": 2.0}
    }))
    .unwrap();
    assert_eq!(widget.r#type.as_deref(), Some("x"));
    assert_eq!(widget.note, None);
    assert_eq!(
        widget.shape,
        Some(types::Shape::Square(types::Square { side: 2.0 }))
    );
    // Required fields are required.
    assert!(serde_json::from_value::<types::Widget>(json!({"id": "w"})).is_err());
}

#[test]
fn request_bodies_write_nullable_as_null_and_leave_out_unset_options() {
    // `NamedWidget` (an allOf of `Widget` and a name) is sent: it encodes, with the merged
    // properties.
    let named = types::NamedWidget {
        id: "w".into(),
        kind: types::WidgetKind::Sprocket,
        r#type: None,
        note: None,
        size_in_mm: None,
        weight: None,
        tags: None,
        labels: None,
        shape: None,
        name: "Bob".into(),
    };
    let sent = serde_json::to_value(&named).unwrap();
    assert_eq!(
        sent,
        json!({"id": "w", "kind": "sprocket", "note": null, "name": "Bob"})
    );
}

#[test]
fn recursive_schemas_decode() {
    let tree: types::Tree = serde_json::from_value(json!({
        "name": "root", "children": [{"name": "leaf", "parent": {"name": "root"}}]
    }))
    .unwrap();
    let leaf = &tree.children.as_ref().unwrap()[0];
    assert_eq!(leaf.parent.as_ref().unwrap().name.as_deref(), Some("root"));
}

#[test]
fn the_operation_table_carries_every_source() {
    let find = |id: &str| {
        operations::ALL
            .iter()
            .find(|o| o.operation_id == id)
            .unwrap()
    };
    assert_eq!(find("ping").requirement, Requirement::Unscoped);
    assert_eq!(
        find("listWidgets").requirement,
        Requirement::AnyOf(&[&["read:widgets:admin"]])
    );
    assert_eq!(
        find("getWidget").requirement,
        Requirement::AnyOf(&[&["read:widgets:admin"]])
    );
    assert_eq!(
        find("deleteWidget").requirement,
        Requirement::AnyOf(&[&["delete:widgets:admin"]])
    );
    // Alternatives from x-atlassian-oauth2-scopes: classic, or both granular scopes.
    let create = find("createWidget").requirement;
    assert!(create.is_satisfied_by(Some(&["write:jira-widgets"])));
    assert!(create.is_satisfied_by(Some(&["read:widget:jira", "write:widget:jira"])));
    assert!(!create.is_satisfied_by(Some(&["write:widget:jira"])));
    assert_eq!(
        find("getWidget").path,
        "/api/v2/orgs/{orgId}/widgets/{widgetId}"
    );
    assert_eq!(
        widgets::Client::DEFAULT_BASE_URL,
        "https://widgets.example.test"
    );
}

#[test]
fn scope_items_carry_the_tables_text() {
    assert_eq!(scopes::READ_WIDGETS_ADMIN.summary, "Read widgets");
    assert_eq!(scopes::WRITE_GADGETS_ADMIN.name, "write:gadgets:admin");
    let names: Vec<&str> = scopes::ALL.iter().map(|s| s.name).collect();
    assert!(names.contains(&"delete:widgets:admin"), "{names:?}");
}
