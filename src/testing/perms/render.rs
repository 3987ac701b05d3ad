//! Testing stage: the permission snapshot's text (format 1, documented in docs/testing.md),
//! written one principal at a time to any writer, so a snapshot of ten thousand roles is never
//! held in memory.
//!
//! Uses the perms model only. Stable and diff-friendly: principals in author order; sections in a
//! fixed order; actions grouped by service and access level, sorted; one line per action and
//! resource, one line per condition; every text from the program or a policy escaped (no
//! control, bidirectional or invisible character reaches the file).

use super::{Entry, Grant, Item, Perms, TrustGrant};
use crate::diag::needs_escape;
use std::io::{self, Write};

/// The first line of every snapshot (its format version).
pub const MAGIC: &str = "# iamx permission snapshot, format 1 (docs/testing.md)";

/// `text` with every character that could disturb a terminal or a line-based diff escaped as
/// `\u{..}` (a backslash as `\\`).
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if needs_escape(c) || c == '\t' {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    out
}

/// The header: the format line and the values the run used.
pub fn header(w: &mut dyn Write, values: &str) -> io::Result<()> {
    writeln!(w, "{MAGIC}")?;
    writeln!(
        w,
        "# What each role and user may do, as `iamx test` computes it; review changes like code."
    )?;
    writeln!(w, "# values: {}", esc(values))
}

/// One principal's block, ending with a blank line.
pub fn block(w: &mut dyn Write, p: &Perms) -> io::Result<()> {
    writeln!(w)?;
    writeln!(w, "{} {}", p.key(), esc(&p.arn))?;
    if let Some(b) = &p.boundary {
        writeln!(w, "  boundary: {}", esc(b))?;
    }
    for u in &p.unread {
        writeln!(w, "  not read: {}", esc(u))?;
    }
    if !p.trust.is_empty() {
        writeln!(w, "  assumable by")?;
        for t in &p.trust {
            trust(w, t)?;
        }
    }
    section(w, "allows", &p.allows, true)?;
    section(w, "denies", &p.denies, true)?;
    section(w, "boundary removes", &p.removed, false)
}

fn trust(w: &mut dyn Write, t: &TrustGrant) -> io::Result<()> {
    let deny = if t.deny { "deny " } else { "" };
    writeln!(w, "    {deny}{} ({})", esc(&t.principal), esc(&t.action))?;
    for c in &t.conditions {
        writeln!(w, "      when {}", condition(c))?;
    }
    Ok(())
}

fn condition(c: &super::super::contain::Cond) -> String {
    let values: Vec<String> = c.values.iter().map(|v| esc(v)).collect();
    format!("{} {} {}", esc(&c.operator), esc(&c.key), values.join(", "))
}

/// The group header of an item: `s3 Read`, or `any service`.
fn group(item: &Item) -> String {
    match item {
        Item::Action { service, level, .. } => format!("{} {}", esc(service), level.name()),
        _ => "any service".into(),
    }
}

fn name(item: &Item) -> String {
    match item {
        Item::Action { name, .. } => esc(name),
        other => esc(&other.text()),
    }
}

fn section(w: &mut dyn Write, title: &str, entries: &[Entry], grants: bool) -> io::Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    writeln!(w, "  {title}")?;
    let mut last = String::new();
    for e in entries {
        let g = group(&e.item);
        if g != last {
            writeln!(w, "    {g}")?;
            last = g;
        }
        if !grants {
            writeln!(w, "      {}", name(&e.item))?;
            continue;
        }
        for gr in &e.grants {
            grant(w, &name(&e.item), gr)?;
        }
        for b in &e.bounded {
            writeln!(w, "        within the boundary: {}", esc(b))?;
        }
    }
    Ok(())
}

fn grant(w: &mut dyn Write, name: &str, g: &Grant) -> io::Result<()> {
    writeln!(w, "      {name} {}", esc(&g.res.text()))?;
    for c in &g.conditions {
        writeln!(w, "        when {}", condition(c))?;
    }
    Ok(())
}
