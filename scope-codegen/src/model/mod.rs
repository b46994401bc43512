//! Stage 3: the model of the client to generate — documents, operations, types and scopes —
//! built from the loaded documents and the scope table, with every scope requirement resolved.

mod known;
pub mod names;
pub mod types;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use openapiv3::{
    Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, RequestBody, Response, StatusCode,
};

use crate::error::{Diagnostics, Error, ErrorKind, closest, pointer_token};
use crate::load::{Document, ScopeTable};
use crate::resolve::{self, Prefer, Requirement, Resolution, Source};
use names::UsedNames;
use types::{SchemaRef, Ty, TypeBuilder, Types};

/// Operation renames from the configuration (JSON pointer or operationId → operationId),
/// remembering which matched so that a stale one can be reported.
#[derive(Debug, Default)]
pub struct Renames {
    map: std::collections::BTreeMap<String, String>,
    used: std::cell::RefCell<BTreeSet<String>>,
}

impl Renames {
    /// Renames by JSON pointer of the operation or by its operationId.
    pub fn new(map: std::collections::BTreeMap<String, String>) -> Self {
        Renames {
            map,
            used: Default::default(),
        }
    }

    /// The new operationId for the operation at `pointer` with `id`, if one is configured
    /// (by pointer first).
    fn find(&self, pointer: &str, id: Option<&str>) -> Option<String> {
        let key = [Some(pointer), id]
            .into_iter()
            .flatten()
            .find(|k| self.map.contains_key(*k))?;
        self.used.borrow_mut().insert(key.to_owned());
        self.map.get(key).cloned()
    }

    /// The configured keys that matched no operation.
    pub fn unused(&self) -> Vec<&str> {
        let used = self.used.borrow();
        self.map
            .keys()
            .filter(|k| !used.contains(*k))
            .map(String::as_str)
            .collect()
    }
}

/// Which operations to generate: those an operationId, a tag or a path prefix names (any of
/// them), each with every type it reaches and nothing else; every operation when all three
/// are empty. A product-size document (Jira's is some 470 operations, 55k lines of Rust)
/// then compiles only what a tool calls.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Select {
    /// operationIds (after renames).
    pub operations: Vec<String>,
    /// Tags, as the document writes them (`Issue search`).
    pub tags: Vec<String>,
    /// Path prefixes, whole segments (`/rest/api/3/issue` selects `/rest/api/3/issue/{id}`,
    /// not `/rest/api/3/issueLink`).
    pub paths: Vec<String>,
}

impl Select {
    /// Whether every operation is generated.
    pub fn is_all(&self) -> bool {
        self.operations.is_empty() && self.tags.is_empty() && self.paths.is_empty()
    }

    /// Which selectors `(id, tags, path)` matches: indexes into operations, tags and paths.
    fn matches(&self, id: &str, tags: &[String], path: &str) -> Vec<(usize, usize)> {
        let under = |prefix: &str| {
            let prefix = prefix.trim_end_matches('/');
            path == prefix || path.starts_with(&format!("{prefix}/"))
        };
        let mut hits = Vec::new();
        hits.extend(self.operations.iter().position(|o| o == id).map(|i| (0, i)));
        hits.extend(
            self.tags
                .iter()
                .enumerate()
                .filter(|(_, t)| tags.contains(t))
                .map(|(i, _)| (1, i)),
        );
        hits.extend(
            self.paths
                .iter()
                .enumerate()
                .filter(|(_, p)| under(p))
                .map(|(i, _)| (2, i)),
        );
        hits
    }
}

/// How to build the model.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Which scope source wins a disagreement.
    pub prefer: Prefer,
    /// Whether `prefer` was chosen deliberately; a deliberate choice turns disagreement
    /// warnings into notes, since the user has already decided.
    pub prefer_explicit: bool,
    /// Whether a scope table row that names an operation no document defines is an error.
    /// By default it is a note and the row is left out: a table covers a whole API family
    /// (Cloud Admin's names the Organizations, Data Loss Prevention and API-access APIs), and
    /// a client is often built from one of its documents.
    pub strict_table: bool,
}

/// Everything the emitter needs.
#[derive(Debug)]
pub struct Api {
    /// The input documents.
    pub documents: Vec<DocInfo>,
    /// Every operation of every document, in document order.
    pub operations: Vec<Operation>,
    /// The types the operations reach.
    pub types: Types,
    /// The scopes: the table's, in its order, then those only documents name.
    pub scopes: Vec<ScopeDef>,
    /// The origin requests go to by default, e.g. `https://api.atlassian.com`.
    pub default_base_url: String,
    /// Where the scope table came from, if there was one.
    pub table_source: Option<String>,
    /// The rule that settled disagreements.
    pub prefer: Prefer,
}

/// One input document.
#[derive(Debug)]
pub struct DocInfo {
    /// Its path.
    pub file: PathBuf,
    /// `info.title`.
    pub title: String,
    /// The path part of its server URL, prefixed to its operations' paths.
    pub base_path: String,
}

