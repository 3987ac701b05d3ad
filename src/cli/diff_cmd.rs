//! `iamx diff OLD NEW` (two files or two directories) and `iamx diff --base REF [PATH...]` (the
//! working tree against a git commit): the permission difference per principal
//! (`testing::diff`), each change a diagnostic with the old and the new source. Exit 1 on any
//! broadening unless `--allow-broadening` (and on a condition change with `--deny-warnings`),
//! 2 on usage or I/O errors.

use super::git::GitHost;
use super::test_cmd::ValueArgs;
use super::{ErrorFormat, Global};
use crate::diag::{self, Diag, Severity, SourceFiles};
use crate::driver::{self, Compilation, FsHost, Host};
use crate::lints::LintConfig;
use crate::span::Span;
use crate::testing::World;
use crate::testing::diff::{Change, diff};
use crate::testing::perms::Perms;
use crate::testing::perms::build::{Expander, perms};
use codespan_reporting::files::Files;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The most modules one diff compares (each side), and how deep it looks into directories.
const MAX_FILES: usize = 10_000;
const MAX_DEPTH: usize = 32;

/// The arguments of `iamx diff`.
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// OLD NEW (two files or two directories); with --base, the working-tree files or
    /// directories to compare (default: the current directory)
    pub paths: Vec<PathBuf>,
    /// Compare the working tree with this git commit (a branch, tag or commit id)
    #[arg(long, value_name = "GIT_REF")]
    pub base: Option<String>,
    /// Report broadenings as warnings and exit 0
    #[arg(long)]
    pub allow_broadening: bool,
    #[command(flatten)]
    pub values: ValueArgs,
}

/// One module on each side (either may be missing: added or removed).
struct Pair {
    /// How the module is named in principal keys (`""` for two files).
    label: String,
    old: Option<PathBuf>,
    new: Option<PathBuf>,
}

/// Everything the diagnostics are rendered with.
struct Out {
    files: SourceFiles,
    /// How many files `files` holds.
    count: usize,
    diags: Vec<Diag>,
    io_error: bool,
    compile_error: bool,
}

pub fn run(g: &Global, config: &LintConfig, args: &DiffArgs) -> i32 {
    let git = match &args.base {
        Some(r) => match GitHost::open(r) {
            Ok(h) => Some(h),
            Err(e) => return usage(&format!("cannot read `{r}` from git: {e}"), "E0914"),
        },
        None => None,
    };
    let pairs = match pairs(args, git.as_ref()) {
        Ok(p) => p,
        Err(e) => return usage(&e, "E0801"),
    };
    let mut out = Out {
        files: SourceFiles::new(),
        count: 0,
        diags: Vec::new(),
        io_error: false,
        compile_error: false,
    };
    let old_prefix = git
        .as_ref()
        .map(|h| format!("{}:", h.name))
        .unwrap_or_default();
    let old_side = Side {
        host: match &git {
            Some(h) => h,
            None => &FsHost,
        },
        prefix: &old_prefix,
    };
    let dirs = git.is_none() && args.paths.iter().all(|p| p.is_dir());
    let ctx = Ctx {
        config,
        args,
        roots: match args.paths.as_slice() {
            [a, b] if dirs => (Some(a.as_path()), Some(b.as_path())),
            _ => (None, None),
        },
    };
    for p in &pairs {
        compare(&ctx, p, &old_side, &mut out);
    }
    render(g, &out);
    let broadened = out.diags.iter().any(|d| d.code == "E0911" && d.is_error());
    let changed = out.diags.iter().any(|d| d.code == "E0913");
    if out.io_error {
        2
    } else if out.compile_error || broadened || (g.deny_warnings && changed) {
        1
    } else {
        0
    }
}

fn usage(message: &str, code: &str) -> i32 {
    super::say_err(&format!("error[{code}]: {}", diag::clean(message, 400)));
    2
}

