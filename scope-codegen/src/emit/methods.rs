//! Emits the client's operation methods, one per operation (and a `<operation>_pages` method
//! beside each cursor-paged one), in one `impl` block, each bounded by the proofs of the scopes
//! it needs.
//!
//! Written as text, laid out the way rustfmt would: with their documentation (most of the
//! bytes) the methods are a third of a large client, and parsing and pretty-printing them with
//! syn and prettyplease cost more than building everything else.

use super::docs::{code, sanitize};
use super::pages;
use super::types::{Scope, ty_text};
use super::writer::{Writer, string_literal};
use crate::model::types::{Ty, TypeKind, Types};
use crate::model::{Api, Body, Operation, Param, ParamStyle};
use crate::resolve::{Requirement, Source};

/// The doc comment of the methods' `impl` block.
const METHODS_DOC: &str = "The operations, each bounded by the proofs of the scopes it needs.";

/// Signatures longer than this put one argument per line, as rustfmt does.
const MAX_WIDTH: usize = 100;

/// The `impl` block of every operation method, as text at the top level.
pub fn emit_methods(api: &Api) -> String {
    let mut out = Writer::default();
    out.doc(METHODS_DOC);
    out.open("impl<G: scopes::Grant> Client<G> {");
    for op in &api.operations {
        emit_method(&mut out, api, op);
    }
    out.close("}");
    out.text
}

/// The type of a positional argument: borrowed unless `Copy`.
fn arg_type(types: &Types, ty: &Ty) -> String {
    match ty {
        Ty::String => "&str".to_owned(),
        Ty::Vec(item) => format!("&[{}]", ty_text(types, item, Scope::Root)),
        ty if ty.is_copy() => ty_text(types, ty, Scope::Root),
        ty => format!("&{}", ty_text(types, ty, Scope::Root)),
    }
}

/// `{open}{items}{close}`, on one line if it fits at `indent` spaces, else one item a line:
/// how rustfmt lays out a signature or a call.
fn wrapped(out: &mut Writer, indent: usize, open: &str, items: &[String], close: &str) {
    let one_line = format!("{open}{}{close}", items.join(", "));
    if indent + one_line.len() <= MAX_WIDTH {
        out.line(&one_line);
        return;
    }
    out.open(open);
    for item in items {
        out.line(&format!("{item},"));
    }
    out.close(close);
}

/// `pub fn name(args) -> ret`, at a method's depth.
fn signature(out: &mut Writer, head: &str, args: &[String], ret: &str) {
    wrapped(out, 4, &format!("{head}("), args, &format!(") -> {ret}"));
}

