//! Hostile requests: every one gets a 2xx or a 4xx in Atlassian's JSON error shape, none
//! breaks the server for the requests after it, and no key mints a key that reaches further
//! than itself. Requests are written by hand over TCP so that nothing a client library
//! normalizes (methods, paths, bodies, lengths) is out of reach.

use cloud_admin::operations;
use cloud_admin_server::{MAX_BODY_BYTES, Server};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// An answer: status, headers (lower-case names) and body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{} answered a body that is not JSON ({e}): {:?}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// The `code` of Atlassian's error envelope, checking its shape.
    fn error_code(&self) -> String {
        let body = self.json();
        let error = &body["errors"][0];
        assert_eq!(
            error["status"],
            self.status.to_string(),
            "error envelope: {body}"
        );
        assert!(error["detail"].is_string(), "error envelope: {body}");
        error["code"].as_str().unwrap().to_owned()
    }
}

/// Sends one HTTP/1.1 request and reads the whole answer.
async fn send(
    server: &Server,
    method: &str,
    target: &str,
    key: Option<&str>,
    body: &[u8],
) -> Answer {
    let addr = server.url().trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\ncontent-length: {}\r\n",
        body.len()
    );
    if let Some(key) = key {
        head.push_str(&format!("authorization: Bearer {key}\r\n"));
    }
    if !body.is_empty() {
        head.push_str("content-type: application/json\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.unwrap();
    // A server may answer (413) before reading all of a large body; then the write fails.
    let _ = stream.write_all(body).await;
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw).await;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no answer to {method} {target}: {raw:?}"));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v == "chunked")
    {
        body = dechunk(&body);
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(std::str::from_utf8(&raw[..end]).unwrap().trim(), 16).unwrap();
        if size == 0 {
            break;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[end + 4 + size..];
    }
    out
}

/// The server still serves a well-formed request with `key`.
async fn still_serves_with(server: &Server, key: &cloud_admin::ApiKey, after: &str) {
    let answer = send(server, "GET", "/admin/v1/orgs", Some(key.expose()), b"").await;
    assert_eq!(
        answer.status, 200,
        "after {after} the server no longer serves"
    );
    assert_eq!(answer.json()["data"][0]["id"], server.org_id());
}

async fn still_serves(server: &Server, after: &str) {
    still_serves_with(server, &server.admin_key(), after).await;
}

#[tokio::test]
async fn reproducers_get_a_json_4xx_and_the_server_keeps_serving() {
    let server = Server::start().await.unwrap();
    let admin = server.admin_key();
    let admin = Some(admin.expose());
    let org = server.org_id().to_owned();

    // Once a panic in the policy handler, which poisoned the state for everyone.
    let answer = send(
        &server,
        "POST",
        &format!("/admin/v1/orgs/{org}/policies"),
        admin,
        br#"{"data": {"type": "policy", "attributes": {"type": "ip-allowlist", "resources": [1]}}}"#,
    )
    .await;
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (400, "ADMIN-400")
    );
    still_serves(&server, "resources: [1]").await;

    // Once an integer overflow in paging (debug builds).
    let answer = send(
        &server,
        "GET",
        &format!("/admin/v1/orgs/{org}/policies?cursor=offset-18446744073709551615"),
        admin,
        b"",
    )
    .await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.json()["data"], json!([]));
    still_serves(&server, "cursor=offset-u64::MAX").await;

    // A wrong method on a path that exists is 405 with Allow, not 404.
    let answer = send(
        &server,
        "PATCH",
        &format!("/admin/v1/orgs/{org}/policies"),
        admin,
        b"",
    )
    .await;
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (405, "ADMIN-405")
    );
    assert_eq!(answer.header("allow"), Some("GET, POST"));

    // Malformed JSON says so.
    let answer = send(
        &server,
        "POST",
        &format!("/admin/v1/orgs/{org}/policies"),
        admin,
        b"{\"data\": ",
    )
    .await;
    assert_eq!(answer.status, 400);
    let detail = answer.json()["errors"][0]["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("not valid JSON"), "{detail}");

    // A large body is 413 in the JSON shape, and only for a caller whose key is good.
    let large = vec![b' '; MAX_BODY_BYTES + 1];
    let path = format!("/admin/v1/orgs/{org}/policies");
    let answer = send(&server, "POST", &path, None, &large).await;
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (401, "ADMIN-401")
    );
    let answer = send(&server, "POST", &path, admin, &large).await;
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (413, "ADMIN-413")
    );
    still_serves(&server, "a large body").await;
}

