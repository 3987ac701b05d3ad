//! Testing stage: the permission difference between two versions of a program (`iamx diff`),
//! principal by principal, each change classified:
//! - **broadened**: something is allowed that was not — a new principal, action, resource or
//!   trusted principal, a condition removed or loosened, a deny or boundary limit removed or
//!   narrowed, a policy attached that iamx cannot read;
//! - **narrowed**: the reverse;
//! - **condition changed**: the same resources, with conditions neither side provably contains
//!   (an endpoint swapped for another).
//!
//! Uses the perms model and [`super::contain`]. A grant of the new version counts as old when an
//! old grant covers it (its resource pattern contains the new one and its conditions are
//! looser), so `s3:Get*` becoming `s3:GetObject` is a narrowing, and `GetObject` on `b/*`
//! becoming `GetObject` on `*` a broadening. Containment is sound but not complete (see
//! `contain`): where it cannot decide, the change is reported, never hidden.

use super::contain::{Cond, conds_cover, glob_contains};
use super::perms::{Entry, Grant, Item, Perms, Res, TrustGrant};
use crate::aws::catalog::glob_match;
use crate::diag::{Diag, ErrorCode, Severity};
use crate::span::Span;
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    Broadened,
    Narrowed,
    ConditionChanged,
}

impl Class {
    pub fn name(self) -> &'static str {
        match self {
            Class::Broadened => "broadened",
            Class::Narrowed => "narrowed",
            Class::ConditionChanged => "condition changed",
        }
    }
}

/// Which part of a principal changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// The principal itself (added or removed).
    Principal,
    Allows,
    Denies,
    Trust,
    /// Policies iamx cannot read.
    Unread,
}

/// One change: a principal, what changed (one line per item), and where, in the old and the new
/// version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `role app`.
    pub principal: String,
    /// The module, when directories are compared (set by the caller).
    pub module: Option<String>,
    pub section: Section,
    pub class: Class,
    pub items: Vec<String>,
    pub new: Vec<Span>,
    pub old: Vec<Span>,
}

/// Changes of one principal, merged by section, class and sources.
#[derive(Default)]
struct Collect {
    out: Vec<Change>,
}

impl Collect {
    fn add(
        &mut self,
        principal: &str,
        section: Section,
        class: Class,
        item: String,
        new: Vec<Span>,
        old: Vec<Span>,
    ) {
        let found = self.out.iter_mut().find(|c| {
            c.principal == principal
                && c.section == section
                && c.class == class
                && c.new == new
                && c.old == old
        });
        match found {
            Some(c) => c.items.push(item),
            None => self.out.push(Change {
                principal: principal.to_string(),
                module: None,
                section,
                class,
                items: vec![item],
                new,
                old,
            }),
        }
    }
}

/// The difference between the principals of two versions (keys `role id`, prefixed by the
/// caller when modules are paired by path).
pub fn diff(old: &[Perms], new: &[Perms]) -> Vec<Change> {
    let mut c = Collect::default();
    for n in new {
        match old.iter().find(|o| o.key() == n.key()) {
            Some(o) => principal(&mut c, o, n),
            None => c.add(
                &n.key(),
                Section::Principal,
                Class::Broadened,
                summary("new", n),
                vec![n.span],
                vec![],
            ),
        }
    }
    for o in old
        .iter()
        .filter(|o| !new.iter().any(|n| n.key() == o.key()))
    {
        c.add(
            &o.key(),
            Section::Principal,
            Class::Narrowed,
            summary("removed", o),
            vec![],
            vec![o.span],
        );
    }
    c.out
}

fn summary(what: &str, p: &Perms) -> String {
    let n = p.allows.len();
    let t = p.trust.len();
    format!(
        "{what} {} with {n} allowed action{} and {t} trusted principal{}",
        p.kind.keyword(),
        if n == 1 { "" } else { "s" },
        if t == 1 { "" } else { "s" }
    )
}

