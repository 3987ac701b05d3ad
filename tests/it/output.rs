//! `build --out DIR` as an unlucky user meets it (issue 9.6, 9.7): the user's files in DIR
//! survive, a build killed at any step leaves the old output or one the next build completes,
//! concurrent builds serialise, and every refusal says why.
use iamx::backend::OutputFile;
use iamx::cli::write::{self, JOURNAL, MANIFEST, OutFs, RealFs, STAGING, WriteError};
use std::cell::Cell;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("iamx-out-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile {
        path: path.into(),
        contents: text.as_bytes().to_vec(),
    }
}

/// Two outputs that share some paths and differ in others.
fn outputs() -> (Vec<OutputFile>, Vec<OutputFile>) {
    let a = vec![
        file("manifest.json", "A"),
        file("roles/x/trust.json", "A-x"),
        file("roles/gone/trust.json", "A-gone"),
    ];
    let b = vec![
        file("manifest.json", "B"),
        file("roles/x/trust.json", "B-x"),
        file("roles/new/inline/p.json", "B-new"),
    ];
    (a, b)
}

/// Every file under `dir` (but the staging area) with its contents, sorted.
fn snapshot(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            let rel = p.strip_prefix(dir).unwrap().display().to_string();
            if rel == STAGING {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    rel,
                    String::from_utf8_lossy(&fs::read(&p).unwrap()).into_owned(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Output files as a snapshot shows them.
fn listed(files: &[OutputFile]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = files
        .iter()
        .map(|f| {
            (
                f.path.clone(),
                String::from_utf8_lossy(&f.contents).into_owned(),
            )
        })
        .collect();
    v.sort();
    v
}

fn user_files(dir: &Path) {
    fs::write(dir.join("terraform.tfstate"), "state").unwrap();
    fs::write(dir.join("terraform.tfvars"), "vars").unwrap();
    fs::write(dir.join("NOTES.md"), "notes").unwrap();
    fs::create_dir_all(dir.join(".terraform/providers")).unwrap();
    fs::write(dir.join(".terraform/providers/lock"), "lock").unwrap();
}

fn assert_user_files(dir: &Path) {
    assert_eq!(
        fs::read_to_string(dir.join("terraform.tfstate")).unwrap(),
        "state"
    );
    assert_eq!(
        fs::read_to_string(dir.join("terraform.tfvars")).unwrap(),
        "vars"
    );
    assert_eq!(fs::read_to_string(dir.join("NOTES.md")).unwrap(), "notes");
    assert_eq!(
        fs::read_to_string(dir.join(".terraform/providers/lock")).unwrap(),
        "lock"
    );
}

/// Exactly `files` plus the user's files and the manifest, and nothing left of a transaction.
fn assert_output(dir: &Path, files: &[OutputFile]) {
    let snap: Vec<(String, String)> = snapshot(dir)
        .into_iter()
        .filter(|(p, _)| {
            p != MANIFEST
                && !p.starts_with("terraform.")
                && p != "NOTES.md"
                && !p.starts_with(".terraform")
        })
        .collect();
    assert_eq!(snap, listed(files));
    assert!(!dir.join(JOURNAL).exists());
    assert!(!dir.join(STAGING).exists());
    assert_user_files(dir);
}

/// 9.6: only what iamx wrote is replaced; stale outputs go, the user's files stay.
#[test]
fn user_files_survive_every_build() {
    let (a, b) = outputs();
    let dir = tmp("user-files").join("out");
    write::write_output(&dir, &a).unwrap();
    user_files(&dir);
    write::write_output(&dir, &b).unwrap();
    assert_output(&dir, &b);
    assert!(
        !dir.join("roles/gone").exists(),
        "emptied directories of old outputs are removed"
    );
    write::write_output(&dir, &a).unwrap();
    assert_output(&dir, &a);
}

/// 9.6: a file iamx did not write is never overwritten, even in a directory iamx wrote.
#[test]
fn foreign_files_are_refused_not_overwritten() {
    let (a, b) = outputs();
    let dir = tmp("foreign").join("out");
    write::write_output(&dir, &a).unwrap();
    fs::create_dir_all(dir.join("roles/new/inline")).unwrap();
    fs::write(dir.join("roles/new/inline/p.json"), "mine").unwrap();
    let e = write::write_output(&dir, &b).unwrap_err();
    assert!(
        matches!(&e, WriteError::NotOurs { path, .. } if path == "roles/new/inline/p.json"),
        "{e}"
    );
    assert_eq!(
        fs::read_to_string(dir.join("roles/new/inline/p.json")).unwrap(),
        "mine"
    );
    assert_eq!(fs::read_to_string(dir.join("manifest.json")).unwrap(), "A");
    // A directory iamx never wrote is refused as a whole.
    let other = tmp("foreign-dir");
    fs::write(other.join("main.tf"), "x").unwrap();
    let e = write::write_output(&other, &a).unwrap_err();
    assert!(
        e.is_refusal() && e.to_string().contains("`main.tf` was not written by iamx"),
        "{e}"
    );
    // A manifest naming a path outside the directory is refused, and nothing is deleted.
    let evil = tmp("evil-manifest");
    let victim = evil.join("victim.txt");
    fs::write(&victim, "keep").unwrap();
    let out = evil.join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(
        out.join(MANIFEST),
        "# written by iamx build: the files below are replaced on every build\n../victim.txt\n",
    )
    .unwrap();
    let e = write::write_output(&out, &a).unwrap_err();
    assert!(matches!(e, WriteError::BadManifest { .. }), "{e}");
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep");
}

/// A file system that dies after `left` changes: every later change fails, as after a kill.
struct Dying<'a> {
    left: Cell<usize>,
    fail_removals: bool,
    real: &'a RealFs,
}

impl Dying<'_> {
    fn step(&self) -> std::io::Result<()> {
        match self.left.get() {
            0 => Err(std::io::Error::other("killed")),
            n => {
                self.left.set(n - 1);
                Ok(())
            }
        }
    }
}

impl OutFs for Dying<'_> {
    fn write(&self, p: &Path, b: &[u8]) -> std::io::Result<()> {
        self.step()?;
        self.real.write(p, b)
    }
    fn rename(&self, f: &Path, t: &Path) -> std::io::Result<()> {
        self.step()?;
        self.real.rename(f, t)
    }
    fn remove_file(&self, p: &Path) -> std::io::Result<()> {
        self.step()?;
        if self.fail_removals && p.components().any(|c| c.as_os_str() == "roles") {
            return Err(std::io::Error::from(std::io::ErrorKind::PermissionDenied));
        }
        self.real.remove_file(p)
    }
    fn remove_dir(&self, p: &Path) -> std::io::Result<()> {
        self.step()?;
        self.real.remove_dir(p)
    }
    fn remove_dir_all(&self, p: &Path) -> std::io::Result<()> {
        self.step()?;
        self.real.remove_dir_all(p)
    }
    fn create_dir_all(&self, p: &Path) -> std::io::Result<()> {
        self.step()?;
        self.real.create_dir_all(p)
    }
}

