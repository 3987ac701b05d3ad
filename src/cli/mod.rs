//! The command line (the only place with I/O besides the driver's `Host`).
//!
//! May use: everything.

mod diff_cmd;
mod flags;
mod fmt;
mod git;
mod snapshots;
mod test_cmd;
pub mod write;

use crate::backend::{self, BuildOptions};
use crate::diag::{self, Diag, ErrorCode, Lint, Severity};
use crate::driver::{self, Compilation, FsHost};
use crate::lints::LintConfig;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// Print to stdout. A closed pipe (`iamx ... | head -1`) is not an error: output just stops,
/// as with other command-line tools, so the result is ignored here and in [`say_err`].
fn say(text: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Print a line to stderr (see [`say`]).
fn say_err(text: &str) {
    let _ = writeln!(std::io::stderr().lock(), "{text}");
}

#[derive(Parser, Debug)]
#[command(
    name = "iamx",
    version,
    about = "A typed language and compiler for AWS IAM roles, trust relationships and policies"
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Debug)]
struct Global {
    /// How to print diagnostics: human on stderr, json or sarif (2.1.0) on stdout
    #[arg(long, global = true, value_enum, default_value_t = ErrorFormat::Human)]
    error_format: ErrorFormat,
    /// Make every warning an error
    #[arg(long, global = true)]
    deny_warnings: bool,
    /// Make this lint an error (repeatable)
    #[arg(long = "deny", value_name = "LINT", global = true)]
    deny: Vec<String>,
    /// Silence this lint (repeatable)
    #[arg(long = "allow", value_name = "LINT", global = true)]
    allow: Vec<String>,
    /// The project root: `use` may read `.iamx` files under it and nothing else (default: the
    /// directory holding every file on the command line)
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Colour in human output
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum ErrorFormat {
    Human,
    Json,
    Sarif,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Target {
    Json,
    Terraform,
    Cloudformation,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum OutputsArg {
    All,
    Arns,
    None,
}

impl From<OutputsArg> for backend::Outputs {
    fn from(o: OutputsArg) -> Self {
        match o {
            OutputsArg::All => backend::Outputs::All,
            OutputsArg::Arns => backend::Outputs::Arns,
            OutputsArg::None => backend::Outputs::None,
        }
    }
}

#[derive(Args, Debug)]
struct BuildArgs {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[arg(long, value_enum)]
    target: Target,
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A param value, NAME=VALUE (repeatable)
    #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
    params: Vec<(String, String)>,
    /// The account id for `current.account`
    #[arg(long)]
    account: Option<String>,
    /// The region for `current.region`
    #[arg(long)]
    region: Option<String>,
    /// The partition for `current.partition` (default aws)
    #[arg(long)]
    partition: Option<String>,
    /// Also write source-map.json: where each document's statements come from (json target)
    #[arg(long)]
    source_map: bool,
    /// Which outputs to write (terraform, cloudformation): every ARN and name, only ARNs, or
    /// none (CloudFormation takes at most 200 outputs)
    #[arg(long, value_enum)]
    outputs: Option<OutputsArg>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Compile modules and write the output of one target to DIR
    Build(BuildArgs),
    /// Parse, resolve, type-check and lint; write nothing
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The account the modules are deployed to: trusting it is not cross-account
        #[arg(long)]
        account: Option<String>,
    },
    /// Explain an error code (E0301) or a lint; without an argument, list them all
    Explain { code: Option<String> },
    /// Run the `test` blocks and check each module's permission snapshot
    Test(test_cmd::TestArgs),
    /// The permission difference between two versions, per principal; exit 1 on a broadening
    Diff(diff_cmd::DiffArgs),
    /// Format modules in place in the canonical layout (`-`: standard input to standard output)
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing: exit 1 and name the files that formatting would change
        #[arg(long)]
        check: bool,
    },
    /// Run the language server on standard input and output (for editors; docs/editors.md)
    #[command(
        long_about = "Run the language server on standard input and output, for editors (VS Code, \
Neovim, Helix, Zed: docs/editors.md).\n\nIt reports the diagnostics of `iamx check` as you type \
(the open file and the modules it uses, unsaved edits included), and answers hover (actions, \
condition keys, declarations), completion, go to definition, find references, formatting \
(`iamx fmt`), quick fixes for every \"did you mean\" and the outline. The workspace folder the \
editor opens is the project root (`--root` when it opens none): `use` reads nothing \
outside it. `--deny`, `--allow` and `--deny-warnings` set lint levels as for `iamx check`."
    )]
    Lsp {
        /// Accepted and ignored: the server always speaks on standard input and output (some
        /// clients add this flag)
        #[arg(long, hide = true)]
        stdio: bool,
    },
}

fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((n, v)) if !n.is_empty() => Ok((n.to_string(), v.to_string())),
        _ => Err(format!("expected NAME=VALUE, got `{s}`")),
    }
}

/// Run the CLI; returns the process exit code (0 ok, 1 compile errors, 2 usage or I/O error).
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let g = &cli.global;
    let Some(deny) = lint_names(&g.deny) else {
        return 2;
    };
    let Some(allow) = lint_names(&g.allow) else {
        return 2;
    };
    let mut config = LintConfig {
        allow,
        deny,
        deny_warnings: g.deny_warnings,
        account: None,
    };
    match cli.command {
        Command::Explain { code } => explain(code.as_deref()),
        Command::Test(args) => test_cmd::run(g, &config, &args),
        Command::Diff(args) => diff_cmd::run(g, &config, &args),
        Command::Fmt { files, check } => fmt::command(g, &files, check),
        Command::Lsp { .. } => crate::lsp::serve_stdio(config, g.root.clone()),
        Command::Check { files, account } => {
            config.account = account;
            let c = driver::compile_in(&FsHost, &files, g.root.as_deref(), &config);
            report(g, &c, &[]);
            let code = exit_code(&c, &[]);
            leak_at_exit(c);
            code
        }
        Command::Build(args) => build(g, config, args),
    }
}

/// `iamx build`: compile, check the command line's values, emit one target, write it.
fn build(g: &Global, mut config: LintConfig, args: BuildArgs) -> i32 {
    config.account.clone_from(&args.account);
    let c = driver::compile_in(&FsHost, &args.files, g.root.as_deref(), &config);
    let Some(program) = c.program.as_ref().filter(|_| !c.has_errors()) else {
        report(g, &c, &[]);
        return exit_code(&c, &[]);
    };
    if let Some(usage) = usage_error(&args) {
        say_err(usage);
        leak_at_exit(c);
        return 2;
    }
    if (program.gcp.is_some() || program.azure.is_some())
        && matches!(args.target, Target::Cloudformation)
    {
        let cloud = if program.azure.is_some() {
            "Azure"
        } else {
            "Google Cloud"
        };
        say_err(&format!(
            "error: --target cloudformation is AWS-only; the program targets {cloud} \
             (build it with --target terraform or --target json)"
        ));
        leak_at_exit(c);
        return 2;
    }
    let extra = match emit(program, &c, &config, &args) {
        Err(diags) => diags,
        Ok(f) if f.warnings.iter().any(Diag::is_error) => f.warnings,
        Ok(f) => write_files(&args.out, &f),
    };
    report(g, &c, &extra);
    let code = exit_code(&c, &extra);
    if code == 0 && g.error_format == ErrorFormat::Human {
        say_err(&format!("wrote {}", args.out.display()));
    }
    leak_at_exit(c);
    code
}

/// Flags given to a target that does not take them.
fn usage_error(args: &BuildArgs) -> Option<&'static str> {
    let flags_given = !args.params.is_empty()
        || args.account.is_some()
        || args.region.is_some()
        || args.partition.is_some()
        || args.source_map;
    if flags_given && !matches!(args.target, Target::Json) {
        return Some(
            "error: --param, --account, --region, --partition and --source-map are for the json target; \
             the terraform and cloudformation outputs keep params and `current.*` as variables, \
             parameters and data sources to set at deploy time",
        );
    }
    if args.outputs.is_some() && matches!(args.target, Target::Json) {
        return Some(
            "error: --outputs is for the terraform and cloudformation targets; the json target writes no outputs",
        );
    }
    None
}

/// The files of the chosen target (the command line's values checked first), with its
/// warnings at the levels `--allow`/`--deny` set.
fn emit(
    program: &crate::ir::Program,
    c: &Compilation,
    config: &LintConfig,
    args: &BuildArgs,
) -> Result<backend::Files, Vec<Diag>> {
    let opts = backend::Options {
        values: BuildOptions {
            params: args.params.clone(),
            account: args.account.clone(),
            region: args.region.clone(),
            partition: args.partition.clone(),
        },
        outputs: args.outputs.map(Into::into).unwrap_or_default(),
    };
    let errors = flags::check_values(program, &opts.values);
    if !errors.is_empty() {
        return Err(errors);
    }
    let target: &dyn backend::Target = match args.target {
        Target::Json => &backend::Json,
        Target::Terraform => &backend::Terraform,
        Target::Cloudformation => &backend::CloudFormation,
    };
    let mut files = target.emit(program, &opts)?;
    if args.source_map {
        files
            .files
            .push(backend::json::source_map(program, &c.files));
    }
    files.warnings = config.apply(files.warnings);
    Ok(files)
}

