//! What a function body does with its clients: the one body analysis behind the attribute's
//! unneeded-scope warning and the audit's verdict.
//!
//! It reads tokens, not a syntax tree, so that the attribute need not parse the body (its cost
//! is paid on every `cargo check`), and so that calls inside macro arguments count too. Each
//! mention of a client is one of:
//!
//! - a receiver of an operation call, `client.get_policies(..)`, also through
//!   `client.clone().get_policies(..)`: an [`OperationCall`];
//! - an argument handed on as it is (`helper(client, ..)`, `&client`, `client.clone()`,
//!   `self.method(&client)`, `Type::f(client)`): a [`Pass`], which the audit follows into the
//!   callee when the crate defines it, and which the attribute cannot see into;
//! - an argument of a macro other than the formatting ones (`my_macro!(client)`): a
//!   [`MacroUse`], which the audit expands when the macro is a readable local `macro_rules!`;
//! - anything else (stored in a struct, bound to another name, returned, a method that is no
//!   operation): [`Opaque`], which nobody can follow.
//!
//! Calls are told apart by what they are called on, never by method name alone:
//! `cache.get_policies()` on a value that is not a client is no operation call, and
//! `iter.count()` is no call of an annotated `count`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, Ident, Span, TokenStream, TokenTree};

use crate::Registry;

/// The runtime's raw send functions (`Transport::send_json_unproven`, `send_empty_unproven`):
/// a body that names one sends something no proof covers.
pub const RAW_SENDS: [&str; 2] = ["send_json_unproven", "send_empty_unproven"];

/// What a body does with its clients, in the order written.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    /// Operation calls on a client.
    pub operations: Vec<OperationCall>,
    /// The client handed to a function or method.
    pub passes: Vec<Pass>,
    /// The client used in a macro's arguments other than as a receiver.
    pub macros: Vec<MacroUse>,
    /// Uses nobody can follow.
    pub opaque: Vec<Opaque>,
}

/// `client.method(..)` of an operation.
#[derive(Debug, Clone)]
pub struct OperationCall {
    /// The operation's method (a `*_pages` call counts as its operation's).
    pub method: String,
    /// Where it is called.
    pub span: Span,
}

/// The client handed on as an argument.
#[derive(Debug, Clone)]
pub struct Pass {
    /// What is called.
    pub callee: Callee,
    /// Where the client is handed on.
    pub span: Span,
    /// What is handed on, when it is not the client itself but a value of the crate that
    /// holds it in a field (a context struct): that value's type.
    pub holder: Option<String>,
    /// Which argument it is, from 0 (the receiver of a method call is `None`): the callee
    /// must take it as a parameter the audit follows, not merely have one somewhere.
    pub position: Option<usize>,
}

/// The callee of a [`Pass`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Callee {
    /// A path call: `helper(..)`, `module::helper(..)`, `Self::helper(..)`, `Type::new(..)`;
    /// the path's segments as written.
    Path(Vec<String>),
    /// A method call, `receiver.method(..)`.
    Method {
        /// The method's name.
        name: String,
        /// The receiver, when it is one name (`self`, a local or a parameter): the audit finds
        /// its type there. `None` for anything longer (`a.b.f(..)`, `make().f(..)`).
        receiver: Option<String>,
    },
}

impl std::fmt::Display for Callee {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Callee::Path(segments) => f.write_str(&segments.join("::")),
            Callee::Method {
                name,
                receiver: Some(receiver),
            } => write!(f, "{receiver}.{name}"),
            Callee::Method { name, .. } => write!(f, ".{name}"),
        }
    }
}

/// A macro whose arguments use the client other than as a receiver.
#[derive(Debug, Clone)]
pub struct MacroUse {
    /// The macro's path as written (`my_macro`, `crate::my_macro`).
    pub path: Vec<String>,
    /// Its arguments.
    pub tokens: TokenStream,
    /// Where it is invoked.
    pub span: Span,
}

/// A use of the client nobody can follow, said in words.
#[derive(Debug, Clone)]
pub struct Opaque {
    /// What happens to the client, e.g. "`Ctx { client, .. }` stores the client".
    pub what: String,
    /// Where.
    pub span: Span,
}

impl Usage {
    /// Whether the body uses its clients only in operation calls (and harmless formatting):
    /// then its needs are exactly its operations' and nothing is hidden.
    pub fn is_closed(&self) -> bool {
        self.passes.is_empty() && self.macros.is_empty() && self.opaque.is_empty()
    }

    /// The operations called, each with its requirement, for [`crate::choice::needs`].
    pub fn requirements<'r>(
        &self,
        registry: &'r Registry,
    ) -> Vec<(&'r str, &'r crate::Requirement)> {
        self.operations
            .iter()
            .filter_map(|call| registry.operation(&call.method))
            .map(|op| (op.method.as_str(), &op.requirement))
            .collect()
    }

    /// The declared scopes a closed body does not need (empty for a body that is not
    /// closed: it may need anything). What the attribute warns about; the audit says the same
    /// of such a body.
    pub fn unneeded(&self, declared: &BTreeSet<String>, registry: &Registry) -> BTreeSet<String> {
        if !self.is_closed() {
            return BTreeSet::new();
        }
        let (needed, _) = crate::choice::needs(
            self.requirements(registry),
            declared,
            &BTreeSet::new(),
            crate::choice::Alternative::Declared,
        );
        declared.difference(&needed).cloned().collect()
    }
}

