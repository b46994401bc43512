//! Synthetic OpenAPI documents shaped like Atlassian's large product APIs, for tests and
//! benchmarks: real documents of that size are not ours to commit.
//!
//! A document with `n` resources has `4n` operations (list with cursor and filters, create,
//! get, delete), classic and granular scope alternatives in `x-atlassian-oauth2-scopes`, enums
//! whose values are not identifiers (`=`, `!=`, `~`) or collide after case conversion,
//! `allOf`/`oneOf`, nested inline objects, recursive schemas (directly, and through the
//! `allOf: [{$ref}]` wrappers OpenAPI 3.0 uses to describe a reference), maps, nullable and deprecated
//! fields, integer formats, array query parameters in both explode styles, and a few
//! operations without operationId.
//!
//! Its proportions follow Atlassian's published Organizations document, measured: about 11
//! schema properties per operation and about 550 bytes of pretty-printed JSON per property,
//! the rest being prose, parameters, tags and the shared error responses every operation
//! lists. About 110 resources make 2 MB (440 operations, about 5,000 properties).

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
            "parent": {"description": "The parent node; absent at the root.", "nullable": true, "allOf": [{"$ref": "#/components/schemas/Node"}]},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
        }}),
    );
    // Jira's notification schemes: a schema that describes a reference to itself through an
    // `allOf` wrapper (`templateEvent`), and two schemas that hold each other the same way.
    schemas.insert(
        "NotificationEvent".into(),
        json!({"type": "object", "description": "Details about a notification event.", "properties": {
            "id": {"type": "integer", "format": "int64"},
            "name": {"type": "string"},
            "templateEvent": {"description": "The template of the event. Only custom events can have a template.", "allOf": [{"$ref": "#/components/schemas/NotificationEvent"}]},
            "rule": {"description": "The rule that sends this event.", "allOf": [{"$ref": "#/components/schemas/NotificationRule"}]}
        }}),
    );
    schemas.insert(
        "NotificationRule".into(),
        json!({"type": "object", "properties": {
            "recipients": {"type": "array", "items": {"type": "string"}},
            "event": {"description": "The event the rule belongs to.", "allOf": [{"$ref": "#/components/schemas/NotificationEvent"}]}
        }}),
    );
    schemas.insert(
        "ErrorCollection".into(),
        json!({"type": "object", "description": "Error messages from an operation.", "properties": {
            "errorMessages": {"type": "array", "description": "The list of error messages produced by this operation.", "items": {"type": "string"}},
            "errors": {"type": "object", "description": "The list of errors by parameter returned by the operation.", "additionalProperties": {"type": "string"}},
            "status": {"type": "integer", "format": "int32"}
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
                {"scheme": "OAuth2", "state": "Beta", "scopes": [format!("{verb}:resource{i}:jira"), "read:user:jira"]}
            ])
        };
        let id_param = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "format": "int64"}});
        let list_id = (i % 17 != 5).then(|| format!("list{name}"));
        let mut list = json!({
            "summary": format!("List resources of kind {i}"),
            "description": format!("Returns a page of kind-{i} resources.\n\n```\nGET /rest/api/3/{plural}?cursor=...\n```\n\nSee [the guide] for filters; `<b>` is not a tag here."),
            "parameters": [
                {"name": "cursor", "in": "query", "description": "The cursor of the page to return, from the `next` link of the previous page. Leave it out for the first page.", "schema": {"type": "string"}},
                {"name": "maxResults", "in": "query", "description": "The maximum number of items to return per page. The service may return fewer; it never returns more than 100.", "schema": {"type": "integer", "format": "int32", "default": 50}},
                {"name": "expand", "in": "query", "description": "Use [expand](#expansion) to include additional information in the response. This parameter accepts a comma-separated list.", "style": "form", "explode": false, "schema": {"type": "array", "items": {"type": "string", "enum": ["names", "schema", "Names"]}}},
                {"name": "ids", "in": "query", "description": "The IDs of the resources to return. To include several IDs, repeat the parameter: `ids=10000&ids=10001`.", "schema": {"type": "array", "items": {"type": "integer", "format": "int64"}}},
                {"name": "type", "in": "query", "description": "Return only resources of this type. Types are case-insensitive.", "schema": {"type": "string"}},
                {"name": "operator", "in": "query", "description": "How the filter compares values.", "schema": {"$ref": "#/components/schemas/Operator"}}
            ],
            "x-atlassian-oauth2-scopes": scopes("read"),
            "tags": [format!("Kind {i}")],
            "responses": with_success(error_responses(&["400"]), "200", json!({"description": "Returned if the request is successful.", "content": {"application/json": {
                "schema": {"$ref": format!("#/components/schemas/{name}Page")},
                "example": example_page(i)
            }}}))
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
                    "description": operation_prose("Creates", i),
                    "x-atlassian-oauth2-scopes": scopes("write"),
                    "tags": [format!("Kind {i}")],
                    "requestBody": {"required": true, "content": {
                        "application/json": {"schema": {"$ref": format!("#/components/schemas/{name}Input")}},
                        "application/xml": {"schema": {"type": "string"}}
                    }},
                    "responses": with_success(error_responses(&["400"]), "201", json!({"description": "Returned if the resource is created.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}, "example": example_resource(i)}}}))
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
                    "description": operation_prose("Returns", i),
                    "x-atlassian-oauth2-scopes": scopes("read"),
                    "tags": [format!("Kind {i}")],
                    "responses": with_success(error_responses(&["404"]), "200", json!({"description": "Returned if the request is successful.", "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}, "example": example_resource(i)}}}))
                },
                "delete": {
                    "operationId": format!("delete{name}"),
                    "summary": format!("Delete a kind-{i} resource"),
                    "description": format!("{}\n\nOAuth 2.0 scopes required: `delete:jira-work`", operation_prose("Deletes", i)),
                    "tags": [format!("Kind {i}")],
                    "responses": with_success(error_responses(&["404"]), "204", json!({"description": "Returned if the resource is deleted."}))
                }
            }),
        );
    }
    json!({
        "openapi": "3.0.1",
        "info": {"title": "Synthetic product API", "version": "1.0.0"},
        "servers": [{"url": "https://your-domain.atlassian.net"}],
        "paths": paths,
        "components": {"schemas": schemas, "responses": shared_responses(), "securitySchemes": {
            "OAuth2": {"type": "oauth2", "flows": {"authorizationCode": {
                "authorizationUrl": "https://auth.atlassian.com/authorize", "tokenUrl": "https://auth.atlassian.com/oauth/token",
                "scopes": {"read:jira-work": "Read Jira work", "write:jira-work": "Write Jira work"}
            }}}
        }}
    })
}

/// The error statuses every operation lists, plus `extra`, as references to shared responses.
fn error_responses(extra: &[&str]) -> serde_json::Map<String, Value> {
    let mut responses = serde_json::Map::new();
    for status in ["401", "403"].iter().chain(extra).chain(&["429"]) {
        responses.insert(
            (*status).into(),
            json!({"$ref": format!("#/components/responses/Error{status}")}),
        );
    }
    responses
}

fn with_success(
    mut responses: serde_json::Map<String, Value>,
    status: &str,
    success: Value,
) -> Value {
    responses.insert(status.into(), success);
    Value::Object(responses)
}

fn shared_responses() -> Value {
    let mut responses = serde_json::Map::new();
    for (status, text) in [
        (
            "400",
            "Returned if the request is invalid: a parameter is malformed or a filter names an unknown field.",
        ),
        (
            "401",
            "Returned if the authentication credentials are incorrect or missing.",
        ),
        (
            "403",
            "Returned if the user does not have the necessary permission.",
        ),
        (
            "404",
            "Returned if the resource is not found or the user does not have permission to view it.",
        ),
        (
            "429",
            "Returned if the rate limit is exceeded; retry after the number of seconds in `Retry-After`.",
        ),
    ] {
        responses.insert(
            format!("Error{status}"),
            json!({"description": text, "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorCollection"}
            }}}),
        );
    }
    Value::Object(responses)
}

