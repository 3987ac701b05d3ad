//! What the server answers from an [`Analysis`]: hover, definition, references, the outline,
//! formatting and quick fixes. Pure functions of the analysis and a byte offset.

use super::analysis::Analysis;
use crate::ast::{Decl, DeclKind, ResKind, TypeExpr, UseTarget};
use crate::aws::catalog::{self, ActionLookup, KeyType, catalog};
use crate::lexer::Token;
use crate::resolve::DeclRef;
use crate::span::Span;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, DocumentSymbol, Hover, HoverContents,
    Location, MarkupContent, MarkupKind, Range, SymbolKind, TextEdit, Uri, WorkspaceEdit,
};
use std::collections::HashMap;

/// Whether a qualified name at token index `i` is a condition key by its place: after
/// `when`, `any` or `all`.
pub fn is_key_position(toks: &[(usize, Token, usize)], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| toks.get(p))
        .is_some_and(|(_, t, _)| matches!(t, Token::When | Token::Any | Token::All))
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// Hover at `offset` of the document: an action, a condition key, or a declaration.
pub fn hover(a: &Analysis, offset: usize) -> Option<Hover> {
    let file = a.file?;
    let toks = a.tokens();
    let i = toks
        .iter()
        .position(|(s, _, e)| *s <= offset && offset <= *e && s != e)?;
    let (start, tok, end) = toks.get(i)?;
    let range = Some(a.range(Span::new(file, *start, *end)));
    match tok {
        Token::QName(name) => {
            let text = if is_key_position(toks, i) {
                key_hover(name).or_else(|| action_hover(name))
            } else {
                action_hover(name).or_else(|| key_hover(name))
            };
            text.map(|t| markdown(t, range))
        }
        _ => {
            let r = a.comp.decl_at(&a.refs, file, offset)?;
            let text = decl_hover(a, r)?;
            let span = a
                .refs
                .iter()
                .find(|x| x.span.file == file && x.span.start <= offset && offset <= x.span.end)
                .map(|x| x.span)
                .unwrap_or(Span::new(file, *start, *end));
            Some(markdown(text, Some(a.range(span))))
        }
    }
}

/// An action: its access level, description and resource types; a pattern: what it matches.
pub fn action_hover(name: &str) -> Option<String> {
    match catalog().lookup_action(name) {
        ActionLookup::Found(act) => {
            let (prefix, _) = name.split_once(':')?;
            let qualified = format!("{prefix}:{}", act.name);
            let mut out = format!("**`{qualified}`** · {}", act.level.name());
            if let Some(desc) = catalog::action_description(&qualified) {
                out.push_str(&format!("\n\n{desc}"));
            }
            if act.resources.is_empty() {
                out.push_str("\n\nResource types: none (`on *` only)");
            } else {
                out.push_str(&format!("\n\nResource types: {}", act.resources.join(", ")));
            }
            Some(out)
        }
        ActionLookup::Pattern(acts) if !acts.is_empty() => {
            const SHOWN: usize = 20;
            let names: Vec<&str> = acts.iter().take(SHOWN).map(|a| a.name.as_str()).collect();
            let more = acts.len().saturating_sub(SHOWN);
            let tail = if more > 0 {
                format!(", and {more} more")
            } else {
                String::new()
            };
            Some(format!(
                "**`{name}`** matches {} action{}: {}{tail}",
                acts.len(),
                if acts.len() == 1 { "" } else { "s" },
                names.join(", ")
            ))
        }
        _ => None,
    }
}

/// A condition key: its type, whether it is multi-valued, its description and the comparisons
/// that fit it with the IAM operator each becomes.
pub fn key_hover(key: &str) -> Option<String> {
    let info = catalog().condition_key(key)?;
    let mut out = format!(
        "**`{key}`** · {}{}",
        info.ty.name(),
        if info.multi { ", multi-valued" } else { "" }
    );
    let desc = catalog::key_description(key).map(str::to_string);
    if let Some(desc) = desc.or_else(|| global_key_doc(key)) {
        out.push_str(&format!("\n\n{desc}"));
    }
    out.push_str("\n\nOperators: ");
    out.push_str(&operators_text(info.ty));
    if info.multi {
        out.push_str("\n\nMulti-valued: prefix the condition with `any` or `all`.");
    }
    Some(out)
}

/// The descriptions of the global condition keys (`stdlib/catalog/global-key-docs.tsv`,
/// generated from iam-floyd by `scripts/catalog/global_key_docs.py`; see the catalog's
/// SOURCES.md): `key<TAB>description` with `\n` for a line break.
static GLOBAL_KEY_DOCS: &str = include_str!("../../stdlib/catalog/global-key-docs.tsv");