/// 9.7: a build killed after any number of steps leaves the complete old output (before the
/// commit point) or a journal the next build completes; the user's files never move.
#[test]
fn a_kill_at_any_step_loses_nothing() {
    let (a, b) = outputs();
    let mut committed_kills = 0;
    for n in 0..64 {
        let dir = tmp(&format!("kill-{n}")).join("out");
        write::write_output(&dir, &a).unwrap();
        user_files(&dir);
        let before = snapshot(&dir);
        let dying = Dying {
            left: Cell::new(n),
            fail_removals: false,
            real: &RealFs,
        };
        let result = write::write_into(&dying, &dir, &b);
        if let Ok(w) = &result {
            if !w.not_removed.is_empty() {
                // Killed while removing the staging area: reported, and cleaned next time.
                write::write_output(&dir, &a).unwrap();
                assert_output(&dir, &a);
                continue;
            }
            assert_output(&dir, &b);
            assert!(n > 10, "a whole build takes more than ten steps");
            return assert!(
                committed_kills > 0,
                "some kills fell after the commit point"
            );
        }
        match result {
            Err(WriteError::Io {
                committed: true, ..
            }) => {
                assert!(dir.join(JOURNAL).exists(), "committed at step {n}");
                committed_kills += 1;
            }
            _ => assert_eq!(
                snapshot(&dir),
                before,
                "killed before the commit at step {n}"
            ),
        }
        // The next build (of anything) starts by finishing or undoing the killed one.
        write::write_output(&dir, &a).unwrap();
        assert_output(&dir, &a);
    }
    panic!("the build never completed");
}