fn emit_method(out: &mut Writer, api: &Api, op: &Operation) {
    out.doc(&method_doc(api, op));
    let positional: Vec<&Param> = op.path_params.iter().chain(op.required_query()).collect();
    let mut args = vec!["&self".to_owned()];
    args.extend(
        positional
            .iter()
            .map(|p| format!("{}: {}", p.rust_name, arg_type(&api.types, &p.ty))),
    );
    if let Some(params) = &op.params_name {
        args.push(format!("params: &params::{params}"));
    }
    if let Some(body) = &op.body {
        let ty = ty_text(&api.types, &body.ty, Scope::Root);
        args.push(if body.required {
            format!("body: &{ty}")
        } else {
            format!("body: Option<&{ty}>")
        });
    }
    let (ret, send) = match &op.response {
        Some(ty) => (ty_text(&api.types, ty, Scope::Root), "json"),
        None => ("()".to_owned(), "empty"),
    };
    if op.deprecated {
        out.line("#[deprecated = \"the document marks this operation deprecated\"]");
    }
    if args.len() > 7 {
        out.line("#[allow(clippy::too_many_arguments)]");
    }
    let bound = method_bound(api, op);
    signature(
        out,
        &format!("pub fn {}", op.fn_name),
        &args,
        &format!("::scope_runtime::Call<'_, {ret}>"),
    );
    out.line("where");
    out.line(&format!("    {bound},"));
    out.open("{");
    let locals = segment_locals(op);
    for (p, local) in op.path_params.iter().zip(&locals) {
        out.line(&format!(
            "let {local} = ::scope_runtime::encode_segment(&{});",
            p.rust_name
        ));
    }
    let path = match path_template(op, &locals) {
        Some(template) => {
            out.line(&format!(
                "let path = ::std::format!({});",
                string_literal(&template)
            ));
            "path".to_owned()
        }
        None => format!("{}.to_owned()", string_literal(&op.path)),
    };
    query_stmts(out, op);
    let konst = &op.const_name;
    match &op.body {
        Some(b) if b.multipart => {
            let call =
                format!("send::{send}(&self.transport, &operations::{konst}, {path}, query, ");
            if b.required {
                out.open(&format!("{call}Some({{"));
                form_body(out, api, b);
                out.close("}))");
            } else {
                out.open(&format!("{call}body.map(|body| {{"));
                form_body(out, api, b);
                out.close("}))");
            }
        }
        body => {
            let body = match body {
                Some(b) if b.required => "Some(::scope_runtime::Body::json(body))",
                Some(_) => "body.map(::scope_runtime::Body::json)",
                None => "None",
            };
            call_lines(
                out,
                &format!("send::{send}"),
                &[
                    "&self.transport".to_owned(),
                    format!("&operations::{konst}"),
                    path,
                    "query".to_owned(),
                    body.to_owned(),
                ],
            );
        }
    }
    out.close("}");
    emit_pages_method(out, api, op, &bound);
}

/// A call as the last expression of a method's body.
fn call_lines(out: &mut Writer, callee: &str, args: &[String]) {
    wrapped(out, 8, &format!("{callee}("), args, ")");
}

/// The statements of a multipart body built from the form struct `body`, ending in the
/// `Body`: a part per field, in order, files for `format: binary`, text for what has a text
/// form, JSON text for the rest.
fn form_body(out: &mut Writer, api: &Api, body: &Body) {
    let fields = match &body.ty {
        Ty::Named(i) => match &api.types.defs[*i].kind {
            TypeKind::Struct(s) => s.fields.as_slice(),
            _ => &[],
        },
        _ => &[],
    };
    out.line("let mut form = ::scope_runtime::Multipart::new();");
    let is_text = |ty: &Ty| match ty {
        Ty::String | Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 => true,
        Ty::Named(j) => matches!(api.types.defs[*j].kind, TypeKind::Enum(_)),
        _ => false,
    };
    for f in fields.iter().filter(|f| !f.read_only) {
        let name = string_literal(&f.json_name);
        let field = &f.rust_name;
        let kind = match &f.ty {
            _ if f.binary => "file",
            Ty::Secret => "secret",
            ty if is_text(ty) => "text",
            Ty::Vec(item) if is_text(item) => "each",
            _ => "json",
        };
        out.line(&match (kind, f.is_option()) {
            ("file", false) => format!("form.file({name}, &body.{field});"),
            ("file", true) => format!("form.file_opt({name}, body.{field}.as_ref());"),
            ("secret", false) => format!("form.text({name}, &body.{field}.expose());"),
            ("secret", true) => format!(
                "form.text_opt({name}, body.{field}.as_ref().map(|s| s.expose()).as_ref());"
            ),
            ("text", false) => format!("form.text({name}, &body.{field});"),
            ("text", true) => format!("form.text_opt({name}, body.{field}.as_ref());"),
            ("each", false) => format!("form.text_each({name}, &body.{field});"),
            ("each", true) => {
                format!("form.text_each({name}, body.{field}.as_deref().unwrap_or_default());")
            }
            (_, false) => format!("form.json({name}, &body.{field});"),
            (_, true) => format!("form.json_opt({name}, body.{field}.as_ref());"),
        });
    }
    out.line("::scope_runtime::Body::multipart(form)");
}