/// One operation.
#[derive(Debug)]
pub struct Operation {
    /// The operationId (derived from method and path when the document has none).
    pub id: String,
    /// The Rust method name.
    pub fn_name: String,
    /// The Rust name of its `OperationInfo` constant.
    pub const_name: String,
    /// The Rust name of its optional-parameters struct, if it has optional parameters.
    pub params_name: Option<String>,
    /// Upper-case HTTP method.
    pub method: String,
    /// The full path template, including the document's base path.
    pub path: String,
    /// Index into [`Api::documents`].
    pub doc: usize,
    /// Its JSON pointer.
    pub pointer: String,
    /// `summary`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated`.
    pub deprecated: bool,
    /// Path parameters in template order.
    pub path_params: Vec<Param>,
    /// Query parameters in declaration order.
    pub query: Vec<Param>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// The success response's JSON type; `None` when it has no body.
    pub response: Option<Ty>,
    /// The resolved scope requirement.
    pub scopes: Resolution,
    /// The scope table's names for this operation.
    pub table_names: Vec<String>,
    /// For a requirement with several alternatives: the trait that proves one of them.
    pub alternatives_trait: Option<String>,
}

impl Operation {
    /// The query parameters that go into the optional-parameters struct.
    pub fn optional_query(&self) -> impl Iterator<Item = &Param> {
        self.query.iter().filter(|p| !p.required)
    }

    /// The query parameters that are positional arguments.
    pub fn required_query(&self) -> impl Iterator<Item = &Param> {
        self.query.iter().filter(|p| p.required)
    }
}

/// A path or query parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Its name in the document.
    pub name: String,
    /// Its Rust name.
    pub rust_name: String,
    /// Its type.
    pub ty: Ty,
    /// Whether it must be given.
    pub required: bool,
    /// How it is written in the query string.
    pub style: ParamStyle,
    /// An object (a struct or a map), written as `style` says rather than as one value.
    pub object: bool,
    /// The schema's `default`, as JSON text: what the server assumes when it is not sent.
    pub default: Option<String>,
    /// Its description.
    pub doc: Option<String>,
    /// Sent as a header rather than in the query string.
    pub header: bool,
}

/// How a query parameter is written: OpenAPI's `style` and `explode` together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// Arrays as `name=a&name=b`; objects as one parameter per property (`form`, exploded).
    Exploded,
    /// Arrays as `name=a,b` and objects as `name=k,v,…`, with this delimiter (`form`,
    /// `spaceDelimited` or `pipeDelimited` without explode).
    Delimited(char),
    /// Objects as `name[key]=value` (`deepObject`).
    DeepObject,
}

/// A JSON request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Its type.
    pub ty: Ty,
    /// Whether it must be given.
    pub required: bool,
    /// Sent as `multipart/form-data` (its type is then a struct, one part per field) rather
    /// than as JSON.
    pub multipart: bool,
}