/// Operation prose in the manner of Atlassian's pages: what it does, permissions, and limits.
fn operation_prose(verb: &str, i: usize) -> String {
    format!(
        "{verb} a resource of kind {i}.\n\nThis operation can be accessed anonymously when the \
         site allows it; otherwise the caller must be signed in.\n\n**[Permissions](#permissions) \
         required:** *Browse projects* [project permission](https://confluence.atlassian.com/x/yodKLg) \
         for the project that holds the resource, and, where the resource has a security level, \
         permission to view that level. Apps acting for a user see only what that user may see; \
         Connect apps need the `READ` scope and Forge apps the granular scope listed below.\n\n\
         Results are consistent within a page; resources of kind {i} created or deleted while \
         paging may appear twice or not at all. Fields the caller may not see are left out \
         rather than returned empty."
    )
}

/// A resource example, with the prose-like values real examples carry.
fn example_resource(i: usize) -> String {
    format!(
        "{{\"id\":10000,\"key\":\"KIND{i}-1\",\"self\":\"https://your-domain.atlassian.net/rest/api/3/resources{i}/10000\",\
         \"type\":\"standard\",\"operator\":\"!=\",\"audit\":{{\"created\":\"2025-01-01T00:00:00Z\",\"by\":{{\"accountId\":\"5b10a2844c20165700ede21g\",\"displayName\":\"Mia Krystof\"}}}},\
         \"properties\":{{\"team\":\"platform\",\"tier\":\"gold\"}},\"score\":0.75,\"value\":[\"a\",\"b\"],\
         \"nested0\":{{\"name\":\"first\",\"count\":3,\"tags\":[\"x\",\"y\"]}},\"nested1\":{{\"name\":\"second\",\"count\":0,\"tags\":[]}},\
         \"attribute0\":\"Shown in the issue view\",\"attribute1\":42,\"attribute2\":true,\"attribute3\":1.5}}"
    )
}

/// A response example: Atlassian's documents carry one for most successful responses.
fn example_page(i: usize) -> String {
    format!(
        "{{\"values\":[{{\"id\":10000,\"key\":\"KIND{i}-1\",\"self\":\"https://your-domain.atlassian.net/rest/api/3/resources{i}/10000\",\"type\":\"standard\",\"audit\":{{\"created\":\"2025-01-01T00:00:00Z\"}}}},\
         {{\"id\":10001,\"key\":\"KIND{i}-2\",\"self\":\"https://your-domain.atlassian.net/rest/api/3/resources{i}/10001\",\"type\":\"sub-task\",\"audit\":{{\"created\":\"2025-01-02T00:00:00Z\"}}}}],\
         \"links\":{{\"next\":\"https://your-domain.atlassian.net/rest/api/3/resources{i}?cursor=eyJpZCI6MTAwMDF9\"}},\"total\":2}}"
    )
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
        "event".into(),
        json!({"description": format!("The event sent when a kind-{i} resource changes."), "allOf": [{"$ref": "#/components/schemas/NotificationEvent"}]}),
    );
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
    for f in 0..12 {
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