/// The locals that hold the path parameters' encoded values, in order: each parameter's own
/// name (shadowing it), or `<name>_segment` for a raw identifier, which format strings cannot
/// capture. A local never takes the name of another argument (`type` beside `type_segment`
/// would otherwise shadow the second and send the first twice).
fn segment_locals(op: &Operation) -> Vec<String> {
    let arguments: Vec<&str> = op
        .path_params
        .iter()
        .chain(&op.query)
        .map(|p| p.rust_name.as_str())
        .collect();
    let mut locals: Vec<String> = Vec::new();
    for p in &op.path_params {
        let mut local = match p.rust_name.strip_prefix("r#") {
            Some(raw) => format!("{raw}_segment"),
            None => p.rust_name.clone(),
        };
        while locals.contains(&local)
            || arguments
                .iter()
                .any(|a| *a == local && *a != p.rust_name.as_str())
        {
            local.push_str("_segment");
        }
        locals.push(local);
    }
    locals
}

/// The `format!` template of the request path, capturing the encoded segments; `None` when
/// the path has no parameters and is sent as it is. Each `{name}` is matched to the path
/// parameter of that name; one without a parameter (a server variable, say) stays as written.
fn path_template(op: &Operation, locals: &[String]) -> Option<String> {
    if op.path_params.is_empty() {
        return None;
    }
    let escape = |s: &str| s.replace('{', "{{").replace('}', "}}");
    let mut template = String::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let end = rest[start..]
            .find('}')
            .map_or(rest.len(), |e| start + e + 1);
        template.push_str(&escape(&rest[..start]));
        let name = rest[start + 1..end].trim_end_matches('}');
        match op.path_params.iter().position(|p| p.name == name) {
            Some(i) => template.push_str(&format!("{{{}}}", locals[i])),
            None => template.push_str(&escape(&rest[start..end])),
        }
        rest = &rest[end..];
    }
    template.push_str(&escape(rest));
    Some(template)
}

fn query_stmts(out: &mut Writer, op: &Operation) {
    if op.query.is_empty() {
        out.line("let query = ::scope_runtime::Query::new();");
        return;
    }
    out.line("let mut query = ::scope_runtime::Query::new();");
    for p in &op.query {
        let name = string_literal(&p.name);
        let field = &p.rust_name;
        let value = if p.required {
            field.clone()
        } else {
            format!("params.{field}")
        };
        if p.object {
            let style = match p.style {
                ParamStyle::DeepObject => "DeepObject".to_owned(),
                ParamStyle::Exploded => "FormExploded".to_owned(),
                ParamStyle::Delimited(delimiter) => {
                    format!("Delimited({})", proc_macro2::Literal::character(delimiter))
                }
            };
            let value = if p.required {
                format!("Some(&{value})")
            } else {
                format!("{value}.as_ref()")
            };
            out.line(&format!(
                "query.push_object({name}, {value}, ::scope_runtime::ObjectStyle::{style});"
            ));
            continue;
        }
        let array = matches!(p.ty, Ty::Vec(_));
        let values = if p.required {
            value.clone()
        } else {
            format!("{value}.as_deref().unwrap_or_default()")
        };
        out.line(&if p.header {
            match (array, p.required) {
                (false, true) => format!("query.header({name}, &{value});"),
                (false, false) => format!("query.header_opt({name}, {value}.as_ref());"),
                (true, _) => format!("query.header_joined({name}, {values});"),
            }
        } else {
            match (array, p.style) {
                (false, _) if p.required => format!("query.push({name}, &{value});"),
                (false, _) => format!("query.push_opt({name}, {value}.as_ref());"),
                (true, ParamStyle::Delimited(',')) => {
                    format!("query.push_joined({name}, {values});")
                }
                (true, ParamStyle::Delimited(delimiter)) => format!(
                    "query.push_delimited({name}, {values}, {});",
                    proc_macro2::Literal::character(delimiter)
                ),
                (true, _) => format!("query.push_each({name}, {values});"),
            }
        });
    }
}