/// The description of a global key: by its name in any case, a tag key (`aws:ResourceTag/env`)
/// by its family (`aws:ResourceTag/${key}`).
pub fn global_key_doc(key: &str) -> Option<String> {
    let family = key.split_once('/').map(|(head, _)| head);
    GLOBAL_KEY_DOCS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(k, _)| {
            k.eq_ignore_ascii_case(key)
                || family.is_some_and(|f| {
                    k.split_once('/').is_some_and(|(h, rest)| {
                        h.eq_ignore_ascii_case(f) && rest.starts_with("${")
                    })
                })
        })
        .map(|(_, d)| d.replace("\\n", "\n"))
}

fn operators_text(ty: KeyType) -> String {
    let mut parts: Vec<String> = crate::check::comparisons(ty)
        .into_iter()
        .map(|(op, iam)| format!("`{}` ({iam})", op.text()))
        .collect();
    parts.push("`exists`, `not exists` (Null)".into());
    parts.join(", ")
}

/// The first line of a declaration as written (its kind, name and signature) and its doc.
fn decl_hover(a: &Analysis, r: DeclRef) -> Option<String> {
    let m = a.comp.graph.modules.get(r.module)?;
    let d = m.ast.decls.get(r.decl)?;
    let mut out = format!("```iamx\n{}\n```", signature(d));
    if !m.root {
        // A file by its path from the document's directory; a standard module by its name.
        let here = a.file.and_then(|f| a.path(f)).and_then(|p| p.parent());
        let name = std::path::Path::new(&m.name);
        let shown = here
            .and_then(|h| name.strip_prefix(h).ok())
            .map_or_else(|| m.name.clone(), |p| format!("./{}", p.display()));
        out.push_str(&format!("\n\nfrom `{shown}`"));
    }
    if let Some(doc) = &d.doc {
        out.push_str("\n\n");
        out.push_str(&doc.node);
    }
    Some(out)
}

fn ty(t: &TypeExpr) -> String {
    if t.args.is_empty() {
        t.name.name.clone()
    } else {
        let args: Vec<String> = t.args.iter().map(ty).collect();
        format!("{}[{}]", t.name.name, args.join(", "))
    }
}