/// A scope, with what we know about it.
#[derive(Debug, Clone)]
pub struct ScopeDef {
    /// The scope string.
    pub name: String,
    /// The Rust constant's name.
    pub const_name: String,
    /// The name of the trait that proves the scope is granted.
    pub trait_name: String,
    /// The table's summary (empty if the table lacks the scope).
    pub summary: String,
    /// The table's description.
    pub description: String,
    /// Whether the scope table lists it.
    pub in_table: bool,
    /// The operations whose requirement names it.
    pub used_by: Vec<String>,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Builds the model of `docs` with the scope table, as `inputs` say (their options and
/// selection). `config` is the file the renames and the selection come from, for messages.
pub fn build(
    docs: &[Document],
    table: Option<&ScopeTable>,
    inputs: &crate::Inputs,
    renames: &Renames,
    config: &Path,
    diags: &mut Diagnostics,
) -> Result<Api, Error> {
    let (options, select) = (inputs.options, &inputs.select);
    let mut builder = TypeBuilder::new(docs);
    // Operations left out by `select`, (operationId, summary): the scope table's rows for
    // them are not reported missing.
    let mut unselected: Vec<(String, Option<String>)> = Vec::new();
    let mut selector_used: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut operations = Vec::new();
    let mut documents = Vec::new();
    let mut fn_names = UsedNames::default();
    let mut const_names = UsedNames::default();
    let mut params_names = UsedNames::default();
    let mut seen_ids: HashMap<String, (usize, String)> = HashMap::new();
    let mut default_base_url = None;

    for (d, doc) in docs.iter().enumerate() {
        let (origin, base_path) = split_server(doc.api.servers.first());
        if default_base_url.is_none() {
            default_base_url = origin;
        }
        documents.push(DocInfo {
            file: doc.path.clone(),
            title: doc.api.info.title.clone(),
            base_path: base_path.clone(),
        });
        let scope_bearing = resolve::scope_bearing_schemes(&doc.api);
        for (path, item) in doc.api.paths.iter() {
            let item_pointer = format!("/paths/{}", pointer_token(path));
            let ReferenceOr::Item(item) = item else {
                diags.warn(
                    &doc.path,
                    &item_pointer,
                    "path items given as `$ref` are not supported; skipped",
                );
                continue;
            };
            for (method, op) in METHODS
                .iter()
                .filter_map(|m| path_op(item, m).map(|op| (*m, op)))
            {
                let pointer = format!("{item_pointer}/{method}");
                let id = operation_id(doc, method, path, &pointer, op, renames, diags);
                if let Some((other_doc, other_pointer)) = seen_ids.get(&id) {
                    return Err(Error::new(
                        ErrorKind::Collision,
                        &doc.path,
                        &pointer,
                        format!(
                            "operationId `{id}` is already used by {} {other_pointer}; operationIds must be unique",
                            docs[*other_doc].path.display()
                        ),
                    ));
                }
                seen_ids.insert(id.clone(), (d, pointer.clone()));
                if !select.is_all() {
                    let hits = select.matches(&id, &op.tags, path);
                    if hits.is_empty() {
                        unselected.push((id, op.summary.clone()));
                        continue;
                    }
                    selector_used.extend(hits);
                }
                let (fn_name, renamed) = fn_names.claim(&names::snake(&id));
                if renamed {
                    diags.warn(&doc.path, &pointer, format!("operationId `{id}` has the same Rust name as another operation; generated as `{fn_name}`"));
                }
                let const_name = const_names.claim(&names::shouty(&id)).0;
                let upper = names::upper_camel(&id);
                let mut operation = Operation {
                    id: id.clone(),
                    fn_name,
                    const_name,
                    params_name: None,
                    method: method.to_ascii_uppercase(),
                    path: format!("{base_path}{path}"),
                    doc: d,
                    pointer: pointer.clone(),
                    summary: op.summary.clone(),
                    description: op.description.clone(),
                    deprecated: op.deprecated,
                    path_params: Vec::new(),
                    query: Vec::new(),
                    body: None,
                    response: None,
                    scopes: resolve::resolve(Vec::new(), options.prefer),
                    table_names: Vec::new(),
                    alternatives_trait: None,
                };
                let source = OpSource {
                    d,
                    doc,
                    path,
                    item_params: &item.parameters,
                    op,
                    upper: &upper,
                    pointer: &pointer,
                };
                collect_params(&mut builder, &source, &mut operation, diags)?;
                if operation.optional_query().next().is_some() {
                    operation.params_name = Some(params_names.claim(&upper).0);
                }
                operation.body = request_body(&mut builder, &source, diags)?;
                operation.response = success_response(&mut builder, &source, diags)?;
                let stated = stated_scopes(&source, &scope_bearing, diags)?;
                operation.scopes = resolve::resolve(stated, options.prefer);
                operations.push(operation);
            }
        }
    }

    report_unused_selectors(select, &selector_used, config, diags);
    if let Some(table) = table {
        apply_table(table, &mut operations, &unselected, options, diags)?;
    }
    report_conflicts(&operations, docs, options, diags);
    let scopes = scope_defs(table, &operations, docs, diags);
    let mut alternative_traits = UsedNames::default();
    for def in &scopes {
        alternative_traits.reserve(&def.trait_name);
    }
    alternative_traits.reserve("Unscoped");
    for op in &mut operations {
        if matches!(&op.scopes.requirement, Requirement::AnyOf(alts) if alts.len() > 1) {
            op.alternatives_trait = Some(alternative_traits.claim(&names::upper_camel(&op.id)).0);
        }
    }
    let (mut types, type_diags) = builder.finish();
    for op in &operations {
        match &op.body {
            Some(body) if body.multipart => types.mark_form(&body.ty),
            Some(body) => types.mark(
                &body.ty,
                types::Usage {
                    serialize: true,
                    ..Default::default()
                },
            ),
            None => {}
        }
        if let Some(response) = &op.response {
            types.mark(
                response,
                types::Usage {
                    deserialize: true,
                    ..Default::default()
                },
            );
        }
        for param in op.path_params.iter().chain(&op.query) {
            types.mark(
                &param.ty,
                types::Usage {
                    param: true,
                    // Object parameters are serialized to be written in their style.
                    serialize: param.object,
                    ..Default::default()
                },
            );
        }
    }
    diags.list.extend(type_diags.list);
    Ok(Api {
        documents,
        operations,
        types,
        scopes,
        default_base_url: default_base_url
            .unwrap_or_else(|| "https://api.atlassian.com".to_owned()),
        table_source: table.and_then(|t| t.source.clone()),
        prefer: options.prefer,
    })
}

/// The operationId of the operation at `pointer`: a rename's, the document's, the one carried
/// for Atlassian's own documents, or one derived from method and path (with a warning).
fn operation_id(
    doc: &Document,
    method: &str,
    path: &str,
    pointer: &str,
    op: &openapiv3::Operation,
    renames: &Renames,
    diags: &mut Diagnostics,
) -> String {
    let given = op.operation_id.as_ref().filter(|id| !id.trim().is_empty());
    // A rename by operationId also matches the name derived for an unnamed one.
    let derived_id = given.is_none().then(|| derive_operation_id(method, path));
    let known = given.map(String::as_str).or(derived_id.as_deref());
    match (renames.find(pointer, known), given) {
        (Some(renamed), _) => renamed,
        (None, Some(id)) => id.clone(),
        // Atlassian's own documents' unnamed operations have names carried here.
        (None, None) => match known::name(&doc.api.info.title, pointer) {
            Some(name) => name.to_owned(),
            None => {
                let derived = derive_operation_id(method, path);
                diags.warn(
                    &doc.path,
                    pointer,
                    format!("operation has no operationId; generated as `{derived}` (add an operationId to choose the name)"),
                );
                derived
            }
        },
    }
}

/// What each source says the operation at `source` needs: its `security` (or the document's),
/// `x-atlassian-oauth2-scopes`, and a scope note in its description.
fn stated_scopes(
    source: &OpSource<'_>,
    scope_bearing: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Result<Vec<(Source, Requirement)>, Error> {
    let (doc, op, pointer) = (source.doc, source.op, source.pointer);
    let mut stated = Vec::new();
    let (security, security_at) = match &op.security {
        Some(security) => (Some(security), format!("{pointer}/security")),
        None => (doc.api.security.as_ref(), "/security".to_owned()),
    };
    if let Some(security) = security {
        resolve::check_security(security, &doc.api, &security_at)
            .map_err(|(at, why)| Error::new(ErrorKind::Scope, &doc.path, at, why))?;
    }
    if let Some(req) = security.and_then(|s| resolve::from_security(s, scope_bearing)) {
        stated.push((Source::Security, req));
    }
    if let Some(value) = op.extensions.get("x-atlassian-oauth2-scopes") {
        match resolve::from_extension(value) {
            Ok(Some(req)) => {
                if let Some(why) = req
                    .scopes()
                    .into_iter()
                    .find_map(|s| crate::load::check_scope_name(s).err())
                {
                    return Err(Error::new(
                        ErrorKind::Scope,
                        &doc.path,
                        format!("{pointer}/x-atlassian-oauth2-scopes"),
                        why,
                    ));
                }
                stated.push((Source::Extension, req));
            }
            Ok(None) => {}
            Err(why) => diags.warn(
                &doc.path,
                format!("{pointer}/x-atlassian-oauth2-scopes"),
                format!("ignored: {why}"),
            ),
        }
    }
    if let Some(req) = op
        .description
        .as_deref()
        .and_then(resolve::from_description)
    {
        stated.push((Source::Description, req));
    }
    Ok(stated)
}

/// Where an operation comes from, for modelling its parameters, body and response.
#[derive(Clone, Copy)]
struct OpSource<'a> {
    /// Index of its document.
    d: usize,
    doc: &'a Document,
    /// Its path, as the document writes it.
    path: &'a str,
    /// The path item's parameters, which its own override.
    item_params: &'a [ReferenceOr<Parameter>],
    op: &'a openapiv3::Operation,
    /// Its operationId in UpperCamelCase, for naming its inline types.
    upper: &'a str,
    /// Its JSON pointer.
    pointer: &'a str,
}

/// Warns of each selector that selected no operation.
fn report_unused_selectors(
    select: &Select,
    used: &BTreeSet<(usize, usize)>,
    config: &Path,
    diags: &mut Diagnostics,
) {
    let lists = [&select.operations, &select.tags, &select.paths];
    for (kind, (list, what)) in lists
        .iter()
        .zip(["operationId", "tag", "path prefix"])
        .enumerate()
    {
        for (i, name) in list.iter().enumerate() {
            if !used.contains(&(kind, i)) {
                diags.warn(
                    config,
                    format!("select: {name}"),
                    format!("selects {what} `{name}`, which no operation has"),
                );
            }
        }
    }
}

fn path_op<'a>(item: &'a openapiv3::PathItem, method: &str) -> Option<&'a openapiv3::Operation> {
    match method {
        "get" => item.get.as_ref(),
        "put" => item.put.as_ref(),
        "post" => item.post.as_ref(),
        "delete" => item.delete.as_ref(),
        "options" => item.options.as_ref(),
        "head" => item.head.as_ref(),
        "patch" => item.patch.as_ref(),
        "trace" => item.trace.as_ref(),
        _ => None,
    }
}