/// The `.iamx` files under `dir`, relative to it, sorted (symbolic links and hidden directories
/// are skipped).
fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), 0usize)];
    while let Some((d, depth)) = stack.pop() {
        let entries = std::fs::read_dir(&d).map_err(|e| format!("`{}`: {e}", d.display()))?;
        for e in entries.flatten() {
            let path = e.path();
            let Ok(ty) = e.file_type() else { continue };
            let hidden = e.file_name().to_string_lossy().starts_with('.');
            if ty.is_dir() && !hidden && depth < MAX_DEPTH {
                stack.push((path, depth + 1));
            } else if ty.is_file() && path.extension().is_some_and(|x| x == "iamx") {
                out.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
            }
            if out.len() > MAX_FILES {
                return Err(format!(
                    "more than {MAX_FILES} modules under `{}`",
                    dir.display()
                ));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Pair the modules of both sides by their path.
fn join(old_dir: &Path, old: Vec<PathBuf>, new_dir: &Path, new: Vec<PathBuf>) -> Vec<Pair> {
    let mut rels: Vec<PathBuf> = old.iter().chain(&new).cloned().collect();
    rels.sort();
    rels.dedup();
    rels.into_iter()
        .map(|r| Pair {
            label: r.display().to_string(),
            old: old.contains(&r).then(|| old_dir.join(&r)),
            new: new.contains(&r).then(|| new_dir.join(&r)),
        })
        .collect()
}

fn pairs(args: &DiffArgs, git: Option<&GitHost>) -> Result<Vec<Pair>, String> {
    match git {
        Some(h) => {
            let paths = if args.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                args.paths.clone()
            };
            let mut out = Vec::new();
            for p in paths {
                out.extend(base_pairs(h, &p)?);
            }
            Ok(out)
        }
        None => match args.paths.as_slice() {
            [a, b] if a.is_dir() && b.is_dir() => Ok(join(a, list(a)?, b, list(b)?)),
            [a, b] if a.is_file() && b.is_file() => Ok(vec![Pair {
                label: String::new(),
                old: Some(a.clone()),
                new: Some(b.clone()),
            }]),
            [a, b] => Err(format!(
                "`{}` and `{}` must be two files or two directories",
                a.display(),
                b.display()
            )),
            _ => Err("give OLD and NEW (two files or two directories), or --base GIT_REF".into()),
        },
    }
}

/// The modules of one working-tree path and of the same path in the commit.
fn base_pairs(h: &GitHost, p: &Path) -> Result<Vec<Pair>, String> {
    if p.is_file() || p.extension().is_some_and(|x| x == "iamx") {
        let exists = h.resolve(&h.absolute(p)).is_some();
        return Ok(vec![Pair {
            label: String::new(),
            old: exists.then(|| p.to_path_buf()),
            new: p.is_file().then(|| p.to_path_buf()),
        }]);
    }
    let new = if p.is_dir() {
        h.list(p, false)?
    } else {
        Vec::new()
    };
    let old = h.list(p, true)?;
    Ok(join(p, old, p, new))
}

/// Where one side's modules come from: a host, and how its files are named in messages.
struct Side<'a> {
    host: &'a dyn Host,
    /// Prepended to the side's file names (`main:` for `--base main`).
    prefix: &'a str,
}

impl Out {
    /// Add a compilation's files; the offset of its file ids in `self.files`.
    fn add_files(&mut self, c: &Compilation, prefix: &str) -> usize {
        let offset = self.count;
        let mut id = 0;
        while let (Ok(name), Ok(src)) = (c.files.name(id), c.files.source(id)) {
            self.files.add(format!("{prefix}{name}"), src.to_string());
            self.count += 1;
            id += 1;
        }
        offset
    }
}

fn shift(s: Span, offset: usize) -> Span {
    Span::new(s.file + offset, s.start, s.end)
}

fn shift_diag(mut d: Diag, offset: usize) -> Diag {
    for l in d.primary.iter_mut().chain(d.secondary.iter_mut()) {
        l.span = shift(l.span, offset);
    }
    d
}

/// The permissions of one module (`Ok(None)` when it does not compile: its errors are in `out`).
fn load(
    side: &Side<'_>,
    file: &Path,
    root: Option<&Path>,
    config: &LintConfig,
    values: &ValueArgs,
    out: &mut Out,
) -> Option<(Vec<Perms>, usize)> {
    let c = driver::compile_in(side.host, &[file.to_path_buf()], root, config);
    let offset = out.add_files(&c, side.prefix);
    out.io_error |= c.io_error;
    let errors: Vec<Diag> = c.diags.iter().filter(|d| d.is_error()).cloned().collect();
    let Some(program) = c.program.as_ref().filter(|_| errors.is_empty()) else {
        out.compile_error = true;
        out.diags
            .extend(errors.into_iter().map(|d| shift_diag(d, offset)));
        return None;
    };
    // A param only one side declares is given to that side alone.
    let mut values = values.clone();
    values.params.retain(|(n, _)| program.param(n).is_some());
    let v = match values.values(program) {
        Ok(v) => v,
        Err(ds) => {
            out.compile_error = true;
            out.diags.extend(ds);
            return None;
        }
    };
    let mut r = v.resolver(program);
    // Values not given are placeholders, the same on both sides.
    r.placeholders = true;
    let mut w = World::new(program, &r);
    let mut x = Expander::default();
    let mut all = Vec::new();
    for e in w.entities() {
        if let Some(p) = w.principal(e) {
            all.push(perms(&mut x, &p));
        }
    }
    Some((all, offset))
}

fn compare(ctx: &Ctx<'_>, pair: &Pair, old_side: &Side<'_>, out: &mut Out) {
    let new_side = Side {
        host: &FsHost,
        prefix: "",
    };
    let (old_root, new_root) = (ctx.roots.0, ctx.roots.1);
    let old = match &pair.old {
        Some(f) => match load(old_side, f, old_root, ctx.config, &ctx.args.values, out) {
            Some(x) => x,
            None => return,
        },
        None => (Vec::new(), 0),
    };
    let new = match &pair.new {
        Some(f) => match load(&new_side, f, new_root, ctx.config, &ctx.args.values, out) {
            Some(x) => x,
            None => return,
        },
        None => (Vec::new(), 0),
    };
    for mut ch in diff(&old.0, &new.0) {
        if !pair.label.is_empty() {
            ch.module = Some(pair.label.clone());
        }
        out.diags
            .push(to_diag(&ch, ctx.args.allow_broadening, old.1, new.1));
    }
}

fn to_diag(ch: &Change, allow: bool, old: usize, new: usize) -> Diag {
    ch.to_diag(allow, &|s| shift(s, old), &|s| shift(s, new))
}

/// What every comparison shares.
struct Ctx<'a> {
    config: &'a LintConfig,
    args: &'a DiffArgs,
    /// The project roots of the old and new side (the two directories compared).
    roots: (Option<&'a Path>, Option<&'a Path>),
}

fn render(g: &Global, out: &Out) {
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    let result = match g.error_format {
        ErrorFormat::Json => diag::write_json(&mut w, &out.diags, &out.files),
        ErrorFormat::Sarif => crate::diag::sarif::write_sarif(&mut w, &out.diags, &out.files),
        ErrorFormat::Human => {
            let color = super::use_color(g, std::io::stdout().is_terminal());
            let mut buf = if color {
                codespan_reporting::term::termcolor::Buffer::ansi()
            } else {
                codespan_reporting::term::termcolor::Buffer::no_color()
            };
            let _ = diag::write_human(&mut buf, &out.diags, &out.files);
            w.write_all(buf.as_slice())
                .and_then(|()| writeln!(w, "{}", summary(&out.diags)))
        }
    };
    let _ = result.and_then(|()| w.flush());
}

fn summary(diags: &[Diag]) -> String {
    let count = |code: &str| diags.iter().filter(|d| d.code == code).count();
    let (b, n, c) = (count("E0911"), count("E0912"), count("E0913"));
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error && d.code != "E0911")
        .count();
    if b + n + c == 0 && errors == 0 {
        return "iamx diff: no permission changes".into();
    }
    format!("iamx diff: {b} broadened, {n} narrowed, {c} condition changed")
}
