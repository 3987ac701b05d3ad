//! The documentation of diagnostics is generated from `iamx explain` and stays in step with the
//! codes the compiler emits; the rooms of `src/` import only what docs/architecture.md allows.
use std::path::{Path, PathBuf};

#[test]
fn diagnostics_md_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/diagnostics.md");
    let expected = iamx::diag::registry::markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/diagnostics.md is out of date; run `UPDATE_DOCS=1 cargo test --test it docs::`"
    );
}

#[test]
fn every_emitted_code_is_explained() {
    // Codes are typed (`ErrorCode`, `Lint`), so every code emitted is in the registry; what is
    // left to check is that no emit site passes a bare string and every entry explains itself.
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    for s in files.iter().map(|f| std::fs::read_to_string(f).unwrap()) {
        for bare in ["Diag::error(\"", "Diag::global(\"", "Diag::warning(\""] {
            assert!(
                !s.contains(bare),
                "a diagnostic built with a bare code: {bare}"
            );
        }
    }
    assert!(iamx::diag::registry::CODES.len() > 40);
    for e in iamx::diag::registry::CODES {
        let code = e.code.as_str();
        assert!(
            iamx::diag::registry::explain(code).is_some_and(|t| t.contains(e.title)),
            "{code} has no explanation"
        );
    }
    for lint in iamx::diag::Lint::names() {
        assert!(
            iamx::diag::registry::explain(lint).is_some(),
            "lint {lint} has no explanation"
        );
    }
}