/// Splits a server URL into its origin and its path: `https://api.atlassian.com/admin` gives
/// (`https://api.atlassian.com`, `/admin`). Only the path belongs in operation paths; the
/// origin is the default base URL. Template variables take their defaults; a scheme-relative
/// URL (`//your-domain.atlassian.net`, as Confluence's document has) is HTTPS; a relative URL
/// has no origin, nor does one whose host is still a template.
fn split_server(server: Option<&openapiv3::Server>) -> (Option<String>, String) {
    let Some(server) = server else {
        return (None, String::new());
    };
    let mut url = server.url.clone();
    for (name, variable) in server.variables.iter().flatten() {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    let url = url.trim_end_matches('/');
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (scheme, rest),
        None => match url.strip_prefix("//") {
            Some(rest) => ("https", rest),
            None if url.is_empty() || url.starts_with('/') => return (None, url.to_owned()),
            None => return (None, format!("/{url}")),
        },
    };
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let origin =
        (!host.is_empty() && !host.contains(['{', '}'])).then(|| format!("{scheme}://{host}"));
    (origin, path.to_owned())
}

pub fn derive_operation_id(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let last_literal = segments.iter().rposition(|s| !s.starts_with('{'));
    for (i, segment) in segments.iter().enumerate() {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) if last_literal.is_none_or(|l| i > l) => words.push(format!("by {param}")),
            Some(_) => {}
            None => words.push((*segment).to_owned()),
        }
    }
    heck::ToLowerCamelCase::to_lower_camel_case(words.join(" ").as_str())
}

fn template_vars(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(rest[start + 1..start + len].to_owned());
        rest = &rest[start + len + 1..];
    }
    out
}

/// Follows a `$ref` to a component of kind `T` (parameter, request body, response).
fn resolve_component<'a, T>(
    doc: &Document,
    value: &'a ReferenceOr<T>,
    at: &str,
) -> Result<std::borrow::Cow<'a, T>, Error>
where
    T: serde::de::DeserializeOwned + Clone,
{
    let reference = match value {
        ReferenceOr::Item(item) => return Ok(std::borrow::Cow::Borrowed(item)),
        ReferenceOr::Reference { reference } => reference,
    };
    let (target, value) = doc.follow(reference, at)?;
    serde_json::from_value(value.clone())
        .map(std::borrow::Cow::Owned)
        .map_err(|e| {
            Error::new(
                ErrorKind::Schema,
                &doc.path,
                target.as_str(),
                format!("not valid here: {e}"),
            )
        })
}

/// Locals of a generated method's body, which a positional parameter (an argument) must not
/// shadow; an optional one is a field of the parameters struct and keeps its name (Jira's
/// user search's `query`).
const LOCALS: [&str; 4] = ["body", "params", "path", "query"];