/// `fn name(a: String) -> Arn`, `role task`, `use std.aws.arn`.
pub fn signature(d: &Decl) -> String {
    let name = &d.name.name;
    let params = |ps: &[crate::ast::FnParam]| {
        ps.iter()
            .map(|p| format!("{}: {}", p.name.name, ty(&p.ty)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match &d.kind {
        DeclKind::Use(UseTarget::Std(p)) => format!("use {}", p.dotted()),
        DeclKind::Use(UseTarget::File(f)) => format!("use \"{}\" as {name}", f.node),
        DeclKind::Param { ty: t, .. } => format!("param {name}: {}", ty(t)),
        DeclKind::Let { ty: Some(t), .. } => format!("let {name}: {}", ty(t)),
        DeclKind::Let { ty: None, .. } => format!("let {name}"),
        DeclKind::Fn {
            params: ps, ret, ..
        } => match ret {
            Some(r) => format!("fn {name}({}) -> {}", params(ps), ty(r)),
            None => format!("fn {name}({})", params(ps)),
        },
        DeclKind::Template { params: ps, .. } => format!("template {name}({})", params(ps)),
        DeclKind::Resource { kind, .. } => format!("{} {name}", kind.keyword()),
        DeclKind::Test(_) => format!("test \"{name}\""),
        DeclKind::Target(cloud) => format!("target {}", cloud.name),
        DeclKind::Cloud { keyword, .. } => format!("{} {name}", keyword.name),
        DeclKind::Grant(_) => "grant".into(),
    }
}

/// Where the name at `offset` is declared; on the path of a file import, the file.
pub fn definition(a: &Analysis, offset: usize) -> Option<Location> {
    let file = a.file?;
    let module = a.comp.module_of(file)?;
    let m = a.comp.graph.modules.get(module)?;
    for (i, d) in m.ast.decls.iter().enumerate() {
        let span = match &d.kind {
            DeclKind::Use(UseTarget::File(p)) => Some(p.span),
            DeclKind::Use(UseTarget::Std(p)) => Some(p.span),
            _ => None,
        };
        if let Some(span) = span {
            if span.start <= offset && offset <= span.end {
                let target = a.comp.graph.imports.get(&(module, i))?;
                let f = a.comp.graph.modules.get(*target)?.file;
                return a.location(Span::new(f, 0, 0));
            }
        }
    }
    let span = a.comp.definition_at(&a.refs, file, offset)?;
    a.location(span)
}

/// Every use of the declaration named at `offset`, across the modules of the compilation.
pub fn references(a: &Analysis, offset: usize, with_decl: bool) -> Vec<Location> {
    let Some(file) = a.file else {
        return vec![];
    };
    let Some(target) = a.comp.decl_at(&a.refs, file, offset) else {
        return vec![];
    };
    let decl = with_decl
        .then(|| a.comp.decl_span(target).map(|s| s.0))
        .flatten();
    decl.into_iter()
        .chain(crate::driver::Compilation::uses_of(&a.refs, target))
        .filter_map(|s| a.location(s))
        .collect()
}

fn symbol_kind(d: &Decl) -> SymbolKind {
    match &d.kind {
        DeclKind::Use(_) => SymbolKind::MODULE,
        DeclKind::Param { .. } => SymbolKind::VARIABLE,
        DeclKind::Let { .. } => SymbolKind::CONSTANT,
        DeclKind::Fn { .. } => SymbolKind::FUNCTION,
        DeclKind::Template { .. } => SymbolKind::INTERFACE,
        DeclKind::Resource { kind, .. } => match kind {
            ResKind::Policy => SymbolKind::STRUCT,
            ResKind::Role | ResKind::User | ResKind::Group => SymbolKind::CLASS,
            _ => SymbolKind::OBJECT,
        },
        DeclKind::Test(_) | DeclKind::Grant(_) => SymbolKind::EVENT,
        DeclKind::Target(_) => SymbolKind::PACKAGE,
        DeclKind::Cloud { .. } => SymbolKind::CLASS,
    }
}

/// The outline: every declaration of the document, in source order.
#[expect(
    deprecated,
    reason = "`DocumentSymbol::deprecated` is a required field of lsp-types' struct"
)]
pub fn symbols(a: &Analysis) -> Vec<DocumentSymbol> {
    let Some(module) = a.file.and_then(|f| a.comp.module_of(f)) else {
        return vec![];
    };
    let Some(m) = a.comp.graph.modules.get(module) else {
        return vec![];
    };
    m.ast
        .decls
        .iter()
        .map(|d| DocumentSymbol {
            name: if d.name.name.is_empty() {
                "(unnamed)".into()
            } else {
                d.name.name.clone()
            },
            detail: Some(signature(d)),
            kind: symbol_kind(d),
            tags: None,
            deprecated: None,
            range: a.range(d.span),
            selection_range: a.range(d.name.span),
            children: None,
        })
        .collect()
}

/// The edits that make `text` what `iamx fmt` prints; `None` when it does not parse (a file
/// with syntax errors is left alone, as `iamx fmt` leaves it).
pub fn format(text: &str) -> Option<Vec<TextEdit>> {
    let out = crate::fmt::format(text, 0).ok()?;
    if out == text {
        return Some(vec![]);
    }
    let idx = super::text::LineIndex::new(text);
    Some(vec![TextEdit::new(idx.range(text, 0, text.len()), out)])
}

/// Quick fixes for the document's diagnostics in `range` that carry a "did you mean".
pub fn code_actions(a: &Analysis, uri: &Uri, range: Range) -> Vec<CodeActionOrCommand> {
    let Some(file) = a.file else {
        return vec![];
    };
    let overlaps = |r: Range| r.start <= range.end && range.start <= r.end;
    let mut out = Vec::new();
    for d in &a.comp.diags {
        let Some(p) = &d.primary else {
            continue;
        };
        if p.span.file != file || !overlaps(a.range(p.span)) {
            continue;
        }
        let Some((span, s)) = d.fix(a.source(file)) else {
            continue;
        };
        let edit = TextEdit::new(a.range(span), s.to_string());
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("replace with `{s}`"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![a.to_lsp(d)]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            is_preferred: Some(true),
            ..CodeAction::default()
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_keys_have_descriptions() {
        let ip = global_key_doc("aws:sourceip").unwrap_or_default();
        assert!(ip.starts_with("Compare the requester's IP address"), "{ip}");
        assert!(ip.contains("\n\n**Availability:**"), "{ip}");
        let tag = global_key_doc("aws:ResourceTag/env").unwrap_or_default();
        assert!(tag.contains("tag"), "{tag}");
        assert_eq!(global_key_doc("aws:NoSuchKey"), None);
        assert_eq!(global_key_doc("aws:ResourceTagx/env"), None);
        // Every global key of the catalog that iam-floyd describes, found by its catalog name.
        let hover = key_hover("aws:PrincipalOrgID").unwrap_or_default();
        assert!(hover.contains("organization"), "{hover}");
    }
}
