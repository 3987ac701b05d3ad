//! Testing stage: permission snapshots — what each role and user may do, computed from the world
//! as deployed ([`build`]), written as a stable, diff-friendly text ([`render`]) and compared
//! with the committed one principal at a time ([`snapshot`]).
//!
//! Uses the world, the catalog (action expansion and access levels) and [`super::contain`]. The
//! model is per action: every allow statement is split into one grant per action (a pattern
//! expanded against the catalog) and per resource, so reordering or regrouping statements
//! changes nothing, and a diff reads as the actions and resources that came or went.

pub mod build;
pub mod render;
pub mod snapshot;

use super::contain::Cond;
use crate::aws::catalog::AccessLevel;
use crate::ir::Kind;
use crate::span::Span;

/// What a grant is about: one catalog action, or a pattern the snapshot keeps as written.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    /// A catalog action: its service prefix, access level and name.
    Action {
        service: String,
        level: AccessLevel,
        name: String,
    },
    /// A pattern across services (`*`, `*:Get*`), or an action the catalog does not know.
    Pattern(String),
    /// `NotAction`: every action but these patterns (sorted).
    Except(Vec<String>),
}

impl Item {
    /// `s3:GetObject`, the pattern, or `* except iam:*, sts:*`.
    pub fn text(&self) -> String {
        match self {
            Item::Action { service, name, .. } => format!("{service}:{name}"),
            Item::Pattern(p) => p.clone(),
            Item::Except(ps) => format!("* except {}", ps.join(", ")),
        }
    }

    /// Whether this item covers the catalog action `qualified` (any case).
    pub fn covers_action(&self, qualified: &str) -> bool {
        match self {
            Item::Action { .. } => self.text().eq_ignore_ascii_case(qualified),
            Item::Pattern(p) => crate::aws::catalog::glob_match(p, qualified),
            Item::Except(ps) => !ps
                .iter()
                .any(|p| crate::aws::catalog::glob_match(p, qualified)),
        }
    }
}

/// The resource side of a grant: one resource pattern, or `NotResource` (every resource but
/// these, sorted).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Res {
    On(String),
    NotOn(Vec<String>),
}

impl Res {
    pub fn text(&self) -> String {
        match self {
            Res::On(r) => format!("on {r}"),
            Res::NotOn(rs) => format!("on every resource except {}", rs.join(", ")),
        }
    }

    /// Whether this side covers every resource `other` covers.
    pub fn covers(&self, other: &Res) -> bool {
        use super::contain::resource_contains;
        match (self, other) {
            (Res::On(a), Res::On(b)) => resource_contains(a, b),
            (Res::On(a), Res::NotOn(_)) => a == "*",
            (Res::NotOn(a), Res::NotOn(b)) => {
                a.iter().all(|x| b.iter().any(|y| resource_contains(y, x)))
            }
            (Res::NotOn(a), Res::On(b)) => !a
                .iter()
                .any(|x| resource_contains(x, b) || resource_contains(b, x) || x.contains('*')),
        }
    }
}

/// What a grant allows (or a deny takes away): a resource side and the conditions (sorted),
/// and where it is written (not part of its identity).
#[derive(Clone, Debug)]
pub struct Grant {
    pub res: Res,
    pub conditions: Vec<Cond>,
    pub sources: Vec<Span>,
}

impl Grant {
    /// The grant's identity: resource and conditions.
    pub fn key(&self) -> (&Res, &[Cond]) {
        (&self.res, &self.conditions)
    }

    /// Whether this grant admits every request `other` admits.
    pub fn covers(&self, other: &Grant) -> bool {
        self.res.covers(&other.res)
            && super::contain::conds_cover(&self.conditions, &other.conditions)
    }

    pub fn unconditional(&self) -> bool {
        self.conditions.is_empty()
    }
}

impl PartialEq for Grant {
    fn eq(&self, other: &Grant) -> bool {
        self.key() == other.key()
    }
}

/// One action (or pattern) and its grants, sorted by resource then conditions.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub item: Item,
    pub grants: Vec<Grant>,
    /// What the permissions boundary still allows of it, when it allows it only in part
    /// (rendered as lines of text); empty when the boundary does not limit it.
    pub bounded: Vec<String>,
}

/// Who a role's trust policy lets assume it, one principal and action at a time.
#[derive(Clone, Debug)]
pub struct TrustGrant {
    /// `service ecs-tasks.amazonaws.com`, `AWS arn:aws:iam::111122223333:root`,
    /// `federated ...`, `anyone`, or `not AWS ...` for `NotPrincipal`.
    pub principal: String,
    pub action: String,
    pub conditions: Vec<Cond>,
    pub deny: bool,
    pub sources: Vec<Span>,
}

impl PartialEq for TrustGrant {
    fn eq(&self, o: &TrustGrant) -> bool {
        (&self.principal, &self.action, &self.conditions, self.deny)
            == (&o.principal, &o.action, &o.conditions, o.deny)
    }
}

/// What one role or user may do.
#[derive(Clone, Debug, PartialEq)]
pub struct Perms {
    pub kind: Kind,
    pub id: String,
    pub arn: String,
    pub span: Span,
    /// The boundary's name (`policy \`cap\``, `AWS managed policy \`PowerUserAccess\``).
    pub boundary: Option<String>,
    /// Policies iamx cannot read: `ARN (attached)` or `ARN (boundary)`.
    pub unread: Vec<String>,
    pub trust: Vec<TrustGrant>,
    /// Allowed actions (after the boundary and the denies that take an action away everywhere).
    pub allows: Vec<Entry>,
    /// Denies that carve something out of the allowed actions.
    pub denies: Vec<Entry>,
    /// Actions the identity policies allow and the permissions boundary does not.
    pub removed: Vec<Entry>,
}

impl Perms {
    /// The block's key in a snapshot and a diff: `role task`.
    pub fn key(&self) -> String {
        format!("{} {}", self.kind.keyword(), self.id)
    }
}

/// The principals of one snapshot, built from the world one at a time when their block is
/// needed and dropped after it: neither the principals' documents nor the snapshot's text are
/// ever all in memory.
pub struct Principals<'a, 'r, 'p> {
    pub world: &'a mut super::World<'r, 'p>,
    pub x: &'a mut build::Expander,
    pub entities: &'a [&'p crate::ir::aws::Entity],
}

impl Principals<'_, '_, '_> {
    /// Each principal's block: its key, declaration and text (as [`render::block`] writes it).
    pub fn blocks(&mut self) -> impl Iterator<Item = (String, Span, String)> + '_ {
        let Principals { world, x, entities } = self;
        entities.iter().filter_map(move |e| {
            let p = world.principal(e)?;
            let perms = build::perms(x, &p);
            let mut buf = Vec::new();
            render::block(&mut buf, &perms).ok()?;
            Some((
                perms.key(),
                p.span,
                String::from_utf8_lossy(&buf).into_owned(),
            ))
        })
    }
}

/// Write a whole snapshot: the header (with the run's values), then each principal's block.
pub fn write(
    w: &mut dyn std::io::Write,
    values: &str,
    set: &mut Principals<'_, '_, '_>,
) -> std::io::Result<()> {
    render::header(w, values)?;
    for (_, _, text) in set.blocks() {
        w.write_all(text.as_bytes())?;
    }
    Ok(())
}
