//! `iamx test FILE...`: compile, run every `test` block (`testing::run`), then check or write each
//! module's permission snapshot (`testing::perms`). The CLI does the file work: reading a
//! snapshot (bounded, one principal's block at a time) and replacing it atomically.

use super::{ErrorFormat, Global, exit_code, report, say};
use crate::backend::{self, BuildOptions};
use crate::diag::{self, Diag, ErrorCode};
use crate::driver::{self, Compilation, FsHost};
use crate::ir::Program;
use crate::ir::aws::Entity;
use crate::lints::LintConfig;
use crate::testing::perms::Principals;
use crate::testing::perms::{build::Expander, render, snapshot};
use crate::testing::{self, TestError, Values, World};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `--param`, `--account`, `--region`, `--partition`, as `build` takes them.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ValueArgs {
    /// A param value, NAME=VALUE (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = super::parse_param)]
    pub params: Vec<(String, String)>,
    /// The account id for `current.account`
    #[arg(long)]
    pub account: Option<String>,
    /// The region for `current.region`
    #[arg(long)]
    pub region: Option<String>,
    /// The partition for `current.partition` (default aws)
    #[arg(long)]
    pub partition: Option<String>,
}

impl ValueArgs {
    /// The values of a run, checked as `build` checks them (a param not given takes its
    /// default when the values are resolved).
    pub fn values(&self, p: &Program) -> Result<Values, Vec<Diag>> {
        let opts = BuildOptions {
            params: self.params.clone(),
            account: self.account.clone(),
            region: self.region.clone(),
            partition: self.partition.clone(),
        };
        let errors = super::flags::check_values(p, &opts);
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Values {
            params: backend::json::param_values(p, &opts),
            account: self.account.clone(),
            region: self.region.clone(),
            partition: self.partition.clone(),
        })
    }
}

/// The arguments of `iamx test`.
#[derive(clap::Args, Debug)]
pub struct TestArgs {
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub values: ValueArgs,
    /// Where the snapshots are: DIR/NAME.perms (default: __snapshots__/NAME.perms beside each
    /// module)
    #[arg(long, value_name = "DIR")]
    pub snapshots: Option<PathBuf>,
    /// Write the snapshots of this run (accept the changes)
    #[arg(long)]
    pub update_snapshots: bool,
    /// Run the expectations only: no snapshot is read or written
    #[arg(long, conflicts_with_all = ["snapshots", "update_snapshots"])]
    pub no_snapshots: bool,
}

/// What happened to one module's snapshot.
enum Status {
    Same,
    Written,
    Changed(usize),
    Missing,
    Failed,
}

struct Snap {
    path: PathBuf,
    status: Status,
    changes: Vec<snapshot::Changed>,
}

pub fn run(g: &Global, config: &LintConfig, args: &TestArgs) -> i32 {
    let c = driver::compile_in(&FsHost, &args.files, g.root.as_deref(), config);
    let Some(program) = c.program.as_ref().filter(|_| !c.has_errors()) else {
        report(g, &c, &[]);
        return exit_code(&c, &[]);
    };
    if program.gcp.is_some() || program.azure.is_some() {
        report(g, &c, &[]);
        super::say_err(
            "error: iamx test evaluates AWS modules; Google Cloud and Azure modules (`target gcp`, `target azure`) have no evaluator yet: check and build them",
        );
        return 2;
    }
    let values = match args.values.values(program) {
        Ok(v) => v,
        Err(diags) => return fail(g, &c, &diags),
    };
    let r = values.resolver(program);
    let mut world = World::new(program, &r);
    let missing = world.check_values();
    let results = match missing.is_empty() {
        true => testing::run::run(program, &mut world, &r),
        false => Err(missing),
    };
    let results = match results {
        Ok(x) => x,
        Err(missing) => return fail(g, &c, &missing_diags(&missing)),
    };
    let mut extra = results.diags.clone();
    let snaps = if args.no_snapshots {
        Vec::new()
    } else {
        let paths = match snapshot_paths(args) {
            Ok(paths) => paths,
            Err(d) => return fail_usage(g, &c, &d),
        };
        let mut run = Run {
            args,
            world: &mut world,
            c: &c,
            values: &values,
        };
        paths
            .into_iter()
            .map(|(path, roots)| check(&mut run, &path, &roots, &mut extra))
            .collect()
    };
    extra.extend(missing_diags(world.missing()));
    let human = g.error_format == ErrorFormat::Human;
    if human {
        say(&progress(&results, &snaps, &c));
    }
    report(g, &c, &extra);
    let failed_io = snaps.iter().any(|s| matches!(s.status, Status::Failed));
    let code = if failed_io { 2 } else { exit_code(&c, &extra) };
    if human {
        say(&summary(&results, &snaps));
    }
    drop(world);
    super::leak_at_exit(c);
    code
}