/// The Rust name of a parameter named `name` in the document: unique among the operation's,
/// and no local of the method's body if it is `positional`.
fn param_name(names: &mut UsedNames, name: &str, positional: bool) -> String {
    let wanted = names::snake(name);
    if positional && LOCALS.contains(&wanted.as_str()) {
        names.reserve(&wanted);
    }
    names.claim(&wanted).0
}

/// The parameters of the operation at `source`, each with its JSON pointer: the path item's,
/// overridden by the operation's own with the same name and location.
fn declared_params(source: &OpSource<'_>) -> Result<Vec<(Parameter, String)>, Error> {
    let pointer = source.pointer;
    let item_pointer = pointer.rsplit_once('/').map_or("", |(p, _)| p);
    let mut declared: Vec<(Parameter, String)> = Vec::new();
    let sources = source
        .item_params
        .iter()
        .enumerate()
        .map(|(i, p)| (p, format!("{item_pointer}/parameters/{i}")))
        .chain(
            source
                .op
                .parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))),
        );
    let key = |p: &Parameter| {
        (
            p.parameter_data_ref().name.clone(),
            std::mem::discriminant(p),
        )
    };
    for (param, at) in sources {
        let param = resolve_component(source.doc, param, &at)?.into_owned();
        declared.retain(|(p, _)| key(p) != key(&param));
        declared.push((param, at));
    }
    Ok(declared)
}

/// The Rust type a parameter is sent as, and whether it is an object written in its query
/// style: arrays and scalars as they are, anything without a plain text form as JSON text
/// (warned).
fn param_type(
    builder: &mut TypeBuilder<'_>,
    source: &OpSource<'_>,
    param: &Parameter,
    at: &str,
    diags: &mut Diagnostics,
) -> Result<(Ty, bool), Error> {
    let doc = source.doc;
    let data = param.parameter_data_ref();
    let ty = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let hint = format!("{}{}", source.upper, names::upper_camel(&data.name));
            builder.ty(
                source.d,
                SchemaRef::from(schema),
                &hint,
                &format!("{at}/schema"),
            )?
        }
        ParameterSchemaOrContent::Content(_) => {
            diags.warn(
                &doc.path,
                at,
                "parameters described by `content` are sent as JSON text",
            );
            Ty::Json
        }
    };
    let in_query = matches!(param, Parameter::Query { .. });
    let in_header = matches!(param, Parameter::Header { .. });
    let object = in_query && (matches!(ty, Ty::Map(_)) || builder.is_struct(&ty));
    let ty = match param {
        // Objects in the query are written in their style (see `ParamStyle`).
        Parameter::Query { .. } if object => ty,
        Parameter::Query { .. } | Parameter::Path { .. } | Parameter::Header { .. } => {
            // A header is one value (`simple` style): arrays are joined with `,`.
            let sent = sendable(builder, &ty, in_query || in_header);
            if sent != ty {
                diags.warn(
                    &doc.path,
                    at,
                    format!(
                        "parameter `{}` has no plain text form; it is sent as JSON text",
                        data.name
                    ),
                );
            }
            sent
        }
        _ => ty,
    };
    Ok((ty, object))
}

/// How a query parameter is written: its `style` and `explode` as OpenAPI defines them
/// (`explode` defaults to true for `form` and to false otherwise); `deepObject` applies to
/// objects only (warned, and sent in `form` style, otherwise).
fn query_style(
    style: &QueryStyle,
    data: &openapiv3::ParameterData,
    object: bool,
    warn: impl FnOnce(String),
) -> ParamStyle {
    let explode = data.explode.unwrap_or(matches!(style, QueryStyle::Form));
    match style {
        QueryStyle::DeepObject if object => ParamStyle::DeepObject,
        QueryStyle::DeepObject => {
            warn(format!(
                "`deepObject` style applies to objects, and `{}` is not one; sent in `form` style",
                data.name
            ));
            ParamStyle::Exploded
        }
        _ if explode => ParamStyle::Exploded,
        QueryStyle::SpaceDelimited => ParamStyle::Delimited(' '),
        QueryStyle::PipeDelimited => ParamStyle::Delimited('|'),
        QueryStyle::Form => ParamStyle::Delimited(','),
    }
}

