//! `iamx test` as users run it: exit codes, the snapshot workflow (missing, written, unchanged,
//! changed with the difference printed, accepted), `--snapshots DIR`, `--no-snapshots`, machine
//! formats, values as `build` takes them, and hostile snapshot files.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "test code"
)]

use crate::cmd;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

fn iamx(dir: &Path, args: &[&str]) -> Output {
    cmd::iamx_in(dir, args)
}

fn out(o: &Output) -> String {
    cmd::output(o)
}

fn tmp(name: &str) -> PathBuf {
    cmd::tmp("test", name)
}

const MODULE: &str = r#"role app {
  trust service "lambda.amazonaws.com" when aws:SourceAccount == current.account
  inline {
    allow s3:GetObject on "arn:${current.partition}:s3:::data-${current.account}/*"
    deny s3:GetObject on "arn:${current.partition}:s3:::data-${current.account}/secret/*"
  }
}

test "reads data, not secrets" {
  expect app can s3:GetObject on "arn:aws:s3:::data-111122223333/a"
  expect app cannot s3:GetObject on "arn:aws:s3:::data-111122223333/secret/a"
  expect app assumable by service "lambda.amazonaws.com" with { "aws:SourceAccount": "111122223333" }
}
"#;

const ACCT: [&str; 2] = ["--account", "111122223333"];

fn test(dir: &Path, extra: &[&str]) -> Output {
    iamx(dir, &[&["test", "app.iamx"][..], &ACCT[..], extra].concat())
}

#[test]
fn the_snapshot_workflow() {
    let d = tmp("workflow");
    fs::write(d.join("app.iamx"), MODULE).unwrap();
    // A file of the user's beside the snapshot is never touched.
    fs::create_dir_all(d.join("__snapshots__")).unwrap();
    fs::write(d.join("__snapshots__/notes.txt"), "mine").unwrap();
    let o = test(&d, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("E0906"), "{}", out(&o));
    assert!(!d.join("__snapshots__/app.perms").exists());
    let o = test(&d, &["--update-snapshots"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let snap = fs::read_to_string(d.join("__snapshots__/app.perms")).unwrap();
    insta::assert_snapshot!("app.perms", snap);
    let o = test(&d, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        out(&o).contains("test app.iamx \"reads data, not secrets\" ... ok"),
        "{}",
        out(&o)
    );
    // A change in permissions fails and prints the difference.
    fs::write(
        d.join("app.iamx"),
        MODULE.replace(
            "allow s3:GetObject on",
            "allow s3:GetObject, s3:PutObject on",
        ),
    )
    .unwrap();
    let o = test(&d, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    assert!(
        text.contains("+    s3 Write\n+      PutObject on arn:aws:s3:::data-111122223333/*"),
        "{text}"
    );
    assert!(text.contains("E0905"), "{text}");
    assert_eq!(
        fs::read_to_string(d.join("__snapshots__/app.perms")).unwrap(),
        snap
    );
    let o = test(&d, &["--update-snapshots"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(
        fs::read_to_string(d.join("__snapshots__/app.perms"))
            .unwrap()
            .contains("PutObject")
    );
    // A principal removed from the program is reported.
    fs::write(
        d.join("app.iamx"),
        MODULE
            .replace("role app", "role other")
            .replace("expect app", "expect other"),
    )
    .unwrap();
    let o = test(&d, &[]);
    assert!(
        out(&o).contains("`role app` is in the snapshot"),
        "{}",
        out(&o)
    );
    let names: Vec<_> = fs::read_dir(d.join("__snapshots__"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
    assert_eq!(
        fs::read_to_string(d.join("__snapshots__/notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn snapshot_directory_and_no_snapshots() {
    let d = tmp("dir");
    fs::write(d.join("app.iamx"), MODULE).unwrap();
    let o = test(&d, &["--snapshots", "perms", "--update-snapshots"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(d.join("perms/app.perms").is_file());
    assert!(!d.join("__snapshots__").exists());
    let o = test(&d, &["--no-snapshots"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(!out(&o).contains("snapshot "), "{}", out(&o));
}

#[test]
fn failures_exit_1_in_every_format() {
    let d = tmp("fail");
    let failing = MODULE.replace("expect app cannot", "expect app can");
    fs::write(d.join("app.iamx"), failing).unwrap();
    let o = test(&d, &["--no-snapshots"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("error[E0901]"), "{}", out(&o));
    assert!(
        out(&o).contains("FAILED (1 of 3 expectations)"),
        "{}",
        out(&o)
    );
    let o = test(&d, &["--no-snapshots", "--error-format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 1);
    assert_eq!(v[0]["code"], "E0901");
    assert!(v[0]["labels"].as_array().unwrap().len() >= 2, "{v}");
    let o = test(&d, &["--no-snapshots", "--error-format", "sarif"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "E0901");
}

#[test]
fn values_are_taken_as_build_takes_them() {
    let d = tmp("values");
    fs::write(d.join("app.iamx"), MODULE).unwrap();
    let o = iamx(&d, &["test", "app.iamx", "--no-snapshots"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        out(&o).contains("E0702") && out(&o).contains("--account"),
        "{}",
        out(&o)
    );
    let o = iamx(
        &d,
        &["test", "app.iamx", "--no-snapshots", "--account", "12"],
    );
    assert!(out(&o).contains("E0703"), "{}", out(&o));
    // Another account: the expectations name 111122223333, so they fail.
    let o = iamx(
        &d,
        &[
            "test",
            "app.iamx",
            "--no-snapshots",
            "--account",
            "444455556666",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
}

#[test]
fn hostile_snapshots_are_refused_or_escaped() {
    let d = tmp("hostile");
    fs::write(d.join("app.iamx"), MODULE).unwrap();
    // A directory where the snapshot goes: neither read nor replaced.
    fs::create_dir_all(d.join("__snapshots__/app.perms")).unwrap();
    let o = test(&d, &["--update-snapshots"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    fs::remove_dir(d.join("__snapshots__/app.perms")).unwrap();
    // A symbolic link: refused too (it could lead anywhere).
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc/passwd", d.join("__snapshots__/app.perms")).unwrap();
        let o = test(&d, &[]);
        assert_eq!(o.status.code(), Some(2), "{}", out(&o));
        fs::remove_file(d.join("__snapshots__/app.perms")).unwrap();
    }
    // Control characters and a huge line in a committed snapshot never reach the terminal raw.
    let o = test(&d, &["--update-snapshots"]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let path = d.join("__snapshots__/app.perms");
    let mut evil = fs::read_to_string(&path).unwrap();
    evil = evil.replace("GetObject on", "GetObject\u{1b}]0;pwned\u{7} on");
    evil.push_str(&"x".repeat(3 << 20));
    fs::write(&path, evil).unwrap();
    let o = test(&d, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        !o.stdout.contains(&0x1b) && !o.stderr.contains(&0x1b),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("\\u{1b}"), "{}", out(&o));
}