#[tokio::test]
async fn no_key_mints_a_key_that_reaches_further_than_itself() {
    let server = Server::start().await.unwrap();
    let org = server.org_id().to_owned();
    let minter = server.create_key("minter", &["write:tokens:admin", "read:policies:admin"]);
    let create = |scopes: &[&str]| {
        let mut target = format!(
            "/admin/api-access/v1/orgs/{org}/api-keys?label=k&expiresAt=2099-01-01T00:00:00Z&resource=ari"
        );
        for scope in scopes {
            target.push_str(&format!("&scopes={scope}"));
        }
        target
    };
    // Without scopes a key reaches everything: only a key without scopes may create one.
    let answer = send(&server, "POST", &create(&[]), Some(minter.expose()), b"").await;
    assert_eq!(
        (answer.status, answer.error_code().as_str()),
        (403, "ADMIN-403")
    );
    // A scope the minter does not hold.
    let answer = send(
        &server,
        "POST",
        &create(&["read:policies:admin", "delete:tokens:admin"]),
        Some(minter.expose()),
        b"",
    )
    .await;
    assert_eq!(answer.status, 403);
    assert!(
        answer.json()["errors"][0]["detail"]
            .as_str()
            .unwrap()
            .contains("`delete:tokens:admin`")
    );
    // Some of its own scopes: allowed, and the new key holds exactly those.
    let answer = send(
        &server,
        "POST",
        &create(&["read:policies:admin"]),
        Some(minter.expose()),
        b"",
    )
    .await;
    assert_eq!(answer.status, 200);
    let created = answer.json();
    assert_eq!(created["scopes"], json!(["read:policies:admin"]));
    let token = created["token"].as_str().unwrap();
    let answer = send(
        &server,
        "GET",
        &format!("/admin/api-access/v1/orgs/{org}/api-keys"),
        Some(token),
        b"",
    )
    .await;
    assert_eq!(answer.status, 403, "the new key cannot read keys");
    // A key without scopes still creates any key.
    let admin = server.admin_key();
    let answer = send(&server, "POST", &create(&[]), Some(admin.expose()), b"").await;
    assert_eq!(answer.status, 200);
}

/// A small deterministic generator (xorshift64*), so a failure names a seed that replays it.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Keys the handlers look for, so that random bodies reach past the first check.
const KEYS: &[&str] = &[
    "data",
    "type",
    "attributes",
    "resources",
    "id",
    "name",
    "status",
    "rule",
    "in",
    "levels",
    "levelId",
    "rank",
    "tokenIds",
    "definition",
    "guideline",
    "color",
    "ids",
    "x",
];
const STRINGS: &[&str] = &[
    "",
    "policy",
    "ip-allowlist",
    "data-residency",
    "PUBLISHED",
    "ARCHIVED",
    "DRAFT",
    "level-0004",
    "policy-0004",
    "example-org",
    "\u{0}",
    "é",
    "%",
    "../..",
    "RED",
];
/// Path and query values: odd, huge, encoded, numeric.
const VALUES: &[&str] = &[
    "",
    "x",
    "example-org",
    "policy-0004",
    "level-0004",
    "key-0001",
    "%25",
    "%2F",
    "%ZZ",
    "..",
    "-1",
    "0",
    "18446744073709551616",
    "offset-18446744073709551615",
    "offset--1",
    "offset-99",
    "%C3%A9",
    "%FF%FE",
    "a%00b",
    "PUBLISHED",
    "ACTIVE",
];
const QUERY_KEYS: &[&str] = &[
    "cursor",
    "pageSize",
    "limit",
    "type",
    "status",
    "q",
    "label",
    "expiresAt",
    "resource",
    "scopes",
    "action",
    "sort",
    "levelId",
    "",
];