fn principal(c: &mut Collect, o: &Perms, n: &Perms) {
    let key = n.key();
    entries(c, &key, Section::Allows, &o.allows, &n.allows);
    entries(c, &key, Section::Denies, &o.denies, &n.denies);
    trust(c, &key, &o.trust, &n.trust);
    for u in n.unread.iter().filter(|u| !o.unread.contains(u)) {
        let item = format!("attaches `{u}`, which iamx cannot read");
        c.add(
            &key,
            Section::Unread,
            Class::Broadened,
            item,
            vec![n.span],
            vec![],
        );
    }
    for u in o.unread.iter().filter(|u| !n.unread.contains(u)) {
        let item = format!("no longer attaches `{u}`");
        c.add(
            &key,
            Section::Unread,
            Class::Narrowed,
            item,
            vec![],
            vec![o.span],
        );
    }
}

/// Whether `a` names every action `b` names.
fn item_covers(a: &Item, b: &Item) -> bool {
    match (a, b) {
        _ if a == b => true,
        (Item::Pattern(p), _) if p == "*" => true,
        (_, Item::Action { .. }) => a.covers_action(&b.text()),
        (Item::Pattern(p), Item::Pattern(q)) => glob_contains(p, q, true),
        (Item::Except(ps), Item::Except(qs)) => ps.iter().all(|p| {
            qs.iter()
                .any(|q| glob_contains(p, q, true) || glob_match(q, p))
        }),
        _ => false,
    }
}

/// Whether every grant of `b` is covered by one of `a`.
fn covers_all(a: &[Grant], b: &[Grant]) -> bool {
    b.iter().all(|g| a.iter().any(|x| x.covers(g)))
}

/// Whether another entry of `side` (a pattern) already covers `e` entirely.
fn covered_elsewhere(side: &[Entry], e: &Entry) -> bool {
    // Only a pattern covers another item (an action covers only itself, found by key), and the
    // entries are sorted with the patterns after the actions: linear in the patterns.
    side.iter()
        .rev()
        .take_while(|x| !matches!(x.item, Item::Action { .. }))
        .any(|x| {
            x.item != e.item && item_covers(&x.item, &e.item) && covers_all(&x.grants, &e.grants)
        })
}

fn sources(gs: &[Grant]) -> Vec<Span> {
    let mut v: Vec<Span> = gs.iter().flat_map(|g| g.sources.iter().copied()).collect();
    v.sort_by_key(|s| (s.file, s.start, s.end));
    v.dedup();
    v
}