/// The operation's path, query and header parameters: typed, named, in the style the
/// document gives them; a path variable no parameter declares becomes a string parameter
/// (warned).
fn collect_params(
    builder: &mut TypeBuilder<'_>,
    source: &OpSource<'_>,
    operation: &mut Operation,
    diags: &mut Diagnostics,
) -> Result<(), Error> {
    let (doc, path) = (source.doc, source.path);
    let mut names = UsedNames::default();
    let vars = template_vars(path);
    let mut path_params: Vec<Option<Param>> = vec![None; vars.len()];
    for (param, at) in &declared_params(source)? {
        let data = param.parameter_data_ref();
        let (ty, object) = param_type(builder, source, param, at, diags)?;
        let default = match &data.format {
            ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => {
                schema.schema_data.default.as_ref().map(ToString::to_string)
            }
            _ => None,
        };
        let make = |names: &mut UsedNames, required: bool, style: ParamStyle| Param {
            name: data.name.clone(),
            rust_name: param_name(names, &data.name, required),
            ty: ty.clone(),
            required,
            style,
            object,
            default: default.clone(),
            doc: data.description.clone(),
            header: matches!(param, Parameter::Header { .. }),
        };
        match param {
            Parameter::Path { .. } => match vars.iter().position(|v| *v == data.name) {
                Some(i) => path_params[i] = Some(make(&mut names, true, ParamStyle::Delimited(','))),
                None => diags.warn(
                    &doc.path,
                    at.as_str(),
                    format!("path parameter `{}` does not appear in the path `{path}`; it is not generated", data.name),
                ),
            },
            Parameter::Query { style, .. } => {
                let style = query_style(style, data, object, |why| {
                    diags.warn(&doc.path, at.as_str(), why)
                });
                operation.query.push(make(&mut names, data.required, style));
            }
            Parameter::Header { .. } => {
                // HTTP handles these itself; a document that lists them describes the
                // transport, not the operation.
                const TRANSPORT: &[&str] = &["accept", "authorization", "content-type", "content-length", "host", "user-agent"];
                if TRANSPORT.contains(&data.name.to_ascii_lowercase().as_str()) {
                    diags.note(
                        &doc.path,
                        at.as_str(),
                        format!("header `{}` is set by the transport; the parameter is not generated", data.name),
                    );
                } else {
                    operation.query.push(make(&mut names, data.required, ParamStyle::Delimited(',')));
                }
            }
            Parameter::Cookie { .. } => diags.warn(
                &doc.path,
                at.as_str(),
                format!("cookie parameters are not supported; `{}` is not sent", data.name),
            ),
        }
    }
    for (i, var) in vars.iter().enumerate() {
        if path_params[i].is_none() {
            diags.warn(
                &doc.path,
                source.pointer,
                format!("the path names `{{{var}}}` but no path parameter declares it; generated as a string parameter `{}`", names::snake(var)),
            );
            path_params[i] = Some(Param {
                name: var.clone(),
                rust_name: param_name(&mut names, var, true),
                ty: Ty::String,
                required: true,
                style: ParamStyle::Delimited(','),
                object: false,
                default: None,
                doc: None,
                header: false,
            });
        }
    }
    operation.path_params = path_params.into_iter().flatten().collect();
    Ok(())
}

/// The type a path or query parameter is sent as: scalars and string enums as they are
/// (they implement `Display`), arrays of those in a query, anything else as JSON text.
fn sendable(builder: &TypeBuilder<'_>, ty: &Ty, in_query: bool) -> Ty {
    let scalar = |ty: &Ty| match ty {
        Ty::Named(_) if builder.is_string_enum(ty) => ty.clone(),
        Ty::Named(_) | Ty::Map(_) | Ty::Vec(_) => Ty::Json,
        other => other.clone(),
    };
    match ty {
        Ty::Vec(item) if in_query => Ty::Vec(Box::new(scalar(item))),
        other => scalar(other),
    }
}

fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

fn request_body(
    builder: &mut TypeBuilder<'_>,
    source: &OpSource<'_>,
    diags: &mut Diagnostics,
) -> Result<Option<Body>, Error> {
    let OpSource {
        d,
        doc,
        op,
        upper,
        pointer,
        ..
    } = *source;
    let Some(body) = &op.request_body else {
        return Ok(None);
    };
    let at = format!("{pointer}/requestBody");
    let body: std::borrow::Cow<'_, RequestBody> = resolve_component(doc, body, &at)?;
    let json = body.content.iter().find(|(m, _)| is_json(m));
    let form = body.content.iter().find(|(m, _)| {
        m.split(';')
            .next()
            .is_some_and(|m| m.trim() == "multipart/form-data")
    });
    let unsupported = || {
        let types: Vec<&str> = body.content.keys().map(String::as_str).collect();
        format!(
            "only JSON and multipart/form-data request bodies are supported; this one ({}) is not sent",
            types.join(", ")
        )
    };
    let Some(((media, content), multipart)) =
        json.map(|c| (c, false)).or_else(|| form.map(|c| (c, true)))
    else {
        diags.warn(&doc.path, &at, unsupported());
        return Ok(None);
    };
    let schema_at = format!("{at}/content/{}/schema", pointer_token(media));
    let hint = format!("{upper}{}", if multipart { "Form" } else { "Body" });
    let ty = match &content.schema {
        Some(schema) => builder.ty(d, SchemaRef::from(schema), &hint, &schema_at)?,
        None => Ty::Json,
    };
    if multipart && !builder.is_struct(&ty) {
        diags.warn(
            &doc.path,
            &schema_at,
            "a multipart/form-data body needs an object schema (one part per property); it is not sent",
        );
        return Ok(None);
    }
    Ok(Some(Body {
        ty,
        required: body.required,
        multipart,
    }))
}

fn success_response(
    builder: &mut TypeBuilder<'_>,
    source: &OpSource<'_>,
    diags: &mut Diagnostics,
) -> Result<Option<Ty>, Error> {
    let OpSource {
        d,
        doc,
        op,
        upper,
        pointer,
        ..
    } = *source;
    let success = op.responses.responses.iter().find(|(code, _)| match code {
        StatusCode::Code(c) => (200..300).contains(c),
        StatusCode::Range(r) => *r == 2,
    });
    let Some((code, response)) = success else {
        return Ok(None);
    };
    let at = format!("{pointer}/responses/{code}");
    let response: std::borrow::Cow<'_, Response> = resolve_component(doc, response, &at)?;
    let Some((media, content)) = response.content.iter().find(|(m, _)| is_json(m)) else {
        if !response.content.is_empty() {
            diags.note(
                &doc.path,
                &at,
                "the success response is not JSON; its body is not decoded",
            );
        }
        return Ok(None);
    };
    match &content.schema {
        Some(schema) => Ok(Some(builder.ty(
            d,
            SchemaRef::from(schema),
            &format!("{upper}Response"),
            &format!("{at}/content/{}/schema", pointer_token(media)),
        )?)),
        None => Ok(Some(Ty::Json)),
    }
}