/// A well-formed body of each operation that takes one: mutated, it gets past the first
/// checks and reaches the code that uses the values.
fn seeds(operation_id: &str) -> Vec<Value> {
    match operation_id {
        "createPolicy" | "updatePolicy" => vec![
            json!({"data": {"type": "policy", "attributes": {"type": "ip-allowlist", "name": "n",
                "status": "enabled", "resources": [{"id": "r1"}], "rule": {"in": ["10.0.0.0/8"]}}}}),
            json!({"data": {"type": "policy", "attributes": {"type": "data-residency", "resources": []}}}),
        ],
        "addResourceToPolicy" => vec![json!({"id": "resource-1", "type": "jira"})],
        "createClassificationLevel" | "editClassificationLevel" => {
            vec![json!({"name": "Level", "definition": "d", "guideline": "g", "color": "RED"})]
        }
        "publishClassificationLevels" => vec![json!({"levelIds": ["level-0004", "level-0005"]})],
        "archiveClassificationLevel" | "restoreClassificationLevel" => {
            vec![json!({"levelId": "level-0004"})]
        }
        "reorderClassificationLevels" => vec![json!({"levels": [
            {"levelId": "level-0004", "rank": 1}, {"levelId": "level-0005", "rank": 2}
        ]})],
        "bulkRevokeApiTokens" => vec![json!({"tokenIds": ["token-0009"]})],
        _ => vec![json!({})],
    }
}

/// Replaces one node of `value`, chosen uniformly (the root included), with random JSON.
fn mutate(rng: &mut Rng, value: &mut Value) {
    fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    pointers(v, format!("{at}/{k}"), out);
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    pointers(v, format!("{at}/{i}"), out);
                }
            }
            _ => {}
        }
        out.push(at);
    }
    let mut all = Vec::new();
    pointers(value, String::new(), &mut all);
    let at = &all[rng.below(all.len())];
    let replacement = random_json(rng, 2);
    if let Some(node) = value.pointer_mut(at) {
        *node = replacement;
    }
}

fn random_json(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 5 } else { 8 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.next() as i64 >> rng.below(64)),
        3 => json!(rng.pick(STRINGS)),
        4 => json!(rng.next() as f64 / 7.0),
        5 | 6 => {
            let mut map = serde_json::Map::new();
            for _ in 0..rng.below(5) {
                map.insert(rng.pick(KEYS).to_owned(), random_json(rng, depth - 1));
            }
            Value::Object(map)
        }
        _ => Value::Array(
            (0..rng.below(4))
                .map(|_| random_json(rng, depth - 1))
                .collect(),
        ),
    }
}

#[tokio::test]
async fn every_operation_survives_arbitrary_bodies_paths_and_queries() {
    let server = Server::start().await.unwrap();
    // A key of its own without scopes: the fuzzer may well revoke the admin key (`key-0001`).
    let admin = server.create_key("fuzz", &[]);
    // `FUZZ_SEED` replays or explores another sequence.
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5EED_1234_ABCD_0001_u64);
    let mut rng = Rng(seed | 1);
    for op in operations::ALL {
        for _ in 0..150 {
            let path: String = op
                .path
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') && rng.below(3) > 0 {
                        rng.pick(VALUES).to_owned()
                    } else if segment.starts_with('{') {
                        // Mostly the real organization, so handlers get past the org check.
                        server.org_id().to_owned()
                    } else {
                        segment.to_owned()
                    }
                })
                .collect::<Vec<_>>()
                .join("/");
            let query: Vec<String> = (0..rng.below(4))
                .map(|_| format!("{}={}", rng.pick(QUERY_KEYS), rng.pick(VALUES)))
                .collect();
            let target = if query.is_empty() {
                path
            } else {
                format!("{path}?{}", query.join("&"))
            };
            let body = match rng.below(6) {
                0 => Vec::new(),
                1 => b"{\"data\": [".to_vec(),
                2 => random_json(&mut rng, 4).to_string().into_bytes(),
                _ => {
                    let seeds = seeds(op.operation_id);
                    let mut body = seeds[rng.below(seeds.len())].clone();
                    for _ in 0..=rng.below(2) {
                        mutate(&mut rng, &mut body);
                    }
                    body.to_string().into_bytes()
                }
            };
            let answer = send(&server, op.method, &target, Some(admin.expose()), &body).await;
            let what = format!(
                "{} {} {target} with {:?}",
                op.operation_id,
                op.method,
                String::from_utf8_lossy(&body)
            );
            assert!(
                (200..300).contains(&answer.status) || (400..500).contains(&answer.status),
                "{what} got {}",
                answer.status
            );
            if answer.status >= 400 {
                answer.error_code();
            } else if !answer.body.is_empty() {
                answer.json();
            }
        }
        still_serves_with(&server, &admin, op.operation_id).await;
    }
}