/// What each room of `src/` may import (docs/architecture.md, "The rooms"): a stage never
/// imports a later one, and AWS knowledge is reached only through `aws`.
const ROOMS: &[(&str, &[&str])] = &[
    ("span", &[]),
    ("suggest", &[]),
    ("packed", &[]),
    ("stdlib", &[]),
    ("diag", &["span"]),
    ("ast", &["span"]),
    ("lexer", &["diag", "span"]),
    ("parser", &["ast", "diag", "lexer", "span"]),
    ("fmt", &["ast", "diag", "lexer", "parser", "span"]),
    ("resolve", &["ast", "diag", "span", "stdlib", "suggest"]),
    (
        "ir",
        &[
            "ast",
            "aws::operator",
            "azure::scopes",
            "diag",
            "gcp::scopes",
            "span",
        ],
    ),
    ("aws", &["azure", "diag", "gcp", "ir", "span", "suggest"]),
    (
        "cloud",
        &["ast", "diag", "ir", "resolve", "span", "suggest"],
    ),
    (
        "gcp",
        &[
            "ast", "azure", "cloud", "diag", "ir", "packed", "resolve", "span", "suggest",
        ],
    ),
    (
        "azure",
        &[
            "ast", "cloud", "diag", "ir", "packed", "resolve", "span", "suggest",
        ],
    ),
    ("refgraph", &["ir", "span"]),
    (
        "check",
        &[
            "ast", "aws", "diag", "ir", "refgraph", "resolve", "span", "suggest",
        ],
    ),
    ("lints", &["diag", "ir", "span"]),
    (
        "backend",
        &[
            "aws", "azure", "diag", "gcp", "ir", "refgraph", "span", "suggest",
        ],
    ),
    (
        "driver",
        &[
            "ast", "aws", "azure", "check", "diag", "gcp", "ir", "lexer", "lints", "parser",
            "resolve", "span", "stdlib", "suggest",
        ],
    ),
    ("testing", &["aws", "diag", "ir", "span"]),
    (
        "lsp",
        &[
            "ast", "aws", "check", "diag", "driver", "fmt", "lexer", "lints", "resolve", "span",
            "stdlib",
        ],
    ),
    (
        "cli",
        &[
            "aws", "backend", "diag", "driver", "fmt", "ir", "lints", "lsp", "span", "suggest",
            "testing",
        ],
    ),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn rooms_import_only_what_the_architecture_allows() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for f in &files {
        let rel = f.strip_prefix(&src).unwrap();
        let room = rel.iter().next().unwrap().to_string_lossy();
        let room = room.trim_end_matches(".rs");
        let name = rel.file_name().unwrap().to_string_lossy();
        if matches!(room, "lib" | "main") || name == "generated.rs" || name.ends_with("tests.rs") {
            continue;
        }
        let allowed = ROOMS
            .iter()
            .find(|(r, _)| *r == room)
            .unwrap_or_else(|| panic!("room `{room}` is not in the table"))
            .1;
        let text = std::fs::read_to_string(f).unwrap();
        // Library code only: a room's tests may compile whole programs.
        let code = text.split("#[cfg(test)]").next().unwrap();
        for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
            for (i, _) in line.match_indices("crate::") {
                let used: String = line[i + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                    .collect();
                // An entry `room::leaf` allows that leaf module of a room, not the room.
                let leaf = allowed
                    .iter()
                    .any(|a| a.contains("::") && line[i + 7..].starts_with(a));
                if used != room && !allowed.contains(&used.as_str()) && !leaf {
                    wrong.push(format!("{}: {room} → {used}", rel.display()));
                }
            }
        }
    }
    // A leaf another room may name uses nothing of the crate (or the rooms would form a cycle).
    for leaf in ROOMS
        .iter()
        .flat_map(|(_, a)| a.iter())
        .filter(|a| a.contains("::"))
    {
        let file = src.join(format!("{}.rs", leaf.replace("::", "/")));
        let text = std::fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        if code
            .lines()
            .any(|l| !l.trim_start().starts_with("//") && l.contains("crate::"))
        {
            wrong.push(format!(
                "{leaf} is named by another room but uses the crate"
            ));
        }
    }
    // AWS facts stay behind the AWS boundary: the lints read their tables (escalation paths,
    // action lists, condition keys, ...) from `aws::lint_data`; neither the framework nor the
    // AWS lints define their own.
    let mut lints = Vec::new();
    rust_files(&src.join("lints"), &mut lints);
    rust_files(&src.join("aws/lints"), &mut lints);
    for f in &lints {
        let text = std::fs::read_to_string(f).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap();
        for line in code.lines() {
            let l = line.trim_start();
            if (l.starts_with("const ") || l.starts_with("pub const ") || l.starts_with("static "))
                && l.contains(": &[")
            {
                wrong.push(format!(
                    "{}: a data table in the lints (it belongs in src/aws/lint_data/): {l}",
                    f.strip_prefix(&src).unwrap().display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the architecture: {wrong:#?}"
    );
}

/// A cycle among the rooms of `table`, as `a → b → a`: a leaf (`room::leaf`) is a node of its
/// own that uses nothing, so `ir` naming `gcp::scopes` while `gcp` uses `ir` is no cycle, but
/// `ir` naming `gcp` would be.
fn room_cycle(table: &[(&str, &[&str])]) -> Option<String> {
    fn visit<'a>(
        table: &[(&'a str, &'a [&'a str])],
        room: &'a str,
        path: &mut Vec<&'a str>,
        done: &mut Vec<&'a str>,
    ) -> Option<String> {
        if done.contains(&room) {
            return None;
        }
        if let Some(i) = path.iter().position(|r| *r == room) {
            return Some(format!("{} → {room}", path[i..].join(" → ")));
        }
        path.push(room);
        let uses = table
            .iter()
            .find(|(r, _)| *r == room)
            .map_or(&[][..], |(_, u)| *u);
        for used in uses.iter().filter(|u| !u.contains("::")) {
            if let Some(c) = visit(table, used, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.push(room);
        None
    }
    let mut done = Vec::new();
    table
        .iter()
        .find_map(|(room, _)| visit(table, room, &mut Vec::new(), &mut done))
}

#[test]
fn the_rooms_form_no_cycle() {
    assert_eq!(room_cycle(ROOMS), None);
    // The check can fail: `ir` naming the room `gcp` (as it once did) is a cycle.
    let once: &[(&str, &[&str])] = &[("ir", &["span", "gcp"]), ("gcp", &["ir"]), ("span", &[])];
    assert_eq!(room_cycle(once).as_deref(), Some("ir → gcp → ir"));
    let leaf: &[(&str, &[&str])] = &[("ir", &["gcp::scopes"]), ("gcp", &["ir"])];
    assert_eq!(room_cycle(leaf), None);
}

/// Every file of `tests/it/` is a module of the test crate (a file that is not would never
/// run), and `tests/` holds no test file beside it (Cargo would build it as a binary of its own).
#[test]
fn every_test_file_is_a_module_of_the_one_test_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let main = std::fs::read_to_string(root.join("it/main.rs")).unwrap();
    let declared = |name: &str| main.lines().any(|l| l == format!("mod {name};"));
    let mut modules = 0;
    for entry in std::fs::read_dir(root.join("it")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let module = path.is_dir() && path.join("mod.rs").exists()
            || path.extension().is_some_and(|e| e == "rs") && name != "main";
        if module {
            assert!(
                declared(&name),
                "tests/it/{name} is not declared in tests/it/main.rs"
            );
            modules += 1;
        }
    }
    assert!(modules > 20 && !declared("no_such_module"));
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        assert!(
            path.extension().is_none_or(|e| e != "rs"),
            "{}: integration tests are modules of tests/it/ (one test binary)",
            path.display()
        );
    }
}

/// The shared IR (`src/ir.rs`) names no cloud's room: each cloud's model is a submodule of
/// `ir` (`ir::aws`, `ir::gcp`, `ir::azure`), and only `ir::aws` names `aws::operator`.
#[test]
fn the_shared_ir_names_no_cloud() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let shared = std::fs::read_to_string(root.join("ir.rs")).unwrap();
    for room in ["crate::aws", "crate::gcp", "crate::azure"] {
        assert!(!shared.contains(room), "src/ir.rs names `{room}`");
    }
    for cloud in ["gcp.rs", "azure.rs"] {
        let part = std::fs::read_to_string(root.join("ir").join(cloud)).unwrap();
        assert!(
            !part.contains("crate::aws"),
            "src/ir/{cloud} names the AWS room"
        );
    }
    let aws = std::fs::read_to_string(root.join("ir/aws.rs")).unwrap();
    assert!(
        aws.contains("crate::aws::operator::Operator"),
        "the test reads the wrong file"
    );
}