/// Ties every scope-table row to operations, and adds the table as a source.
fn apply_table(
    table: &ScopeTable,
    operations: &mut [Operation],
    unselected: &[(String, Option<String>)],
    options: Options,
    diags: &mut Diagnostics,
) -> Result<(), Error> {
    let prefer = options.prefer;
    // A row no document has: an error when asked to be strict, else a note (see
    // `Options::strict_table`), and the row is left out.
    // `typo`: the row's name is within two edits of an operation that is there, so it is more
    // likely a misspelling than another API's operation. Left out silently, it would let that
    // operation go by the document's scopes instead of the table's: a warning, which
    // `deny_warnings` refuses.
    let mut absent = |at: String, message: String, typo: bool| -> Result<(), Error> {
        if options.strict_table {
            return Err(Error::new(ErrorKind::Scope, &table.path, at, message));
        }
        if typo {
            diags.warn(
                &table.path,
                at.as_str(),
                format!(
                    "{message}; the row is left out, though it looks like a misspelling (`strict_table` makes this an error)"
                ),
            );
        } else {
            diags.note(
                &table.path,
                at.as_str(),
                format!(
                    "{message}; the row is left out (the documents given do not include that API; `strict_table` makes this an error)"
                ),
            );
        }
        Ok(())
    };
    let looks_like = |name: &str, candidates: &[&str]| {
        candidates
            .iter()
            .any(|c| strsim::levenshtein(&name.to_lowercase(), &c.to_lowercase()) <= 2)
    };
    let by_id: HashMap<&str, usize> = operations
        .iter()
        .enumerate()
        .map(|(i, o)| (o.id.as_str(), i))
        .collect();
    let mut granted: BTreeMap<usize, (BTreeSet<String>, Vec<String>)> = BTreeMap::new();
    for (s, scope) in table.scopes.iter().enumerate() {
        for (r, row) in scope.operations.iter().enumerate() {
            let at = format!("/scopes/{s}/operations/{r}");
            let ids: Vec<usize> = if row.operation_ids.is_empty() {
                let found: Vec<usize> = operations
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| {
                        o.summary
                            .as_deref()
                            .is_some_and(|sum| sum.trim().eq_ignore_ascii_case(row.name.trim()))
                    })
                    .map(|(i, _)| i)
                    .collect();
                let left_out = unselected.iter().any(|(_, summary)| {
                    summary
                        .as_deref()
                        .is_some_and(|sum| sum.trim().eq_ignore_ascii_case(row.name.trim()))
                });
                if found.is_empty() && !left_out {
                    let near = closest(
                        &row.name,
                        operations.iter().filter_map(|o| o.summary.as_deref()),
                    );
                    let typo = looks_like(&row.name, &near);
                    absent(
                        at,
                        format!(
                            "scope `{}`: the row \"{}\" has no operationIds and matches no operation summary{}",
                            scope.name,
                            row.name,
                            hint_list("closest summaries", &near)
                        ),
                        typo,
                    )?;
                }
                found
            } else {
                let mut found = Vec::new();
                for id in &row.operation_ids {
                    match by_id.get(id.as_str()) {
                        Some(i) => found.push(*i),
                        None if unselected.iter().any(|(left_out, _)| left_out == id) => {}
                        None => {
                            let near = closest(id, operations.iter().map(|o| o.id.as_str()));
                            let typo = looks_like(id, &near);
                            absent(
                                at.clone(),
                                format!(
                                    "scope `{}`: the row \"{}\" names operation `{id}`, which no document defines{}",
                                    scope.name,
                                    row.name,
                                    hint_list("closest operationIds", &near)
                                ),
                                typo,
                            )?;
                        }
                    }
                }
                found
            };
            for i in ids {
                let entry = granted.entry(i).or_default();
                entry.0.insert(scope.name.clone());
                if !entry.1.contains(&row.name) {
                    entry.1.push(row.name.clone());
                }
            }
        }
    }
    for (i, (scopes, names)) in granted {
        let op = &mut operations[i];
        let requirement = Requirement::any_of(scopes.into_iter().map(|s| [s]))
            .expect("a table row always contributes one scope");
        let mut stated = op.scopes.stated.clone();
        stated.push((Source::Table, requirement));
        op.scopes = resolve::resolve(stated, prefer);
        op.table_names = names;
    }
    Ok(())
}

fn hint_list(label: &str, names: &[&str]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        format!("; {label}: {}", quoted.join(", "))
    }
}

fn report_conflicts(
    operations: &[Operation],
    docs: &[Document],
    options: Options,
    diags: &mut Diagnostics,
) {
    for op in operations.iter().filter(|o| o.scopes.is_conflict()) {
        let says: Vec<String> = op
            .scopes
            .stated
            .iter()
            .map(|(source, req)| format!("{} says {req}", source.describe()))
            .collect();
        let winner = op.scopes.chosen.map_or("nothing", Source::describe);
        let message = format!(
            "scope sources disagree: {}; using {} ({} wins under prefer={})",
            says.join(", "),
            op.scopes.requirement,
            winner,
            match options.prefer {
                Prefer::Table => "table",
                Prefer::Document => "document",
            }
        );
        if options.prefer_explicit {
            diags.note(&docs[op.doc].path, &op.id, message);
        } else {
            diags.warn(&docs[op.doc].path, &op.id, message);
        }
    }
}