fn grants_text(gs: &[Grant]) -> String {
    let parts: Vec<String> = gs
        .iter()
        .map(|g| {
            let mut s = match &g.res {
                Res::On(r) => format!("on `{r}`"),
                Res::NotOn(rs) => format!(
                    "on every resource except {}",
                    rs.iter()
                        .map(|r| format!("`{r}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            for cnd in &g.conditions {
                s.push_str(&format!(" when `{}`", cond_text(cnd)));
            }
            s
        })
        .collect();
    parts.join("; ")
}

fn cond_text(c: &Cond) -> String {
    format!("{} {} {}", c.operator, c.key, c.values.join(", "))
}

/// Allows (`Section::Allows`) or denies, item by item. For denies the direction is reversed: a
/// deny that covers more narrows.
fn entries(c: &mut Collect, key: &str, section: Section, old: &[Entry], new: &[Entry]) {
    let deny = section == Section::Denies;
    let (more, less) = if deny {
        (Class::Narrowed, Class::Broadened)
    } else {
        (Class::Broadened, Class::Narrowed)
    };
    let verb = if deny { "denied" } else { "allowed" };
    let old_map: BTreeMap<&Item, &Entry> = old.iter().map(|e| (&e.item, e)).collect();
    let new_map: BTreeMap<&Item, &Entry> = new.iter().map(|e| (&e.item, e)).collect();
    for n in new {
        match old_map.get(&n.item) {
            None if covered_elsewhere(old, n) => {}
            None => {
                let item = format!("`{}` {verb} {}", n.item.text(), grants_text(&n.grants));
                c.add(key, section, more, item, sources(&n.grants), vec![]);
            }
            Some(o) => changed(c, key, section, (more, less), o, n),
        }
    }
    for o in old.iter().filter(|o| !new_map.contains_key(&o.item)) {
        if covered_elsewhere(new, o) {
            continue;
        }
        let item = format!(
            "`{}` no longer {verb} {}",
            o.item.text(),
            grants_text(&o.grants)
        );
        c.add(key, section, less, item, vec![], sources(&o.grants));
    }
}

/// One item on both sides: its grants (and the boundary's limits) compared.
fn changed(
    c: &mut Collect,
    key: &str,
    section: Section,
    (more, less): (Class, Class),
    o: &Entry,
    n: &Entry,
) {
    let mut up = !covers_all(&o.grants, &n.grants);
    let mut down = !covers_all(&n.grants, &o.grants);
    let mut other = false;
    if o.bounded != n.bounded {
        match (o.bounded.is_empty(), n.bounded.is_empty()) {
            (false, true) => up = true,
            (true, false) => down = true,
            _ => other = true,
        }
    }
    let same_res = {
        let mut a: Vec<_> = o.grants.iter().map(|g| &g.res).collect();
        let mut b: Vec<_> = n.grants.iter().map(|g| &g.res).collect();
        a.sort();
        a.dedup();
        b.sort();
        b.dedup();
        a == b
    };
    let class = match (up, down) {
        (false, false) if !other => return,
        (true, false) => more,
        (false, true) => less,
        _ if same_res => Class::ConditionChanged,
        _ => more,
    };
    let mut item = format!(
        "`{}` now {}, was {}",
        n.item.text(),
        grants_text(&n.grants),
        grants_text(&o.grants)
    );
    if o.bounded != n.bounded {
        item.push_str(&format!(
            " (within the boundary: now {}, was {})",
            limits(&n.bounded),
            limits(&o.bounded)
        ));
    }
    c.add(
        key,
        section,
        class,
        item,
        sources(&n.grants),
        sources(&o.grants),
    );
}

fn limits(b: &[String]) -> String {
    if b.is_empty() {
        "everything".into()
    } else {
        b.join("; ")
    }
}

type TrustKey<'a> = (&'a str, &'a str, bool);

fn trust_groups(ts: &[TrustGrant]) -> BTreeMap<TrustKey<'_>, Vec<&TrustGrant>> {
    let mut m: BTreeMap<TrustKey<'_>, Vec<&TrustGrant>> = BTreeMap::new();
    for t in ts {
        m.entry((t.principal.as_str(), t.action.as_str(), t.deny))
            .or_default()
            .push(t);
    }
    m
}

fn trust_conds(cs: &[Cond]) -> String {
    if cs.is_empty() {
        return "without a condition".into();
    }
    let v: Vec<String> = cs.iter().map(|c| format!("`{}`", cond_text(c))).collect();
    format!("when {}", v.join(" and "))
}

/// Whether one of `a` admits every request `t` admits.
fn trust_covered(a: &[&TrustGrant], t: &TrustGrant) -> bool {
    a.iter().any(|x| conds_cover(&x.conditions, &t.conditions))
}

fn trust_sources(ts: &[&TrustGrant]) -> Vec<Span> {
    let mut v: Vec<Span> = ts.iter().flat_map(|t| t.sources.iter().copied()).collect();
    v.sort_by_key(|s| (s.file, s.start, s.end));
    v.dedup();
    v
}

fn trust(c: &mut Collect, key: &str, old: &[TrustGrant], new: &[TrustGrant]) {
    let (om, nm) = (trust_groups(old), trust_groups(new));
    for (k, ns) in &nm {
        let (principal, action, deny) = *k;
        let (more, less) = if deny {
            (Class::Narrowed, Class::Broadened)
        } else {
            (Class::Broadened, Class::Narrowed)
        };
        let who = format!("`{principal}` (`{action}`)");
        let Some(os) = om.get(k) else {
            let item = if deny {
                format!("denies {who}")
            } else {
                format!("now assumable by {who}")
            };
            c.add(key, Section::Trust, more, item, trust_sources(ns), vec![]);
            continue;
        };
        let up = ns.iter().any(|t| !trust_covered(os, t));
        let down = os.iter().any(|t| !trust_covered(ns, t));
        let class = match (up, down) {
            (false, false) => continue,
            (true, false) => more,
            (false, true) => less,
            _ => Class::ConditionChanged,
        };
        let conds = |ts: &[&TrustGrant]| -> String {
            let v: Vec<String> = ts.iter().map(|t| trust_conds(&t.conditions)).collect();
            v.join(" or ")
        };
        let item = format!("{who} now {}, was {}", conds(ns), conds(os));
        c.add(
            key,
            Section::Trust,
            class,
            item,
            trust_sources(ns),
            trust_sources(os),
        );
    }
    for (k, os) in om.iter().filter(|(k, _)| !nm.contains_key(*k)) {
        let (principal, action, deny) = *k;
        let class = if deny {
            Class::Broadened
        } else {
            Class::Narrowed
        };
        let item = if deny {
            format!("no longer denies `{principal}` (`{action}`)")
        } else {
            format!("no longer assumable by `{principal}` (`{action}`)")
        };
        c.add(key, Section::Trust, class, item, vec![], trust_sources(os));
    }
}

impl Change {
    /// The diagnostic of a change: an error for a broadening (a warning with
    /// `allow_broadening`), a warning for a condition change, a note for a narrowing. `old` and
    /// `new` map each version's spans into the files the diagnostic is rendered with.
    pub fn to_diag(
        &self,
        allow_broadening: bool,
        old: &dyn Fn(Span) -> Span,
        new: &dyn Fn(Span) -> Span,
    ) -> Diag {
        let (code, severity, what) = match self.class {
            Class::Broadened if allow_broadening => {
                (ErrorCode::E0911, Severity::Warning, "broadened")
            }
            Class::Broadened => (ErrorCode::E0911, Severity::Error, "broadened"),
            Class::Narrowed => (ErrorCode::E0912, Severity::Note, "narrowed"),
            Class::ConditionChanged => (ErrorCode::E0913, Severity::Warning, "changed"),
        };
        let first = self.items.first().cloned().unwrap_or_default();
        let more = match self.items.len() {
            0 | 1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        let (kind, id) = self
            .principal
            .rsplit_once(' ')
            .unwrap_or(("", &self.principal));
        let whose = match &self.module {
            Some(m) => format!("{kind} `{id}` in `{m}`"),
            None => format!("{kind} `{id}`"),
        };
        let message = match self.class {
            Class::ConditionChanged => format!("conditions of {whose} {what}: {first}{more}"),
            _ => format!("permissions of {whose} {what}: {first}{more}"),
        };
        let mut labels: Vec<(Span, &str)> = self.new.iter().map(|s| (new(*s), "now")).collect();
        labels.extend(self.old.iter().map(|s| (old(*s), "before")));
        let mut it = labels.into_iter();
        let mut d = match it.next() {
            Some((span, label)) => Diag::error(code, message, span, label),
            None => Diag::global(code, message),
        };
        d.severity = severity;
        for (span, label) in it.take(8) {
            d = d.with_label(span, label);
        }
        if self.items.len() > 1 {
            let mut help: Vec<String> = self.items.iter().take(20).cloned().collect();
            if self.items.len() > 20 {
                help.push(format!("and {} more", self.items.len() - 20));
            }
            d = d.with_help(help.join("; "));
        }
        d
    }
}