/// Write the files; the warnings, and what could not be done, as diagnostics.
fn write_files(out: &std::path::Path, f: &backend::Files) -> Vec<Diag> {
    match write::write_output(out, &f.files) {
        Ok(w) => f
            .warnings
            .iter()
            .cloned()
            .chain(w.not_removed.iter().map(|(path, e)| {
                Diag::global(ErrorCode::E0804, format!("cannot remove `{path}`: {e}"))
                    .with_help("the new output is in place; remove this old file by hand")
            }))
            .collect(),
        Err(e) => {
            let code = if e.is_refusal() {
                ErrorCode::E0803
            } else {
                ErrorCode::E0804
            };
            vec![Diag::global(code, e.to_string()).with_help(e.outcome())]
        }
    }
}

/// The process ends right after: freeing the AST and IR piece by piece is wasted time.
#[expect(
    clippy::mem_forget,
    reason = "the process exits next; dropping a large compilation only costs time"
)]
fn leak_at_exit(c: Compilation) {
    std::mem::forget(c);
}

fn exit_code(c: &Compilation, extra: &[Diag]) -> i32 {
    if c.io_error || extra.iter().any(|d| d.code == "E0803" || d.code == "E0804") {
        2
    } else if c.has_errors() || extra.iter().any(Diag::is_error) {
        1
    } else {
        0
    }
}

/// Whether human output is coloured: `--color`, or for `auto` a terminal without `NO_COLOR`.
fn use_color(g: &Global, terminal: bool) -> bool {
    match g.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// Write the diagnostics, streamed (one at a time through a buffer), then the summary line.
fn report(g: &Global, c: &Compilation, extra: &[Diag]) {
    let all: Vec<Diag> = c.diags.iter().chain(extra).cloned().collect();
    report_diags(g, &c.files, &all, c.hidden);
}

/// [`report`] for diagnostics of `files`, `hidden` of them held back by `diag::limit`.
fn report_diags(g: &Global, files: &diag::SourceFiles, all: &[Diag], hidden: diag::Hidden) {
    let result = match g.error_format {
        ErrorFormat::Json => write_stdout(|w| diag::write_json(w, all, files)),
        ErrorFormat::Sarif => write_stdout(|w| crate::diag::sarif::write_sarif(w, all, files)),
        ErrorFormat::Human => {
            use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice as Cc};
            let color = use_color(g, std::io::stderr().is_terminal());
            let mut w = BufferedStandardStream::stderr(if color { Cc::Always } else { Cc::Never });
            // The closing E0805 diagnostic stands for the hidden ones: count those instead.
            let shown = all.iter().filter(|d| d.code != "E0805");
            let errors = shown
                .clone()
                .filter(|d| d.severity == Severity::Error)
                .count()
                + hidden.errors;
            let warnings =
                shown.filter(|d| d.severity == Severity::Warning).count() + hidden.warnings;
            diag::write_human(&mut w, all, files)
                .and_then(|()| {
                    if all.is_empty() {
                        return Ok(());
                    }
                    writeln!(
                        w,
                        "{errors} error{}, {warnings} warning{}",
                        plural(errors),
                        plural(warnings)
                    )
                })
                .and_then(|()| w.flush())
        }
    };
    // A reader that went away (a closed pipe) ends the output quietly; the exit code still
    // says how the compilation went.
    if let Err(e) = result {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            say_err(&format!("error: cannot write the diagnostics: {e}"));
        }
    }
}

fn write_stdout(f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::io::stdout().lock());
    f(&mut w)?;
    w.flush()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The lints named by `--allow` or `--deny`; `None` (after saying why) when one is unknown.
fn lint_names(names: &[String]) -> Option<Vec<Lint>> {
    let mut out = Vec::new();
    for name in names {
        let Some(lint) = Lint::from_name(name) else {
            let sug = crate::suggest::closest(name, Lint::names())
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            say_err(&format!(
                "error: unknown lint `{name}`{sug}; `iamx explain` lists them"
            ));
            return None;
        };
        out.push(lint);
    }
    Some(out)
}

fn explain(code: Option<&str>) -> i32 {
    match code {
        None => {
            for e in crate::diag::registry::CODES {
                say(&format!("{}  {}\n", e.code.as_str(), e.title));
            }
            for l in crate::diag::registry::LINTS {
                say(&format!(
                    "{}  {}{}\n",
                    l.name,
                    l.summary,
                    if l.implemented {
                        ""
                    } else {
                        " (not implemented yet)"
                    }
                ));
            }
            0
        }
        Some(c) => match crate::diag::registry::explain(c) {
            Some(text) => {
                say(&text);
                0
            }
            None => {
                let all = crate::diag::registry::CODES
                    .iter()
                    .map(|e| e.code.as_str())
                    .chain(Lint::names());
                let sug = crate::suggest::closest(c, all)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                say_err(&format!("error: no error code or lint `{c}`{sug}"));
                2
            }
        },
    }
}