fn missing_diags(missing: &[crate::aws::policy_json::write::Missing]) -> Vec<Diag> {
    missing.iter().map(backend::missing_diag).collect()
}

fn fail(g: &Global, c: &Compilation, diags: &[Diag]) -> i32 {
    report(g, c, diags);
    exit_code(c, diags).max(1)
}

fn fail_usage(g: &Global, c: &Compilation, d: &Diag) -> i32 {
    report(g, c, std::slice::from_ref(d));
    2
}

/// Each snapshot file and the root files whose principals it holds (one per root file).
fn snapshot_paths(args: &TestArgs) -> Result<Vec<(PathBuf, Vec<String>)>, Box<Diag>> {
    let mut out: Vec<(PathBuf, Vec<String>)> = Vec::new();
    for f in &args.files {
        let shown = driver::normalize(f);
        let stem = shown
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let dir = match &args.snapshots {
            Some(d) => d.clone(),
            None => driver::dir_of(&shown).join("__snapshots__"),
        };
        let path = dir.join(format!("{stem}.perms"));
        if out.iter().any(|(p, _)| *p == path) {
            return Err(Box::new(Diag::global(ErrorCode::E0801,
                format!("two modules would share the snapshot `{}`", path.display()),
            )
            .with_help("modules of the same name in different directories need their own snapshot directories: drop `--snapshots`, or run them separately")));
        }
        out.push((path, vec![shown.to_string_lossy().into_owned()]));
    }
    Ok(out)
}

/// The roles and users whose declaration is in one of `roots` (or, for the first snapshot, in
/// a module that is not a root: an imported one).
fn members<'p>(
    w: &World<'_, 'p>,
    c: &Compilation,
    roots: &[String],
    first: bool,
    all_roots: &[String],
) -> Vec<&'p Entity> {
    use codespan_reporting::files::Files;
    w.entities()
        .into_iter()
        .filter(|e| {
            let name = c.files.name(e.common().span.file).unwrap_or_default();
            roots.contains(&name) || (first && !all_roots.contains(&name))
        })
        .collect()
}

/// What checking a snapshot needs of the run.
struct Run<'a, 'r, 'p> {
    args: &'a TestArgs,
    world: &'a mut World<'r, 'p>,
    c: &'a Compilation,
    values: &'a Values,
}

fn check(run: &mut Run<'_, '_, '_>, path: &Path, roots: &[String], extra: &mut Vec<Diag>) -> Snap {
    let all: Vec<String> = run
        .args
        .files
        .iter()
        .map(|f| driver::normalize(f).to_string_lossy().into_owned())
        .collect();
    let first = roots.first() == all.first();
    let entities = members(run.world, run.c, roots, first, &all);
    let values = run.values.describe();
    let mut x = Expander::default();
    let mut snap = Snap {
        path: path.to_path_buf(),
        status: Status::Same,
        changes: Vec::new(),
    };
    let mut set = Principals {
        world: run.world,
        x: &mut x,
        entities: &entities,
    };
    let outcome = match super::snapshots::compare(path, &header_text(&values), &mut set) {
        Ok(o) => o,
        Err(e) => {
            extra.push(*e);
            snap.status = Status::Failed;
            return snap;
        }
    };
    match (outcome, run.args.update_snapshots) {
        (Some(o), _) if o.same() => {}
        (o, true) => match super::snapshots::write(path, &values, &mut set) {
            Err(e) => {
                extra.push(*e);
                snap.status = Status::Failed;
            }
            Ok(()) => {
                snap.status = Status::Written;
                snap.changes = o.map(|o| o.changed).unwrap_or_default();
            }
        },
        (None, false) => {
            let shown = path.display().to_string();
            extra.push(TestError::SnapshotMissing { path: shown }.to_diag());
            snap.status = Status::Missing;
        }
        (Some(o), false) => {
            extra.extend(changed_diags(path, &o));
            snap.status = Status::Changed(o.changed.len() + o.gone.len());
            snap.changes = o.changed;
        }
    }
    snap
}