/// 9.7: removals that fail are reported, and the new output is complete anyway.
#[test]
fn failed_removals_are_reported() {
    let (a, b) = outputs();
    let dir = tmp("removals").join("out");
    write::write_output(&dir, &a).unwrap();
    let fs_ = Dying {
        left: Cell::new(usize::MAX),
        fail_removals: true,
        real: &RealFs,
    };
    let w = write::write_into(&fs_, &dir, &b).unwrap();
    assert_eq!(w.not_removed.len(), 1, "{:?}", w.not_removed);
    assert!(w.not_removed[0].0.ends_with("roles/gone/trust.json"));
    assert_eq!(fs::read_to_string(dir.join("manifest.json")).unwrap(), "B");
}

fn iamx(args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_iamx"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
        .display()
        .to_string()
}

/// 9.7: builds into one directory at the same time serialise; each succeeds and the result is
/// one complete output.
#[test]
fn concurrent_builds_serialise() {
    let d = tmp("concurrent");
    let out = d.join("out");
    let children: Vec<_> = (0..6)
        .map(|i| {
            let target = if i % 2 == 0 {
                "terraform"
            } else {
                "cloudformation"
            };
            Command::new(env!("CARGO_BIN_EXE_iamx"))
                .args([
                    "build",
                    &example("every_kind.iamx"),
                    "--target",
                    target,
                    "--out",
                ])
                .arg(&out)
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let names: Vec<String> = snapshot(&out).into_iter().map(|(p, _)| p).collect();
    let tf = names.iter().any(|n| n == "main.tf");
    let cfn = names.iter().any(|n| n == "template.yaml");
    assert!(tf != cfn, "one complete output, not a mix: {names:?}");
    assert!(!out.join(JOURNAL).exists() && !out.join(STAGING).exists());
}

/// 9.7: a symbolic link as `--out` is written through (the link stays a link), `--out .` works
/// in an empty directory and is refused with the reason in one that holds other files, and a
/// read-only directory is refused, not replaced.
#[test]
fn symlinks_dot_and_read_only_directories() {
    let d = tmp("links");
    fs::create_dir_all(d.join("real")).unwrap();
    std::os::unix::fs::symlink("real", d.join("link")).unwrap();
    let o = iamx(
        &[
            "build",
            &example("every_kind.iamx"),
            "--target",
            "terraform",
            "--out",
            "link",
        ],
        &d,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        fs::symlink_metadata(d.join("link"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(d.join("real/main.tf").is_file());

    let dot = tmp("dot");
    let o = iamx(
        &[
            "build",
            &example("every_kind.iamx"),
            "--target",
            "terraform",
            "--out",
            ".",
        ],
        &dot,
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(dot.join("main.tf").is_file());
    let busy = tmp("dot-busy");
    fs::write(busy.join("README.md"), "mine").unwrap();
    let o = iamx(
        &[
            "build",
            &example("every_kind.iamx"),
            "--target",
            "terraform",
            "--out",
            ".",
        ],
        &busy,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("E0803") && err.contains("`README.md` was not written by iamx"),
        "{err}"
    );

    let ro = tmp("read-only");
    let mut perm = fs::metadata(&ro).unwrap().permissions();
    perm.set_readonly(true);
    fs::set_permissions(&ro, perm.clone()).unwrap();
    let o = iamx(
        &[
            "build",
            &example("every_kind.iamx"),
            "--target",
            "terraform",
            "--out",
            ".",
        ],
        &ro,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("read-only"));
    assert!(
        fs::metadata(&ro).unwrap().permissions().readonly(),
        "mode unchanged"
    );
    assert_eq!(fs::read_dir(&ro).unwrap().count(), 0);
    #[allow(clippy::permissions_set_readonly_false, reason = "test cleanup")]
    perm.set_readonly(false);
    fs::set_permissions(&ro, perm).unwrap();
}

/// 9.7: what builds of older versions left beside the directory when killed is cleaned.
#[test]
fn leftovers_of_killed_builds_are_cleaned() {
    let (a, _) = outputs();
    let d = tmp("leftovers");
    let out = d.join("out");
    for tag in ["new", "old"] {
        let left = d.join(format!(".out.iamx-{tag}-999999999"));
        fs::create_dir_all(&left).unwrap();
        fs::write(left.join("manifest.json"), "junk").unwrap();
    }
    let unrelated = d.join(".out.iamx-new-notapid");
    fs::create_dir_all(&unrelated).unwrap();
    // The lock file of a killed build (its process is gone) does not block the next one.
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join(write::LOCK), "999999999").unwrap();
    write::write_output(&out, &a).unwrap();
    assert!(!out.join(write::LOCK).exists());
    assert!(!d.join(".out.iamx-new-999999999").exists());
    assert!(!d.join(".out.iamx-old-999999999").exists());
    assert!(unrelated.exists());
}