/// Macros whose arguments are format strings and values they only display: a client given to
/// them is printed, not used (its `Debug` shows no secret and sends nothing).
const FORMATTING: &[&str] = &[
    "print",
    "println",
    "eprint",
    "eprintln",
    "format",
    "format_args",
    "write",
    "writeln",
    "panic",
    "assert",
    "assert_eq",
    "assert_ne",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "unreachable",
    "todo",
    "unimplemented",
    "trace",
    "debug",
    "info",
    "warn",
    "error",
];

/// Keywords that a parenthesized group can follow without being a call's arguments.
const NOT_CALLEES: &[&str] = &[
    "if", "while", "match", "return", "in", "for", "loop", "let", "else", "move", "break", "yield",
    "as", "mut", "ref", "await", "dyn", "impl", "where", "fn",
];

/// What the group being scanned is.
#[derive(Clone)]
enum Context {
    /// Nothing in particular.
    Plain,
    /// The argument list of a call.
    Call(Callee),
    /// The fields of a struct literal (`Ctx { client, org }`).
    Struct(String),
    /// The fields of a literal of a holding type bound by `let` (`let ctx = Ctx { client };`):
    /// the client may go into its client fields.
    Holder {
        name: Ident,
        type_name: String,
        fields: BTreeSet<String>,
    },
    /// The arguments of a macro.
    Macro {
        /// Tells invocations apart (one [`MacroUse`] each).
        id: usize,
        path: Vec<String>,
        span: Span,
        tokens: TokenStream,
    },
}

struct Scan<'a> {
    registry: &'a Registry,
    /// The client parameters, and the names bound to the client since (`let c = client;`).
    clients: Vec<Ident>,
    /// Values holding a client in some fields: name, type, those fields. Parameters to begin
    /// with; a `let` bound to a literal of a holding type that takes the client adds one.
    holders: Vec<(Ident, String, BTreeSet<String>)>,
    /// The crate's types that hold a client, with those fields.
    holder_types: &'a BTreeMap<String, BTreeSet<String>>,
    /// The crate's own macros' names.
    local_macros: &'a BTreeSet<String>,
    /// The names of the `macro_rules!` the body itself defines: no formatting macros either,
    /// whatever they are called.
    body_macros: BTreeSet<String>,
    usage: Usage,
    /// Macro invocations met so far, and those already recorded as a [`MacroUse`].
    macros_met: usize,
    macros_seen: Vec<usize>,
}

