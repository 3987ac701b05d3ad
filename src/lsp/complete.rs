//! Completion, from the text before the cursor and the analysis: actions after `service:`,
//! condition keys after `when`, the comparisons that fit a key, members of an imported module
//! (the standard library's functions), `current.*`, and the declarations in scope.

use super::analysis::Analysis;
use super::features::{key_hover, signature};
use crate::ast::{DeclKind, ResKind};
use crate::aws::catalog::{KeyType, catalog};
use crate::lexer::Token;
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

/// Characters of a word being completed: names, qualified names and dotted paths.
fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "_.-:*?/+=@".contains(c)
}

/// The completions at byte `offset` of the document; names in scope come from `declared`
/// (an earlier analysis of the document) when this one's document declares nothing.
pub fn complete(a: &Analysis, declared: Option<&Analysis>, offset: usize) -> Vec<CompletionItem> {
    let Some(file) = a.file else {
        return vec![];
    };
    let src = a.source(file);
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = src.get(..offset).unwrap_or("");
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| word_char(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let word = before.get(start..).unwrap_or("");
    let toks = a.tokens();
    let prior: Vec<&Token> = toks
        .iter()
        .filter(|(_, _, e)| *e <= start)
        .map(|(_, t, _)| t)
        .collect();
    let prev = prior.last().copied();
    let prev2 = prior
        .len()
        .checked_sub(2)
        .and_then(|i| prior.get(i))
        .copied();
    let key_place = |t: Option<&Token>| matches!(t, Some(Token::When | Token::Any | Token::All));
    let range = a.range(crate::span::Span::new(file, start, offset));
    let edit = |label: String| Some(CompletionTextEdit::Edit(TextEdit::new(range, label)));
    let mut items = if let Some((svc, _)) = word.split_once(':') {
        if key_place(prev) {
            let mut keys = keys_of(&[svc]);
            let head = format!("{svc}:").to_ascii_lowercase();
            keys.retain(|k| k.label.to_ascii_lowercase().starts_with(&head));
            keys
        } else {
            actions_of(svc)
        }
    } else if let (Some(Token::QName(key)), true) = (prev, key_place(prev2)) {
        operators(key)
    } else if key_place(prev) {
        keys_of(&statement_services(toks, start))
    } else if let Some((head, _)) = word.rsplit_once('.') {
        members(declared.unwrap_or(a), head)
    } else if matches!(prev, Some(Token::Use)) {
        crate::stdlib::names()
            .into_iter()
            .map(|n| item(n.to_string(), CompletionItemKind::MODULE, None))
            .collect()
    } else {
        let mut v = names(declared.unwrap_or(a));
        if matches!(prev, Some(Token::Allow | Token::Deny)) || in_actions(toks, start) {
            v.extend(services());
        }
        v
    };
    for it in &mut items {
        if it.text_edit.is_none() {
            it.text_edit = edit(it.insert_text.clone().unwrap_or_else(|| it.label.clone()));
        }
    }
    items
}

fn item(label: String, kind: CompletionItemKind, detail: Option<String>) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(kind),
        detail,
        ..CompletionItem::default()
    }
}

/// The actions of a service, as `prefix:Action` with their access level.
fn actions_of(svc: &str) -> Vec<CompletionItem> {
    let Some(s) = catalog().service(svc) else {
        return vec![];
    };
    s.actions
        .iter()
        .map(|act| {
            let mut it = item(
                format!("{}:{}", s.prefix, act.name),
                CompletionItemKind::FUNCTION,
                Some(act.level.name().to_string()),
            );
            it.filter_text = Some(it.label.clone());
            it
        })
        .collect()
}

/// Every service prefix, inserted with its colon (`s3:`).
fn services() -> Vec<CompletionItem> {
    catalog()
        .prefixes()
        .map(|p| {
            let mut it = item(format!("{p}:"), CompletionItemKind::MODULE, None);
            if let Some(s) = catalog().service(p) {
                it.detail = Some(s.name.clone());
            }
            it
        })
        .collect()
}

/// The global keys and the keys of the services named, with their types.
fn keys_of(services: &[&str]) -> Vec<CompletionItem> {
    let cat = catalog();
    let mut names: Vec<&str> = cat.global_key_names().collect();
    for s in services {
        if let Some(svc) = cat.service(s) {
            names.extend(svc.key_names());
        }
    }
    let mut seen = std::collections::HashSet::new();
    names
        .into_iter()
        .filter(|n| seen.insert(n.to_ascii_lowercase()))
        .map(|n| {
            // A template key (`aws:RequestTag/${TagKey}`) is inserted up to its slash.
            let insert = n.find("${").map_or(n, |i| n.get(..i).unwrap_or(n));
            let info = cat.condition_key(n);
            let mut it = item(
                n.to_string(),
                CompletionItemKind::FIELD,
                info.map(|i| i.ty.name().to_string()),
            );
            it.insert_text = Some(insert.to_string());
            it
        })
        .collect()
}

