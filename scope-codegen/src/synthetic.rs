//! Synthetic OpenAPI documents shaped like Atlassian's large product APIs, for tests and
//! benchmarks: real documents of that size are not ours to commit.
//!
//! A document with `n` resources has `4n` operations (list with cursor and filters, create,
//! get, delete), classic and granular scope alternatives in `x-atlassian-oauth2-scopes`, enums
//! whose values are not identifiers (`=`, `!=`, `~`) or collide after case conversion,
//! `allOf`/`oneOf`, nested inline objects, recursive schemas, maps, nullable and deprecated
//! fields, integer formats, array query parameters in both explode styles, and a few
//! operations without operationId. About 110 resources make 2 MB, with about 900 types.

use serde_json::{Value, json};

/// A document with `resources` resources (4 operations each).
pub fn document(resources: usize) -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "Operator".into(),
        json!({"type": "string", "enum": ["=", "!=", "~", "in", "IN", "not in"]}),
    );
    schemas.insert(
        "Node".into(),
        json!({"type": "object", "description": "A recursive tree.", "properties": {
            "name": {"type": "string"},
            "parent": {"$ref": "#/components/schemas/Node"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
        }}),
    );
    schemas.insert(
        "Audit".into(),
        json!({"type": "object", "required": ["created"], "properties": {
            "created": {"type": "string", "format": "date-time", "readOnly": true},
            "updated": {"type": "string", "format": "date-time", "nullable": true},
            "by": {"type": "object", "properties": {"accountId": {"type": "string"}, "displayName": {"type": "string"}}}
        }}),
    );
    for i in 0..resources {
        let name = format!("Resource{i}");
        let plural = format!("resources{i}");
        schemas.insert(name.clone(), resource_schema(i));
        schemas.insert(
            format!("{name}Page"),
            json!({"type": "object", "required": ["values"], "properties": {
                "values": {"type": "array", "items": {"$ref": format!("#/components/schemas/{name}")}},
                "links": {"type": "object", "properties": {"next": {"type": "string", "nullable": true}}},
                "total": {"type": "integer", "format": "int64"}
            }}),
        );
        schemas.insert(
            format!("{name}Input"),
            json!({"allOf": [
                {"$ref": format!("#/components/schemas/{name}")},
                {"type": "object", "required": ["reason"], "properties": {"reason": {"type": "string", "writeOnly": true}}}
            ]}),
        );
        let scopes = |verb: &str| {
            json!([
                {"scheme": "OAuth2", "state": "Current", "scopes": [format!("{verb}:jira-work")]},
                {"scheme": "OAuth2", "state": "Beta", "scopes": [format!("{verb}:resource{i}:jira"), "read:jira-user"]}
            ])
        };
        let id_param = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}});
        let list_id = (i % 17 != 5).then(|| format!("list{name}"));
        let mut list = json!({
            "summary": format!("List resources of kind {i}"),
            "description": format!("Returns a page of kind-{i} resources.\n\n```\nGET /rest/api/3/{plural}?cursor=...\n```\n\nSee [the guide] for filters; `<b>` is not a tag here."),
            "parameters": [
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                {"name": "maxResults", "in": "query", "schema": {"type": "integer", "format": "int32", "default": 50}},
                {"name": "expand", "in": "query", "style": "form", "explode": false, "schema": {"type": "array", "items": {"type": "string", "enum": ["names", "schema", "Names"]}}},
                {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer", "format": "int64"}}},
                {"name": "type", "in": "query", "schema": {"type": "string"}},
                {"name": "operator", "in": "query", "schema": {"$ref": "#/components/schemas/Operator"}}
            ],
            "x-atlassian-oauth2-scopes": scopes("read"),
            "responses": {"200": {"description": "A page.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}Page")}}}}}
        });
        if let Some(id) = list_id {
            list["operationId"] = json!(id);
        }
        paths.insert(
            format!("/rest/api/3/{plural}"),
            json!({
                "get": list,
                "post": {
                    "operationId": format!("create{name}"),
                    "summary": format!("Create a kind-{i} resource"),
                    "x-atlassian-oauth2-scopes": scopes("write"),
                    "requestBody": {"required": true, "content": {
                        "application/json": {"schema": {"$ref": format!("#/components/schemas/{name}Input")}},
                        "application/xml": {"schema": {"type": "string"}}
                    }},
                    "responses": {"201": {"description": "Created.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}}
                }
            }),
        );
        paths.insert(
            format!("/rest/api/3/{plural}/{{id}}"),
            json!({
                "parameters": [id_param],
                "get": {
                    "operationId": format!("get{name}"),
                    "summary": format!("Get a kind-{i} resource"),
                    "deprecated": i % 9 == 0,
                    "x-atlassian-oauth2-scopes": scopes("read"),
                    "responses": {"200": {"description": "The resource.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}}}}
                },
                "delete": {
                    "operationId": format!("delete{name}"),
                    "summary": format!("Delete a kind-{i} resource"),
                    "description": "Deletes it.\n\nOAuth 2.0 scopes required: `delete:jira-work`",
                    "responses": {"204": {"description": "Deleted."}}
                }
            }),
        );
    }
    json!({
        "openapi": "3.0.1",
        "info": {"title": "Synthetic product API", "version": "1.0.0"},
        "servers": [{"url": "https://your-domain.atlassian.net"}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {
            "OAuth2": {"type": "oauth2", "flows": {"authorizationCode": {
                "authorizationUrl": "https://auth.atlassian.com/authorize", "tokenUrl": "https://auth.atlassian.com/oauth/token",
                "scopes": {"read:jira-work": "Read Jira work", "write:jira-work": "Write Jira work"}
            }}}
        }}
    })
}

fn resource_schema(i: usize) -> Value {
    let mut properties = serde_json::Map::new();
    properties.insert("id".into(), json!({"type": "integer", "format": "int64"}));
    properties.insert(
        "key".into(),
        json!({"type": "string", "description": format!("The key of resource kind {i}.")}),
    );
    properties.insert("self".into(), json!({"type": "string", "readOnly": true}));
    properties.insert(
        "type".into(),
        json!({"type": "string", "enum": ["standard", "Standard", "sub-task", "sub_task", ""]}),
    );
    properties.insert(
        "operator".into(),
        json!({"$ref": "#/components/schemas/Operator"}),
    );
    properties.insert(
        "audit".into(),
        json!({"$ref": "#/components/schemas/Audit"}),
    );
    properties.insert("tree".into(), json!({"$ref": "#/components/schemas/Node"}));
    properties.insert(
        "properties".into(),
        json!({"type": "object", "additionalProperties": {"type": "string"}}),
    );
    properties.insert(
        "score".into(),
        json!({"type": "number", "format": "float", "nullable": true}),
    );
    properties.insert(
        "legacyField".into(),
        json!({"type": "boolean", "deprecated": true}),
    );
    properties.insert(
        "value".into(),
        json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "array", "items": {"type": "string"}}]}),
    );
    for f in 0..4 {
        properties.insert(
            format!("nested{f}"),
            json!({"type": "object", "description": format!("Nested object {f} of kind {i}."), "properties": {
                "name": {"type": "string"}, "count": {"type": "integer", "format": "int32"},
                "tags": {"type": "array", "items": {"type": "string"}}
            }}),
        );
    }
    // Real documents carry far more prose and scalar fields than nested types.
    for f in 0..40 {
        let kind = ["string", "integer", "boolean", "number"][f % 4];
        properties.insert(
            format!("attribute{f}"),
            json!({"type": kind, "description": format!(
                "Attribute {f} of resource kind {i}. Shown in the issue view and returned by the search \
                 API; administrators configure it in the project settings, and apps may read it with \
                 the granular scope of the resource."
            )}),
        );
    }
    json!({"type": "object", "required": ["id", "key"], "description": format!("Resource kind {i}."), "properties": properties})
}

#[cfg(test)]
mod tests {
    #[test]
    fn about_two_megabytes_at_110_resources() {
        // Published documents are pretty-printed; so is this measure.
        let size = serde_json::to_vec_pretty(&super::document(110))
            .unwrap()
            .len();
        assert!((1_900_000..2_600_000).contains(&size), "{size} bytes");
    }
}