/// The names of the `macro_rules!` defined anywhere in `body`.
fn defined_macros(body: &TokenStream) -> BTreeSet<String> {
    fn walk(stream: TokenStream, out: &mut BTreeSet<String>) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        for (i, t) in tokens.iter().enumerate() {
            match t {
                TokenTree::Group(g) => walk(g.stream(), out),
                TokenTree::Ident(m) if m == "macro_rules" && is_punct(tokens.get(i + 1), '!') => {
                    if let Some(name) = ident_of(tokens.get(i + 2)) {
                        out.insert(name.to_string().trim_start_matches("r#").to_owned());
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(body.clone(), &mut out);
    out
}

fn is_punct(token: Option<&TokenTree>, c: char) -> bool {
    matches!(token, Some(TokenTree::Punct(p)) if p.as_char() == c)
}

fn ident_of(token: Option<&TokenTree>) -> Option<&Ident> {
    match token {
        Some(TokenTree::Ident(i)) => Some(i),
        _ => None,
    }
}

/// Whether two identifiers name the same thing: `r#client` is `client`.
fn same_name(a: &Ident, b: &Ident) -> bool {
    let (a, b) = (a.to_string(), b.to_string());
    a.strip_prefix("r#").unwrap_or(&a) == b.strip_prefix("r#").unwrap_or(&b)
}

/// Whether `tokens[at]` is a field of something else (`x.client`) or a segment of a path
/// (`a::client`), and so not the name in scope; `field: client` is the name.
fn after_dot_or_path(tokens: &[TokenTree], at: usize) -> bool {
    let before = |k: usize| at.checked_sub(k).and_then(|j| tokens.get(j));
    // One dot is a field or a method (`x.client`); two are a range or a struct update
    // (`..client`), which take the value itself.
    is_punct(before(1), '.') && !is_punct(before(2), '.')
        || is_punct(before(1), ':') && is_punct(before(2), ':')
}

/// Whether `tokens[at..]` reads `. clone ()`.
fn clone_at(tokens: &[TokenTree], at: usize) -> bool {
    is_punct(tokens.get(at), '.')
        && ident_of(tokens.get(at + 1)).is_some_and(|i| i == "clone")
        && matches!(tokens.get(at + 2), Some(TokenTree::Group(g))
            if g.delimiter() == Delimiter::Parenthesis && g.stream().is_empty())
}

/// The path before `tokens[end]` (exclusive), read backwards: `a::b::f`, `::a::f`,
/// `Type::<T>::f`; its segments, or `None` if no path ends there.
fn path_before(tokens: &[TokenTree], end: usize) -> Option<Vec<String>> {
    let mut at = end;
    let mut segments = Vec::new();
    loop {
        // Skip a turbofish `::<...>` before the group.
        if at >= 1 && is_punct(tokens.get(at - 1), '>') {
            let mut depth = 0usize;
            let mut i = at;
            while i > 0 {
                i -= 1;
                match &tokens[i] {
                    TokenTree::Punct(p) if p.as_char() == '>' => depth += 1,
                    TokenTree::Punct(p) if p.as_char() == '<' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            if depth != 0 || i < 2 || !is_punct(tokens.get(i - 1), ':') {
                return None;
            }
            at = i - 2;
        }
        let ident = ident_of(tokens.get(at.checked_sub(1)?))?;
        segments.push(ident.to_string());
        at -= 1;
        if at >= 2 && is_punct(tokens.get(at - 1), ':') && is_punct(tokens.get(at - 2), ':') {
            at -= 2;
            if at == 0
                || ident_of(tokens.get(at - 1)).is_none() && !is_punct(tokens.get(at - 1), '>')
            {
                break;
            }
        } else {
            break;
        }
    }
    segments.reverse();
    Some(segments)
}

impl Scan<'_> {
    /// Whether a macro only displays a value given after `before`: a formatting macro by name
    /// (not one of the crate's own of that name), with its format string before the value.
    fn formats(&self, path: &[String], before: &[TokenTree]) -> bool {
        let [name] = path else {
            return false;
        };
        FORMATTING.contains(&name.as_str())
            && !self.local_macros.contains(name)
            && !self.body_macros.contains(name)
            && before
                .iter()
                .any(|t| matches!(t, TokenTree::Literal(l) if l.to_string().ends_with('"')))
    }

    fn is_client(&self, token: &TokenTree) -> bool {
        matches!(token, TokenTree::Ident(i) if self.clients.iter().any(|c| same_name(c, i)))
    }

    fn scan(&mut self, stream: TokenStream, context: &Context) {
        let tokens: Vec<TokenTree> = stream.into_iter().collect();
        // The top-level arguments of this group, as index ranges.
        let mut args: Vec<(usize, usize)> = Vec::new();
        let mut start = 0;
        // (Statements count as pieces too, so that what a message shows is the statement.)
        for (i, t) in tokens.iter().enumerate() {
            if is_punct(Some(t), ',') || is_punct(Some(t), ';') {
                args.push((start, i));
                start = i + 1;
            }
        }
        args.push((start, tokens.len()));
        let in_literal = matches!(context, Context::Struct(_) | Context::Holder { .. });
        let mut i = 0;
        while i < tokens.len() {
            // A field's name in a struct literal (`client: &client`) is no use of anything.
            let field_name = in_literal
                && matches!(&tokens[i], TokenTree::Ident(_))
                && (i == 0 || is_punct(tokens.get(i - 1), ','))
                && is_punct(tokens.get(i + 1), ':')
                && !is_punct(tokens.get(i + 2), ':');
            if field_name {
                i += 2;
                continue;
            }
            match &tokens[i] {
                TokenTree::Group(group) => {
                    let inner = self.group_context(&tokens, i, group.delimiter());
                    // `let (c, org) = (client.clone(), org);`: the elements that are the
                    // client bind its names; the rest is read as usual.
                    let stream = match self.tuple_aliases(&tokens, i) {
                        Some(rest) => rest,
                        None => group.stream(),
                    };
                    self.scan(stream, &inner);
                    if let Context::Holder {
                        name,
                        type_name,
                        fields,
                    } = inner
                    {
                        // From here on, the bound name holds the client.
                        self.holders.push((name, type_name, fields));
                    }
                }
                TokenTree::Ident(ident)
                    if !after_dot_or_path(&tokens, i)
                        && self.holders.iter().any(|(h, _, _)| same_name(h, ident)) =>
                {
                    i = self.holder_mention(&tokens, i, &args, context);
                    continue;
                }
                token if self.is_client(token) && !after_dot_or_path(&tokens, i) => {
                    if let Some(skip) = self.mention(&tokens, i, i, &args, context) {
                        i = skip;
                        continue;
                    }
                }
                // The raw path sends without a proof, on whatever transport: what it needs is
                // nobody's to say.
                TokenTree::Ident(ident) if RAW_SENDS.iter().any(|raw| ident == raw) => {
                    self.usage.opaque.push(Opaque {
                        what: format!(
                            "`{ident}` sends through the raw path, without a scope proof, so what it needs is unknown"
                        ),
                        span: ident.span(),
                    });
                }
                _ => {}
            }
            i += 1;
        }
    }

    /// For a tuple at `tokens[at]` bound by `let (p0, p1, ..) = (e0, e1, ..);`: each `pk` that
    /// is a name (`c`, `mut c`) whose `ek` is the client (borrowed or cloned) becomes the client
    /// too. Returns the tuple's tokens without those elements, or `None` where the shape is
    /// not this one.
    fn tuple_aliases(&mut self, tokens: &[TokenTree], at: usize) -> Option<TokenStream> {
        let TokenTree::Group(values) = &tokens[at] else {
            return None;
        };
        let TokenTree::Group(pattern) = tokens.get(at.checked_sub(2)?)? else {
            return None;
        };
        let shaped = values.delimiter() == Delimiter::Parenthesis
            && pattern.delimiter() == Delimiter::Parenthesis
            && is_punct(tokens.get(at - 1), '=')
            && !is_punct(tokens.get(at + 1), '=')
            && ident_of(tokens.get(at.checked_sub(3)?)).is_some_and(|i| i == "let")
            && is_punct(tokens.get(at + 1), ';');
        if !shaped {
            return None;
        }
        let split = |stream: TokenStream| -> Vec<Vec<TokenTree>> {
            let mut out = vec![Vec::new()];
            for t in stream {
                if is_punct(Some(&t), ',') {
                    out.push(Vec::new());
                } else if let Some(last) = out.last_mut() {
                    last.push(t);
                }
            }
            out.retain(|e| !e.is_empty());
            out
        };
        // A comma inside generics (`W::<A, B>`) or a closure's parameters (`|a, b|`) is no
        // element's end, and splitting there would pair a value with another element's name:
        // such tuples are not this shape.
        let plain = |stream: TokenStream| {
            !stream
                .into_iter()
                .any(|t| is_punct(Some(&t), '<') || is_punct(Some(&t), '|'))
        };
        if !plain(pattern.stream()) || !plain(values.stream()) {
            return None;
        }
        let (names, elements) = (split(pattern.stream()), split(values.stream()));
        if names.len() != elements.len() {
            return None;
        }
        let mut rest: Vec<TokenTree> = Vec::new();
        let mut found = false;
        for (name, element) in names.iter().zip(&elements) {
            let bound = match name.as_slice() {
                [TokenTree::Ident(n)] => Some(n.clone()),
                [TokenTree::Ident(m), TokenTree::Ident(n)] if m == "mut" => Some(n.clone()),
                _ => None,
            };
            let head = element
                .iter()
                .position(|t| !matches!(t, TokenTree::Punct(p) if p.as_char() == '&'))
                .unwrap_or(element.len());
            let head = head + usize::from(ident_of(element.get(head)).is_some_and(|i| i == "mut"));
            let mut next = head + 1;
            while clone_at(element, next) {
                next += 3;
            }
            let is_client =
                element.get(head).is_some_and(|t| self.is_client(t)) && next == element.len();
            match bound {
                Some(alias) if is_client && alias != "_" => {
                    self.clients.push(alias);
                    found = true;
                }
                _ => {
                    if !rest.is_empty() {
                        rest.push(TokenTree::Punct(proc_macro2::Punct::new(
                            ',',
                            proc_macro2::Spacing::Alone,
                        )));
                    }
                    rest.extend(element.iter().cloned());
                }
            }
        }
        found.then(|| rest.into_iter().collect())
    }

    /// What a group at `tokens[at]` is: a call's arguments, a macro's, or neither.
    fn group_context(&mut self, tokens: &[TokenTree], at: usize, delimiter: Delimiter) -> Context {
        let span = tokens[at].span();
        if at >= 2 && is_punct(tokens.get(at - 1), '!') {
            if let (Some(path), TokenTree::Group(group)) =
                (path_before(tokens, at - 1), &tokens[at])
            {
                self.macros_met += 1;
                return Context::Macro {
                    id: self.macros_met,
                    path,
                    span,
                    tokens: group.stream(),
                };
            }
        }
        if delimiter == Delimiter::Brace && at > 0 {
            if let Some(name) = ident_of(tokens.get(at - 1)) {
                let name = name.to_string();
                // `let ctx = Ctx { .. };`: nothing else is done with the literal.
                let ends = is_punct(tokens.get(at + 1), ';');
                if let (Some(fields), Some(bound), true) = (
                    self.holder_types.get(&name),
                    let_bound(tokens, at - 1),
                    ends,
                ) {
                    return Context::Holder {
                        name: bound,
                        type_name: name,
                        fields: fields.clone(),
                    };
                }
                let keyword = NOT_CALLEES.contains(&name.as_str())
                    || ["async", "unsafe", "const", "try"].contains(&name.as_str());
                if !keyword && name.chars().next().is_some_and(char::is_uppercase) {
                    return Context::Struct(name);
                }
            }
        }
        if delimiter != Delimiter::Parenthesis || at == 0 {
            return Context::Plain;
        }
        if let Some(name) = ident_of(tokens.get(at - 1)) {
            if at >= 2 && is_punct(tokens.get(at - 2), '.') {
                let alone = !(at >= 4
                    && (is_punct(tokens.get(at - 4), '.') || is_punct(tokens.get(at - 4), ':')));
                let receiver = ident_of(tokens.get(at.wrapping_sub(3)))
                    .filter(|_| alone)
                    .map(ToString::to_string);
                return Context::Call(Callee::Method {
                    name: name.to_string(),
                    receiver,
                });
            }
            if NOT_CALLEES.contains(&name.to_string().as_str()) {
                return Context::Plain;
            }
        }
        match path_before(tokens, at) {
            Some(path) if !path.is_empty() => Context::Call(Callee::Path(path)),
            _ => Context::Plain,
        }
    }

    /// A mention of a client at `tokens[at]`; returns where to go on when it consumed more.
    fn mention(
        &mut self,
        tokens: &[TokenTree],
        head: usize,
        at: usize,
        args: &[(usize, usize)],
        context: &Context,
    ) -> Option<usize> {
        // A receiver: `client(.clone())*.method(` or `.method::<`.
        let mut next = at + 1;
        while clone_at(tokens, next) {
            next += 3;
        }
        if is_punct(tokens.get(next), '.') {
            if let Some(method) = ident_of(tokens.get(next + 1)) {
                let called = match tokens.get(next + 2) {
                    Some(TokenTree::Group(g)) => g.delimiter() == Delimiter::Parenthesis,
                    Some(TokenTree::Punct(p)) => p.as_char() == ':',
                    _ => false,
                };
                if called {
                    let name = method.to_string();
                    match self.registry.operation(&name) {
                        Some(op) => self.usage.operations.push(OperationCall {
                            method: op.method.clone(),
                            span: method.span(),
                        }),
                        None => self.usage.opaque.push(Opaque {
                            what: format!(
                                "calls `{name}` on the client, which is no operation of it"
                            ),
                            span: method.span(),
                        }),
                    }
                    return Some(next + 2);
                }
            }
        }
        // An argument handed on as it is: `&* mut? client (.clone())?` alone in its argument.
        let (from, to) = args
            .iter()
            .copied()
            .find(|(from, to)| (*from..*to).contains(&at))
            .unwrap_or((at, at + 1));
        let only_borrows = |range: &[TokenTree]| {
            range.iter().all(|t| {
                matches!(t, TokenTree::Punct(p) if p.as_char() == '&')
                    || matches!(t, TokenTree::Ident(i) if i == "mut")
            })
        };
        let plain = only_borrows(&tokens[from..head]) && next == to;
        let span = tokens[at].span();
        match context {
            Context::Call(callee) if plain => self.usage.passes.push(Pass {
                callee: callee.clone(),
                span,
                holder: None,
                position: args.iter().position(|r| *r == (from, to)),
            }),
            // Into a client field of a holder bound by `let`: `Ctx { client, .. }` or
            // `Ctx { api: &client, .. }`.
            Context::Holder { fields, .. }
                if next == to
                    && (head == from && fields.contains(&tokens[at].to_string())
                        || ident_of(tokens.get(from)).is_some_and(|f| fields.contains(&f.to_string()))
                            && is_punct(tokens.get(from + 1), ':')
                            && !is_punct(tokens.get(from + 2), ':')
                            && only_borrows(&tokens[from + 2..head])) => {}
            Context::Macro { path, .. } if plain && self.formats(path, &tokens[..from]) => {}
            Context::Macro {
                id,
                path,
                span: at_macro,
                tokens: arguments,
            } => {
                if !self.macros_seen.contains(id) {
                    self.macros_seen.push(*id);
                    self.usage.macros.push(MacroUse {
                        path: path.clone(),
                        tokens: arguments.clone(),
                        span: *at_macro,
                    });
                }
            }
            Context::Struct(name) => self.usage.opaque.push(Opaque {
                what: format!(
                    "the client is stored in a `{name} {{ .. }}`: what is done with it from there cannot be followed (hand the client itself to the functions that use it)"
                ),
                span,
            }),
            // `let c = client;`, `let c = &client;`, `let c = client.clone();`: from here on, `c`
            // is the client too (a spawned task's copy, a parameter renamed).
            _ if let Some(alias) = alias_bound(tokens, from, head).filter(|_| next == to) => {
                self.clients.push(alias);
            }
            _ => {
                let shown: String = tokens[from..to]
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ");
                let shown: String = shown.chars().take(60).collect();
                self.usage.opaque.push(Opaque {
                    what: format!("the client is used as `{shown}`"),
                    span,
                });
            }
        }
        Some(next.max(at + 1))
    }
}

impl Scan<'_> {
    /// A mention of a value holding the client at `tokens[at]`; returns where to go on.
    fn holder_mention(
        &mut self,
        tokens: &[TokenTree],
        at: usize,
        args: &[(usize, usize)],
        context: &Context,
    ) -> usize {
        let Some((holder, type_name, fields)) = self
            .holders
            .iter()
            .rev()
            .find(|(h, _, _)| matches!(&tokens[at], TokenTree::Ident(i) if same_name(i, h)))
            .cloned()
        else {
            return at + 1;
        };
        // `let ctx = ..` binds the name anew: no use of the holder (later uses of the name are
        // still read as the holder's, which can only make the key larger).
        let bound = |k: usize| at.checked_sub(k).and_then(|j| ident_of(tokens.get(j)));
        if bound(1).is_some_and(|i| i == "let")
            || bound(1).is_some_and(|i| i == "mut") && bound(2).is_some_and(|i| i == "let")
        {
            return at + 1;
        }
        // `let c2 = Ctx { org, ..ctx }`: the struct update's base goes into a holder bound by
        // `let`, which is followed from here on. (Elsewhere, an unbound literal, it is a use
        // like any other.)
        let base = is_punct(tokens.get(at.wrapping_sub(1)), '.')
            && is_punct(tokens.get(at.wrapping_sub(2)), '.');
        if base && matches!(context, Context::Holder { .. }) {
            return at + 1;
        }
        if is_punct(tokens.get(at + 1), '.') {
            if let Some(field) = ident_of(tokens.get(at + 2)) {
                let name = field.to_string();
                if fields.contains(&name) {
                    // `ctx.client`: the client itself, from here on.
                    return self
                        .mention(tokens, at, at + 2, args, context)
                        .unwrap_or(at + 3);
                }
                if matches!(tokens.get(at + 3), Some(TokenTree::Group(g)) if g.delimiter() == Delimiter::Parenthesis)
                {
                    // `ctx.method(..)`: a method of the holder's type, which the audit follows.
                    self.usage.passes.push(Pass {
                        callee: Callee::Method {
                            name,
                            receiver: Some(holder.to_string()),
                        },
                        span: field.span(),
                        holder: Some(type_name),
                        position: None,
                    });
                }
                // Another field (`ctx.org`) is no use of the client.
                return at + 3;
            }
        }
        let (from, to) = args
            .iter()
            .copied()
            .find(|(from, to)| (*from..*to).contains(&at))
            .unwrap_or((at, at + 1));
        let plain = tokens[from..at].iter().all(|t| {
            matches!(t, TokenTree::Punct(p) if p.as_char() == '&')
                || matches!(t, TokenTree::Ident(i) if i == "mut")
        }) && at + 1 == to;
        let span = tokens[at].span();
        match context {
            Context::Call(callee) if plain => self.usage.passes.push(Pass {
                callee: callee.clone(),
                span,
                holder: Some(type_name),
                position: args.iter().position(|r| *r == (from, to)),
            }),
            Context::Macro { path, .. } if plain && self.formats(path, &tokens[..from]) => {}
            _ => self.usage.opaque.push(Opaque {
                what: format!(
                    "`{holder}`, which holds the client, is used in a way the audit cannot follow (hand it to functions of this crate, or use its client field)"
                ),
                span,
            }),
        }
        at + 1
    }
}

/// `let [mut] NAME = Path` ending at `tokens[end]`: NAME.
fn let_bound(tokens: &[TokenTree], end: usize) -> Option<Ident> {
    let mut start = end;
    while start >= 3
        && is_punct(tokens.get(start - 1), ':')
        && is_punct(tokens.get(start - 2), ':')
        && ident_of(tokens.get(start - 3)).is_some()
    {
        start -= 3;
    }
    let equals = is_punct(tokens.get(start.checked_sub(1)?), '=')
        && !is_punct(tokens.get(start.checked_sub(2)?), '=');
    let name = ident_of(tokens.get(start.checked_sub(2)?))?;
    let keyword = |k: usize| start.checked_sub(k).and_then(|j| ident_of(tokens.get(j)));
    let is_let = keyword(3).is_some_and(|i| i == "let")
        || keyword(3).is_some_and(|i| i == "mut") && keyword(4).is_some_and(|i| i == "let");
    (equals && is_let).then(|| name.clone())
}

/// The name a `let` binds the client to, where `tokens[from..head]` is `let (mut)? name =`
/// followed by nothing but borrows.
fn alias_bound(tokens: &[TokenTree], from: usize, head: usize) -> Option<Ident> {
    let mut at = from;
    if ident_of(tokens.get(at)).is_none_or(|i| i != "let") {
        return None;
    }
    at += 1;
    if ident_of(tokens.get(at)).is_some_and(|i| i == "mut") {
        at += 1;
    }
    let name = ident_of(tokens.get(at))?.clone();
    let equals = is_punct(tokens.get(at + 1), '=') && !is_punct(tokens.get(at + 2), '=');
    let borrows = tokens.get(at + 2..head)?.iter().all(|t| {
        matches!(t, TokenTree::Punct(p) if p.as_char() == '&')
            || matches!(t, TokenTree::Ident(i) if i == "mut")
    });
    (equals && borrows && name != "_").then_some(name)
}

/// The roots of an analysis: the client parameters, and the values holding a client in some
/// fields (parameters of the crate's context types), with the crate's context types.
#[derive(Default)]
pub struct Roots {
    /// The client parameters.
    pub clients: Vec<Ident>,
    /// Parameters holding a client: name, type, the fields that hold it.
    pub holders: Vec<(Ident, String, BTreeSet<String>)>,
    /// The crate's types that hold a client, with those fields.
    pub holder_types: BTreeMap<String, BTreeSet<String>>,
    /// The names of the crate's own macros: a macro of the crate named like a formatting one
    /// (`info!`) is not taken for one.
    pub local_macros: BTreeSet<String>,
}

/// [`analyze`] with values that hold the client followed too: what the audit reads.
pub fn analyze_roots(body: TokenStream, roots: &Roots, registry: &Registry) -> Usage {
    let mut scan = Scan {
        registry,
        clients: roots.clients.clone(),
        holders: roots.holders.clone(),
        holder_types: &roots.holder_types,
        local_macros: &roots.local_macros,
        body_macros: defined_macros(&body),
        usage: Usage::default(),
        macros_met: 0,
        macros_seen: Vec::new(),
    };
    scan.scan(body, &Context::Plain);
    scan.usage
}

/// Analyses a function body, in which `clients` are the client parameters.
pub fn analyze(body: TokenStream, clients: &[Ident], registry: &Registry) -> Usage {
    let holder_types = BTreeMap::new();
    let local_macros = BTreeSet::new();
    let mut scan = Scan {
        registry,
        clients: clients.to_vec(),
        holders: Vec::new(),
        holder_types: &holder_types,
        local_macros: &local_macros,
        body_macros: defined_macros(&body),
        usage: Usage::default(),
        macros_met: 0,
        macros_seen: Vec::new(),
    };
    scan.scan(body, &Context::Plain);
    scan.usage
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registry() -> Registry {
        Registry::parse(
            "scope-registry 1\nscope read:a ReadA\nscope write:b WriteB\nunscoped Unscoped\n\
             op get_a get_a_pages - read:a\nop put_b - - write:b\nop list - - unscoped\n\
             op both - Both read:a | write:b\n",
        )
        .unwrap()
    }

    fn usage(body: &str) -> Usage {
        let body: TokenStream = body.parse().unwrap();
        analyze(
            body,
            &[Ident::new("client", Span::call_site())],
            &registry(),
        )
    }

    fn methods(u: &Usage) -> Vec<&str> {
        u.operations.iter().map(|o| o.method.as_str()).collect()
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn operation_calls_anywhere_in_the_body_count() {
        let u = usage(
            "{ let f = || async { client.get_a().await }; for _ in 0..2 { client.list(); } \
             Ok(client.clone().put_b::<()>().await?.field) }",
        );
        assert!(u.is_closed(), "{u:?}");
        assert_eq!(methods(&u), ["get_a", "list", "put_b"]);
        assert!(
            u.unneeded(&set(&["read:a", "write:b", "unscoped"]), &registry())
                .is_empty()
        );
        assert_eq!(
            u.unneeded(&set(&["read:a", "write:b", "unscoped", "x:y"]), &registry()),
            set(&["x:y"])
        );
    }

    #[test]
    fn paging_methods_are_their_operations() {
        assert_eq!(methods(&usage("{ client.get_a_pages(&p) }")), ["get_a"]);
    }

    #[test]
    fn calls_are_told_by_their_receiver_not_their_name() {
        let u = usage("{ cache.get_a(); items.iter().count(); self.client_name.put_b() }");
        assert!(u.operations.is_empty() && u.is_closed(), "{u:?}");
    }

    #[test]
    fn a_declaration_with_two_alternatives_needs_one() {
        let u = usage("{ client.both() }");
        assert_eq!(u.unneeded(&set(&["write:b"]), &registry()), set(&[]));
        assert_eq!(
            u.unneeded(&set(&["write:b", "read:a"]), &registry()).len(),
            1
        );
    }

    #[test]
    fn handing_the_client_on_is_a_pass_with_its_callee() {
        let u = usage(
            "{ helper(client, 1); m::f(&client); Self::g(client.clone()); self.h(&mut client); \
             x.y(client); T::<u8>::new(client); a.b.c(client); make().d(client) }",
        );
        let callees: Vec<String> = u.passes.iter().map(|p| p.callee.to_string()).collect();
        assert_eq!(
            callees,
            [
                "helper", "m::f", "Self::g", "self.h", "x.y", "T::new", ".c", ".d"
            ]
        );
        assert!(u.opaque.is_empty() && u.macros.is_empty(), "{u:?}");
        assert!(!u.is_closed());
    }

    #[test]
    fn the_raw_path_is_opaque_on_any_receiver() {
        let registry = Registry::default();
        let client = Ident::new("client", Span::call_site());
        for body in [
            "transport.send_json_unproven(&OP, path, query, None).await",
            "Transport::send_empty_unproven(&t, &OP, p, q, None)",
        ] {
            let u = analyze(
                body.parse().unwrap(),
                std::slice::from_ref(&client),
                &registry,
            );
            assert_eq!(u.opaque.len(), 1, "{body}: {u:?}");
            assert!(u.opaque[0].what.contains("raw path"), "{u:?}");
            assert!(!u.is_closed());
        }
    }

    #[test]
    fn storing_rebinding_and_foreign_methods_are_opaque() {
        for body in [
            "{ let ctx = Ctx { client, org }; count(&ctx) }",
            "{ return client; }",
            "{ helper((client, 1)) }",
            "{ client.my_trait_method() }",
            "{ let f = client.get_a; }",
            "{ let ctx = Ctx { api: client, org }; count(&ctx) }",
            "{ r#client.my_trait_method() }",
        ] {
            let u = usage(body);
            assert_eq!(u.opaque.len(), 1, "{body}: {u:?}");
            assert!(
                u.unneeded(&set(&["read:a"]), &registry()).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn the_client_under_another_name_is_the_client() {
        for body in [
            "{ let c = client; c.get_a() }",
            "{ let c = client.clone(); tokio::spawn(async move { c.get_a().await }) }",
            "{ let mut c = &client; c.get_a() }",
            "{ let c = client.clone().clone(); let d = &c; std::thread::spawn(move || d.get_a()) }",
        ] {
            let u = usage(body);
            assert!(u.opaque.is_empty(), "{body}: {u:?}");
            assert_eq!(methods(&u), ["get_a"], "{body}");
        }
        // A tuple bound by `let`: the element that is the client.
        for body in [
            "{ let (c, org) = (client.clone(), org); c.get_a() }",
            "{ let (n, mut c) = (1, &client); c.get_a() }",
        ] {
            let u = usage(body);
            assert!(u.opaque.is_empty(), "{body}: {u:?}");
            assert_eq!(methods(&u), ["get_a"], "{body}");
        }
        // Not a plain binding of the client: `c` is not the client, and the client's use is
        // a call of `wrap` or opaque, as before.
        for body in [
            "{ let c = wrap(client); c.get_a() }",
            "{ let (c, _) = (wrap(client), 1); c.get_a() }",
        ] {
            let u = usage(body);
            assert!(methods(&u).is_empty(), "{body}: {u:?}");
            assert!(
                !u.opaque.is_empty() || !u.passes.is_empty(),
                "{body}: {u:?}"
            );
        }
    }

    fn roots_usage(body: &str, holders: &[(&str, &str)]) -> Usage {
        let roots = Roots {
            clients: vec![Ident::new("client", Span::call_site())],
            holders: holders
                .iter()
                .map(|(name, ty)| {
                    (
                        Ident::new(name, Span::call_site()),
                        (*ty).to_owned(),
                        set(&["client"]),
                    )
                })
                .collect(),
            holder_types: [("Ctx".to_owned(), set(&["client", "backup"]))].into(),
            local_macros: BTreeSet::new(),
        };
        analyze_roots(body.parse().unwrap(), &roots, &registry())
    }

    #[test]
    fn a_context_struct_holding_the_client_is_followed_through_its_fields() {
        // A holder parameter: its client field is the client; other fields are no use of it;
        // the holder handed on is a pass of that type; its methods are passes too.
        let u = roots_usage(
            "{ ctx.client.get_a(); let o = ctx.org; count(&ctx); ctx.refresh(); }",
            &[("ctx", "Ctx")],
        );
        assert_eq!(methods(&u), ["get_a"]);
        let passes: Vec<(String, Option<String>)> = u
            .passes
            .iter()
            .map(|p| (p.callee.to_string(), p.holder.clone()))
            .collect();
        assert_eq!(
            passes,
            [
                ("count".to_owned(), Some("Ctx".to_owned())),
                ("ctx.refresh".to_owned(), Some("Ctx".to_owned()))
            ]
        );
        assert!(u.opaque.is_empty(), "{u:?}");
        // A literal bound by `let` that puts the client in a client field makes a holder.
        let u = roots_usage(
            "{ let ctx = Ctx { client, org }; let c2 = Ctx { backup: &client, org }; let c3 = Ctx { client: &client }; ctx.client.put_b(); count(&c2) }",
            &[],
        );
        assert!(u.opaque.is_empty(), "{u:?}");
        assert_eq!(methods(&u), ["put_b"]);
        assert_eq!(u.passes.len(), 1);
        // Anything else done with a holder, or a literal used otherwise, cannot be followed
        // here (a holder handed to `Arc::new` is a pass the audit finds no function for).
        for body in [
            "{ let ctx = Ctx { client }.start(); }",
            "{ let ctx = Ctx { other: client }; }",
            "{ let ctx = Ctx { client }; keep(Arc::new(ctx)); }",
            "{ let ctx = Ctx { client }; return ctx; }",
            "{ run(Ctx { client }) }",
        ] {
            let u = roots_usage(body, &[]);
            assert!(!u.is_closed(), "{body}: {u:?}");
            assert!(u.operations.is_empty(), "{body}: {u:?}");
        }
    }

    #[test]
    fn macros_read_their_receivers_print_harmlessly_and_hide_the_rest() {
        let u = usage("{ println!(\"{:?} {:?}\", client, client.get_a()) }");
        assert!(u.is_closed(), "{u:?}");
        assert_eq!(methods(&u), ["get_a"]);
        // Without a format string before it, a formatting macro's name is no exemption.
        let u = usage("{ info!(client) }");
        assert_eq!(u.macros.len(), 1, "{u:?}");
        let u = usage("{ my_macro!(client, 1); my_macro!(client) }");
        assert_eq!(u.macros.len(), 2, "{u:?}");
        assert_eq!(u.macros[0].path, ["my_macro"]);
        assert!(!u.is_closed());
    }
}