/// A diagnostic per principal whose permissions differ from the snapshot, or that is gone.
fn changed_diags(path: &Path, o: &snapshot::Outcome) -> Vec<Diag> {
    let shown = path.display().to_string();
    let mut out = Vec::new();
    for ch in &o.changed {
        let principal = if ch.key == "header" {
            "the run's values".to_string()
        } else {
            format!("`{}`", ch.key)
        };
        let err = match ch.span {
            Some(span) => TestError::SnapshotDiffers {
                principal,
                path: shown.clone(),
                span,
            },
            None => TestError::SnapshotGone {
                principal,
                path: shown.clone(),
            },
        };
        out.push(err.to_diag());
    }
    for key in &o.gone {
        let principal = format!("`{key}`");
        let path = shown.clone();
        out.push(TestError::SnapshotGone { principal, path }.to_diag());
    }
    out
}

fn header_text(values: &str) -> String {
    let mut h = Vec::new();
    let _ = render::header(&mut h, values);
    String::from_utf8_lossy(&h).into_owned()
}

/// The lines printed before the diagnostics: each test block, then each snapshot with its
/// differences (escaped: a snapshot file is untrusted input too).
fn progress(results: &testing::Report, snaps: &[Snap], c: &Compilation) -> String {
    use codespan_reporting::files::Files;
    let mut s = String::new();
    for t in &results.tests {
        let file = c.files.name(t.span.file).unwrap_or_default();
        let status = match t.failed {
            0 => "ok".to_string(),
            n => format!("FAILED ({n} of {} expectations)", t.expectations),
        };
        let _ = writeln!(
            s,
            "test {} \"{}\" ... {status}",
            diag::clean(&file, 200),
            diag::clean(&t.name, 200)
        );
    }
    for snap in snaps {
        let status = match snap.status {
            Status::Same => "ok".to_string(),
            Status::Written => "written".into(),
            Status::Changed(n) => format!("CHANGED ({n} principal{})", plural(n)),
            Status::Missing => "MISSING".into(),
            Status::Failed => "FAILED".into(),
        };
        let _ = writeln!(
            s,
            "snapshot {} ... {status}",
            diag::clean(&snap.path.display().to_string(), 400)
        );
        if matches!(snap.status, Status::Changed(_)) {
            for ch in &snap.changes {
                let _ = writeln!(s, "--- {} (snapshot)\n+++ {} (now)", ch.key, ch.key);
                for l in ch.diff.lines() {
                    let _ = writeln!(s, "{}", diag::clean(l, 400));
                }
            }
        }
    }
    s
}

fn summary(results: &testing::Report, snaps: &[Snap]) -> String {
    let tests = results.tests.len();
    let failed = results.tests.iter().filter(|t| t.failed > 0).count();
    let expectations: usize = results.tests.iter().map(|t| t.expectations).sum();
    let bad = snaps
        .iter()
        .filter(|s| !matches!(s.status, Status::Same | Status::Written))
        .count();
    let ok = failed == 0 && bad == 0;
    format!(
        "test result: {}. {tests} test{}, {expectations} expectation{}, {failed} failed; {} snapshot{}, {bad} not matching\n",
        if ok { "ok" } else { "FAILED" },
        plural(tests),
        plural(expectations),
        snaps.len(),
        plural(snaps.len()),
    )
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
