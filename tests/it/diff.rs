//! `iamx diff` as users run it: each class of change (tests/diff/CASE.old.iamx against
//! CASE.new.iamx, the snapshot shows both sources beside the output and the exit code), two
//! directories, `--base GIT_REF` on a throw-away repository, `--allow-broadening` and the
//! machine formats.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use crate::cmd;

use cmd::iamx_in;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn iamx(args: &[&str]) -> Output {
    iamx_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn text(o: &Output) -> String {
    format!("{}exit {}", cmd::output(o), o.status.code().unwrap_or(-1))
}

fn tmp(name: &str) -> PathBuf {
    cmd::tmp("diff", name)
}

#[test]
fn each_class_of_change() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    insta::glob!("../diff", "*.new.iamx", |path| {
        let new = path.strip_prefix(root).unwrap().to_path_buf();
        let name = new
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".new.iamx", "");
        let old = new.with_file_name(format!("{name}.old.iamx"));
        let o = iamx(&["diff", old.to_str().unwrap(), new.to_str().unwrap()]);
        let out = text(&o);
        let code = o.status.code().unwrap();
        match name.split('_').next().unwrap() {
            "broadened" => assert_eq!(code, 1, "{name}: {out}"),
            _ => assert_eq!(code, 0, "{name}: {out}"),
        }
        let classes = ["E0911", "E0912", "E0913"];
        let expected = match name.as_str() {
            n if n.starts_with("broadened") => Some("E0911"),
            "narrowed" => Some("E0912"),
            "condition_changed" => Some("E0913"),
            _ => None,
        };
        for c in classes {
            assert_eq!(
                out.contains(c),
                Some(c) == expected,
                "{name}: {c} in\n{out}"
            );
        }
        let sources = format!(
            "--- {} ---\n{}\n--- {} ---\n{}",
            old.display(),
            fs::read_to_string(root.join(&old)).unwrap(),
            new.display(),
            fs::read_to_string(path).unwrap()
        );
        insta::assert_snapshot!(format!("{sources}\n--- iamx diff ---\n{out}"));
        count += 1;
    });
    assert!(count >= 7);
}

#[test]
fn allow_broadening_and_machine_formats() {
    let (old, new) = (
        "tests/diff/broadened_action.old.iamx",
        "tests/diff/broadened_action.new.iamx",
    );
    let o = iamx(&["diff", old, new, "--allow-broadening"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("warning[E0911]"));
    let o = iamx(&["diff", old, new, "--error-format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["code"], "E0911");
    assert_eq!(v[0]["severity"], "error");
    assert_eq!(v[0]["file"], new);
    let o = iamx(&["diff", old, new, "--error-format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "E0911");
    let n = iamx(&[
        "diff",
        "tests/diff/narrowed.old.iamx",
        "tests/diff/narrowed.new.iamx",
        "--error-format",
        "sarif",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&n.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["level"], "note");
    let c = iamx(&[
        "diff",
        "tests/diff/condition_changed.old.iamx",
        "tests/diff/condition_changed.new.iamx",
        "--deny-warnings",
    ]);
    assert_eq!(
        c.status.code(),
        Some(1),
        "--deny-warnings fails on a condition change"
    );
}

#[test]
fn two_directories() {
    let d = tmp("dirs");
    let (old, new) = (d.join("old"), d.join("new"));
    for dir in [&old, &new] {
        fs::create_dir_all(dir.join("team")).unwrap();
    }
    let role =
        |body: &str| format!("role r {{\n  trust service \"lambda.amazonaws.com\"\n{body}}}\n");
    fs::write(old.join("same.iamx"), role("")).unwrap();
    fs::write(new.join("same.iamx"), role("")).unwrap();
    fs::write(
        old.join("team/app.iamx"),
        role("  inline { allow s3:GetObject on \"arn:aws:s3:::a/*\" }\n"),
    )
    .unwrap();
    fs::write(
        new.join("team/app.iamx"),
        role("  inline { allow s3:GetObject on \"arn:aws:s3:::*\" }\n"),
    )
    .unwrap();
    fs::write(old.join("gone.iamx"), role("")).unwrap();
    fs::write(new.join("added.iamx"), role("")).unwrap();
    let o = iamx_in(&d, &["diff", "old", "new"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    insta::assert_snapshot!(out);
    let same = iamx_in(&d, &["diff", "old", "old"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    let mixed = iamx_in(&d, &["diff", "old", "new/same.iamx"]);
    assert_eq!(mixed.status.code(), Some(2), "{}", text(&mixed));
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@e",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", text(&o));
}

#[test]
fn base_reads_the_old_version_from_git() {
    let d = tmp("git");
    git(&d, &["init", "-q"]);
    fs::create_dir_all(d.join("iam")).unwrap();
    let shared = "policy read {\n  allow s3:GetObject on \"arn:aws:s3:::a/*\"\n}\n";
    fs::write(d.join("iam/shared.iamx"), shared).unwrap();
    let app = "use \"./shared.iamx\" as shared\nrole app {\n  trust service \"lambda.amazonaws.com\"\n  attach shared.read\n}\n";
    fs::write(d.join("iam/app.iamx"), app).unwrap();
    git(&d, &["add", "."]);
    git(&d, &["commit", "-q", "-m", "one"]);
    // The imported module changes in the working tree: the role's permissions broaden.
    fs::write(d.join("iam/shared.iamx"), shared.replace("a/*", "*")).unwrap();
    let o = iamx_in(&d, &["diff", "--base", "HEAD", "iam/app.iamx"]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("HEAD:iam/shared.iamx"), "{out}");
    insta::assert_snapshot!(out);
    let dir = iamx_in(&d, &["diff", "--base", "HEAD", "iam"]);
    assert_eq!(dir.status.code(), Some(1), "{}", text(&dir));
    // A reference that is an option, or names nothing, is refused before git runs with it.
    for bad in ["--output=/tmp/x", "no-such-ref"] {
        let o = iamx_in(&d, &["diff", &format!("--base={bad}"), "iam/app.iamx"]);
        assert_eq!(o.status.code(), Some(2), "{bad}: {}", text(&o));
        assert!(text(&o).contains("E0914"), "{}", text(&o));
    }
    let same = iamx_in(&d, &["diff", "--base", "HEAD", "iam/shared.iamx"]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    // From a subdirectory; an ignored directory is not searched, an untracked module is new.
    fs::write(d.join(".gitignore"), "build/\n").unwrap();
    fs::create_dir_all(d.join("iam/build")).unwrap();
    fs::write(d.join("iam/build/copy.iamx"), "this is not iamx").unwrap();
    fs::write(
        d.join("iam/new.iamx"),
        "role extra {\n  trust service \"lambda.amazonaws.com\"\n}\n",
    )
    .unwrap();
    let sub = iamx_in(&d.join("iam"), &["diff", "--base", "HEAD", "."]);
    let out = text(&sub);
    assert_eq!(sub.status.code(), Some(1), "{out}");
    assert!(
        out.contains("role `extra` in `new.iamx` broadened"),
        "{out}"
    );
    assert!(out.contains("role `app` in `app.iamx` broadened"), "{out}");
    assert!(!out.contains("copy.iamx"), "{out}");
}