/// The service prefixes of the actions of the statement the cursor is in (`allow s3:GetObject,
/// kms:Decrypt on ... when |`).
fn statement_services(toks: &[(usize, Token, usize)], before: usize) -> Vec<&str> {
    let mut out = Vec::new();
    for (_, t, _) in toks.iter().rev().filter(|(_, _, e)| *e <= before) {
        match t {
            Token::Allow | Token::Deny | Token::Trust | Token::RBrace | Token::LBrace => break,
            Token::QName(q) => {
                if let Some((p, _)) = q.split_once(':') {
                    if !out.contains(&p) {
                        out.push(p);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Whether the cursor is in the action list of an `allow`/`deny` (before its `on`).
fn in_actions(toks: &[(usize, Token, usize)], before: usize) -> bool {
    for (_, t, _) in toks.iter().rev().filter(|(_, _, e)| *e <= before) {
        match t {
            Token::Allow | Token::Deny | Token::Actions => return true,
            Token::Comma | Token::LBracket | Token::QName(_) | Token::Not => {}
            _ => return false,
        }
    }
    false
}

/// The comparisons that fit a key, with the IAM operator each becomes.
fn operators(key: &str) -> Vec<CompletionItem> {
    let ty = catalog()
        .condition_key(key)
        .map_or(KeyType::Unknown, |i| i.ty);
    let doc = key_hover(key).map(|v| {
        Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: v,
        })
    });
    crate::check::comparisons(ty)
        .into_iter()
        .map(|(op, iam)| (op.text(), iam))
        .chain([("exists", "Null"), ("not exists", "Null")])
        .map(|(text, iam)| {
            let mut it = item(
                text.to_string(),
                CompletionItemKind::OPERATOR,
                Some(iam.to_string()),
            );
            it.documentation = doc.clone();
            it
        })
        .collect()
}

fn decl_kind(kind: &DeclKind) -> CompletionItemKind {
    match kind {
        DeclKind::Use(_) => CompletionItemKind::MODULE,
        DeclKind::Param { .. } | DeclKind::Let { .. } => CompletionItemKind::CONSTANT,
        DeclKind::Fn { .. } | DeclKind::Template { .. } => CompletionItemKind::FUNCTION,
        DeclKind::Resource {
            kind: ResKind::Policy,
            ..
        } => CompletionItemKind::STRUCT,
        DeclKind::Resource { .. } | DeclKind::Cloud { .. } => CompletionItemKind::CLASS,
        DeclKind::Test(_) | DeclKind::Grant(_) => CompletionItemKind::EVENT,
        DeclKind::Target(_) => CompletionItemKind::KEYWORD,
    }
}

/// The declarations of a module, with their signatures and docs.
fn decls_of(a: &Analysis, module: usize) -> Vec<CompletionItem> {
    let Some(m) = a.comp.graph.modules.get(module) else {
        return vec![];
    };
    m.ast
        .decls
        .iter()
        .filter(|d| d.kind.binds_name() && !d.name.name.is_empty())
        .map(|d| {
            let mut it = item(d.name.name.clone(), decl_kind(&d.kind), Some(signature(d)));
            it.documentation = d
                .doc
                .as_ref()
                .map(|doc| Documentation::String(doc.node.clone()));
            it
        })
        .collect()
}

/// The declarations in scope, and the built-ins (`current`, `aws_managed`).
fn names(a: &Analysis) -> Vec<CompletionItem> {
    let Some(module) = a.file.and_then(|f| a.comp.module_of(f)) else {
        return vec![];
    };
    let mut v = decls_of(a, module);
    v.push(item(
        "current".into(),
        CompletionItemKind::MODULE,
        Some("the deploying account, region and partition".into()),
    ));
    v.push(item(
        "aws_managed".into(),
        CompletionItemKind::FUNCTION,
        Some("aws_managed(\"NAME\"): an AWS managed policy".into()),
    ));
    v
}

/// What follows `head.`: the declarations of an imported module (the standard library's
/// functions for `use std.aws.arn`), `current.*`, or a declaration's `.arn` and `.name`.
fn members(a: &Analysis, head: &str) -> Vec<CompletionItem> {
    let Some(mut module) = a.file.and_then(|f| a.comp.module_of(f)) else {
        return vec![];
    };
    let graph = &a.comp.graph;
    if head == "current" && graph.lookup(module, "current").is_none() {
        return ["account", "region", "partition"]
            .into_iter()
            .map(|n| item(n.into(), CompletionItemKind::PROPERTY, None))
            .collect();
    }
    for seg in head.split('.') {
        let Some(r) = graph.lookup(module, seg) else {
            return vec![];
        };
        match graph.imports.get(&(r.module, r.decl)) {
            Some(&m) => module = m,
            None => {
                let resource = matches!(graph.decl(r).kind, DeclKind::Resource { .. });
                return if resource {
                    ["arn", "name"]
                        .into_iter()
                        .map(|n| item(n.into(), CompletionItemKind::PROPERTY, None))
                        .collect()
                } else {
                    vec![]
                };
            }
        }
    }
    decls_of(a, module)
}