/// The `<operation>_pages` method, next to the operation's own.
fn emit_pages_method(out: &mut Writer, api: &Api, op: &Operation, bound: &str) {
    let (Some(shape), Some(name), Some(params)) = (
        pages::shape(api, op),
        pages::pages_name(api, op),
        op.params_name.as_ref(),
    ) else {
        return;
    };
    let item = ty_text(&api.types, shape.item(), Scope::Root);
    let positional: Vec<&Param> = op.path_params.iter().chain(op.required_query()).collect();
    let listed = op.fn_name.trim_start_matches("r#");
    out.doc(&match shape.next() {
        pages::Next::Cursor { param, .. } => format!(
            "Every item of [`Client::{listed}`], following the cursor from page to page (from `params.{}`, if set).",
            param.rust_name
        ),
        pages::Next::Offset {
            param, size, link, ..
        } => format!(
            "Every item of [`Client::{listed}`], page by page from `params.{}` (or the first), each page starting {}where the items of the one before ended (the server may return fewer than `params.{}`), to the last ({}, or an empty page).",
            param.rust_name,
            if link.is_some() {
                "where its `next` link says, or else "
            } else {
                ""
            },
            size.rust_name,
            if link.is_some() {
                "no `next` link, the total"
            } else {
                "`isLast`, the total"
            },
        ),
    });
    if op.deprecated {
        out.line("#[deprecated = \"the document marks this operation deprecated\"]");
        out.line("#[allow(deprecated)]");
    }
    let mut args = vec!["&'a self".to_owned()];
    args.extend(
        positional
            .iter()
            .map(|p| format!("{}: {}", p.rust_name, arg_type(&api.types, &p.ty))),
    );
    args.push(format!("params: &params::{params}"));
    signature(
        out,
        &format!("pub fn {name}<'a>"),
        &args,
        &format!("::scope_runtime::Pages<'a, {item}>"),
    );
    out.line("where");
    out.line(&format!("    {bound},"));
    out.open("{");
    // The stream outlives this call, so it owns copies of the borrowed arguments.
    for p in &positional {
        out.line(&format!("let {0} = {0}.to_owned();", p.rust_name));
    }
    out.line("let mut params = params.clone();");
    match shape.next() {
        pages::Next::Cursor { param, .. } => {
            let cursor = &param.rust_name;
            out.open(&format!(
                "::scope_runtime::Pages::new(params.{cursor}.clone(), move |cursor| {{"
            ));
            out.line(&format!("params.{cursor} = cursor;"));
        }
        pages::Next::Offset { param, .. } => {
            let at = &param.rust_name;
            if param.ty == Ty::String {
                out.line(&format!(
                    "let start = params.{at}.as_deref().and_then(|at| at.parse().ok()).unwrap_or(0);"
                ));
                out.open("::scope_runtime::Pages::offsets(start, move |at| {");
                out.line(&format!("params.{at} = Some(at.to_string());"));
            } else if param.ty == Ty::I32 {
                out.line(&format!("let start = i64::from(params.{at}.unwrap_or(0));"));
                out.open("::scope_runtime::Pages::offsets(start, move |at| {");
                out.line(&format!(
                    "params.{at} = Some(i32::try_from(at).unwrap_or(i32::MAX));"
                ));
            } else {
                out.line(&format!("let start = params.{at}.unwrap_or(0);"));
                out.open("::scope_runtime::Pages::offsets(start, move |at| {");
                out.line(&format!("params.{at} = Some(at);"));
            }
        }
    }
    let passed: Vec<String> = positional
        .iter()
        .map(|p| {
            if p.ty.is_copy() {
                p.rust_name.clone()
            } else {
                format!("&{}", p.rust_name)
            }
        })
        .chain(["&params".to_owned()])
        .collect();
    out.line(&format!("self.{}({})", op.fn_name, passed.join(", ")));
    out.close("})");
    out.close("}");
}