fn scope_defs(
    table: Option<&ScopeTable>,
    operations: &[Operation],
    docs: &[Document],
    diags: &mut Diagnostics,
) -> Vec<ScopeDef> {
    let mut defs: Vec<ScopeDef> = Vec::new();
    let mut consts = UsedNames::default();
    let mut traits = UsedNames::default();
    traits.reserve("Unscoped");
    let mut add =
        |defs: &mut Vec<ScopeDef>, name: &str, summary: &str, description: &str, in_table: bool| {
            defs.push(ScopeDef {
                name: name.to_owned(),
                const_name: consts.claim(&names::shouty(name)).0,
                trait_name: traits.claim(&names::upper_camel(name)).0,
                summary: summary.to_owned(),
                description: description.to_owned(),
                in_table,
                used_by: Vec::new(),
            });
        };
    for scope in table.map(|t| t.scopes.as_slice()).unwrap_or_default() {
        add(
            &mut defs,
            &scope.name,
            &scope.summary,
            &scope.description,
            true,
        );
    }
    let table_names: Vec<String> = defs.iter().map(|d| d.name.clone()).collect();
    for op in operations {
        for scope in op.scopes.requirement.scopes() {
            if !defs.iter().any(|d| d.name == scope) {
                add(&mut defs, scope, "", "", false);
                if let Some(table) = table {
                    diags.note(
                        &table.path,
                        "",
                        format!(
                            "the scope table lacks `{scope}`, which {} names for `{}`",
                            docs[op.doc].path.display(),
                            op.id
                        ),
                    );
                }
            }
            if let Some(def) = defs.iter_mut().find(|d| d.name == scope) {
                def.used_by.push(op.id.clone());
            }
        }
        // A scope that a document names and that is close to, but not in, the table may be a
        // typo. In free text (a description note) that is likely: a warning. In `security` or
        // the extension, lists are deliberate and near names are often distinct scopes
        // (`read:widget:jira` next to `read:widgets:admin`): a note.
        for (source, req) in &op.scopes.stated {
            if *source == Source::Table {
                continue;
            }
            for scope in req.scopes() {
                if table_names.iter().any(|t| t == scope) || table_names.is_empty() {
                    continue;
                }
                let near = closest(scope, table_names.iter().map(String::as_str));
                if let Some(best) = near.first().filter(|b| strsim::levenshtein(scope, b) <= 2) {
                    let message = format!(
                        "{} names `{scope}`, which is not in the scope table; did you mean `{best}`?",
                        source.describe()
                    );
                    if *source == Source::Description {
                        diags.warn(&docs[op.doc].path, &op.id, message);
                    } else {
                        diags.note(&docs[op.doc].path, &op.id, message);
                    }
                }
            }
        }
    }
    if let Some(table) = table {
        for (i, def) in defs
            .iter()
            .enumerate()
            .filter(|(_, d)| d.in_table && d.used_by.is_empty())
        {
            diags.note(
                &table.path,
                format!("/scopes/{i}"),
                format!(
                    "no documented operation uses `{}`; it is kept in the generated scope list",
                    def.name
                ),
            );
        }
    }
    defs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_operation_ids_are_stable_and_distinct() {
        assert_eq!(
            derive_operation_id("post", "/v2/orgs/{orgId}/users/invite"),
            "postV2OrgsUsersInvite"
        );
        assert_eq!(derive_operation_id("get", "/groups"), "getGroups");
        assert_eq!(
            derive_operation_id("get", "/groups/{groupId}"),
            "getGroupsByGroupId"
        );
    }

    #[test]
    fn servers_split_into_origin_and_base_path() {
        let split = |url: &str, variables: &[(&str, &str)]| {
            let server = openapiv3::Server {
                url: url.to_owned(),
                variables: (!variables.is_empty()).then(|| {
                    variables
                        .iter()
                        .map(|(name, default)| {
                            (
                                (*name).to_owned(),
                                openapiv3::ServerVariable {
                                    default: (*default).to_owned(),
                                    ..Default::default()
                                },
                            )
                        })
                        .collect()
                }),
                ..Default::default()
            };
            let (origin, path) = split_server(Some(&server));
            (origin.unwrap_or_default(), path)
        };
        let pair = |origin: &str, path: &str| (origin.to_owned(), path.to_owned());
        assert_eq!(
            split("https://api.atlassian.com/admin/dlp/v1/", &[]),
            pair("https://api.atlassian.com", "/admin/dlp/v1")
        );
        assert_eq!(split("https://x.test", &[]), pair("https://x.test", ""));
        assert_eq!(split("/admin", &[]), pair("", "/admin"));
        assert_eq!(split("admin/v1", &[]), pair("", "/admin/v1"));
        // Confluence's document: scheme-relative.
        assert_eq!(
            split("//your-domain.atlassian.net", &[]),
            pair("https://your-domain.atlassian.net", "")
        );
        assert_eq!(
            split("//your-domain.atlassian.net/wiki", &[]),
            pair("https://your-domain.atlassian.net", "/wiki")
        );
        // Templates take their defaults; a host left a template has no origin.
        assert_eq!(
            split(
                "https://{site}.atlassian.net/{base}",
                &[("site", "acme"), ("base", "rest")]
            ),
            pair("https://acme.atlassian.net", "/rest")
        );
        assert_eq!(split("https://{site}.atlassian.net/x", &[]), pair("", "/x"));
        assert_eq!(split_server(None), (None, String::new()));
    }

    #[test]
    fn template_variables_in_order() {
        assert_eq!(template_vars("/a/{x}/b/{y}"), ["x", "y"]);
        assert!(template_vars("/a").is_empty());
    }
}