/// The bound an operation's method puts on the client's grant.
fn method_bound(api: &Api, op: &Operation) -> String {
    if let Some(name) = &op.alternatives_trait {
        return format!("G: scopes::alternatives::{name}");
    }
    match &op.scopes.requirement {
        Requirement::Unscoped => "G: scopes::Unscoped".to_owned(),
        Requirement::AnyOf(alts) => {
            let traits: Vec<String> = alts
                .iter()
                .flatten()
                .map(|scope| {
                    // An invariant, not input: `scope_defs` defines every required scope. A
                    // missing one must not become an empty bound, which any grant satisfies.
                    let def = api
                        .scopes
                        .iter()
                        .find(|d| &d.name == scope)
                        .expect("every required scope has an item");
                    format!("scopes::{}", def.trait_name)
                })
                .collect();
            format!("G: {}", traits.join(" + "))
        }
    }
}

fn method_doc(api: &Api, op: &Operation) -> String {
    let mut text = String::new();
    let summary = op
        .summary
        .as_deref()
        .map(sanitize)
        .filter(|s| !s.is_empty());
    text.push_str(&summary.unwrap_or_else(|| code(&op.id)));
    text.push_str(&format!(
        "\n\n{} (operationId {})\n\n",
        code(&format!("{} {}", op.method, op.path)),
        code(&op.id)
    ));
    text.push_str(&scope_paragraph(api, op));
    if let Some(description) = op
        .description
        .as_deref()
        .map(sanitize)
        .filter(|d| !d.is_empty())
    {
        text.push_str("\n\n");
        text.push_str(&description);
    }
    text.push_str("\n\n# Errors\n\nAwaiting the call gives any [`scope_runtime::Error`]; a 403 names the scopes above.");
    text
}

fn scope_link(api: &Api, name: &str) -> String {
    match api.scopes.iter().find(|s| s.name == name) {
        Some(def) => format!("[`{name}`](scopes::{})", def.const_name),
        None => format!("`{name}`"),
    }
}

fn requirement_text(api: &Api, requirement: &Requirement) -> String {
    match requirement {
        Requirement::Unscoped => "unscoped".to_owned(),
        Requirement::AnyOf(alts) => alts
            .iter()
            .map(|alt| {
                alt.iter()
                    .map(|s| scope_link(api, s))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect::<Vec<_>>()
            .join(" **or** "),
    }
}

fn scope_paragraph(api: &Api, op: &Operation) -> String {
    let resolution = &op.scopes;
    let mut text = match (&resolution.requirement, resolution.chosen) {
        (Requirement::Unscoped, _) => "**Scopes:** none documented. The operation is *unscoped*: \
             only an API key created without scopes can call it."
            .to_owned(),
        (req, Some(source)) => {
            let mut t = format!(
                "**Scopes:** {} (from {}",
                requirement_text(api, req),
                source.describe()
            );
            if source == Source::Table && !op.table_names.is_empty() {
                let names: Vec<String> =
                    op.table_names.iter().map(|n| format!("\"{n}\"")).collect();
                t.push_str(&format!(", which calls it {}", names.join(", ")));
            }
            t.push_str(").");
            t
        }
        (req, None) => format!("**Scopes:** {}.", requirement_text(api, req)),
    };
    if resolution.is_conflict() {
        let says: Vec<String> = resolution
            .stated
            .iter()
            .map(|(source, req)| {
                format!("{} says {}", source.describe(), requirement_text(api, req))
            })
            .collect();
        text.push_str(&format!(
            "\n\n**The sources disagree:** {}. {} wins (`Prefer::{:?}`).",
            says.join("; "),
            capitalize(resolution.chosen.map_or("nothing", Source::describe)),
            api.prefer
        ));
    }
    text
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
