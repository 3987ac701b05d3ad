//! The `iamx` command as users run it: exit codes, output formats, atomic builds and bad input.
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn iamx(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iamx"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("iamx-cli-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    fs::create_dir_all(&d).unwrap();
    d
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

const ACCT: [&str; 4] = ["--account", "111122223333", "--region", "eu-west-1"];

/// `iamx build SRC --target json --out OUT --account .. --region .. EXTRA..`
fn build_json(src: &str, out: &Path, extra: &[&str]) -> Output {
    let out = out.to_str().unwrap();
    let head = ["build", src, "--target", "json", "--out", out];
    iamx(&[&head[..], &ACCT[..], extra].concat())
}

#[test]
fn build_writes_the_json_layout() {
    let out = tmp("layout").join("out");
    let o = build_json("examples/ec2_instance_profile.iamx", &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for f in [
        "manifest.json",
        "roles/build_host/trust.json",
        "roles/build_host/inline/artifacts.json",
        "users/operator/inline/operator_policy.json",
    ] {
        assert!(out.join(f).is_file(), "missing {f}");
    }
    let m: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["instance_profiles"][0]["role"], "build_host");
    assert_eq!(
        m["roles"][0]["attachments"][0]["arn"],
        "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
    );
}

#[test]
fn builds_are_byte_identical() {
    let d = tmp("determinism");
    let (a, b) = (d.join("a"), d.join("b"));
    for out in [&a, &b] {
        let o = build_json("examples/ecs_task_execution.iamx", out, &[]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    assert_eq!(snapshot_dir(&a), snapshot_dir(&b));
    for target in ["terraform", "cloudformation"] {
        let (x, y) = (d.join(format!("{target}-1")), d.join(format!("{target}-2")));
        for out in [&x, &y] {
            let o = iamx(&[
                "build",
                "examples/every_kind.iamx",
                "--target",
                target,
                "--out",
                out.to_str().unwrap(),
            ]);
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        }
        assert_eq!(snapshot_dir(&x), snapshot_dir(&y), "{target}");
    }
}

#[test]
fn json_only_flags_are_refused_for_other_targets() {
    let out = tmp("json-only").join("out");
    let o = iamx(&[
        "build",
        "examples/github_oidc.iamx",
        "--target",
        "terraform",
        "--out",
        out.to_str().unwrap(),
        "--account",
        "111122223333",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("json target"), "{}", stderr(&o));
    let o = iamx(&[
        "build",
        "examples/github_oidc.iamx",
        "--target",
        "cloudformation",
        "--out",
        out.to_str().unwrap(),
        "--source-map",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--source-map"), "{}", stderr(&o));
    assert!(!out.exists());
}

/// `--source-map` names, for every document file of the manifest, the line of each statement:
/// the statement at that line is the one in the file (checked through its Sid).
#[test]
fn source_map_points_every_statement_at_its_source() {
    let out = tmp("source-map").join("out");
    let o = build_json("examples/cicd.iamx", &out, &["--source-map"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let map: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("source-map.json")).unwrap()).unwrap();
    let source = fs::read_to_string("examples/cicd.iamx").unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let docs = map["documents"].as_object().unwrap();
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let mut files: Vec<String> = Vec::new();
    for r in manifest["roles"].as_array().unwrap() {
        files.push(r["trust"].as_str().unwrap().into());
        for i in r["inline"].as_array().into_iter().flatten() {
            files.push(i["file"].as_str().unwrap().into());
        }
    }
    assert_eq!(docs.keys().cloned().collect::<Vec<_>>(), files);
    let mut sids = 0;
    for (file, entry) in docs {
        let doc: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(out.join(file)).unwrap()).unwrap();
        let stmts = doc["Statement"].as_array().unwrap();
        let locs = entry["statements"].as_array().unwrap();
        assert_eq!(stmts.len(), locs.len(), "{file}");
        for (s, l) in stmts.iter().zip(locs) {
            assert_eq!(l["file"], "examples/cicd.iamx");
            if let Some(sid) = s["Sid"].as_str() {
                let line = lines[l["line"].as_u64().unwrap() as usize - 1];
                assert!(
                    line.contains(&format!("@sid(\"{sid}\")")),
                    "{file}: {sid} at `{line}`"
                );
                sids += 1;
            }
        }
    }
    assert!(sids >= 3, "the example has Sids to check against");
}

#[test]
fn a_failed_build_leaves_the_output_untouched() {
    let d = tmp("atomic");
    let out = d.join("out");
    let o = build_json("examples/github_oidc.iamx", &out, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = snapshot_dir(&out);
    // A compile error.
    let o = iamx(&[
        "build",
        "tests/errors/unknown_action.iamx",
        "--target",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(snapshot_dir(&out), before);
    // A value the target needs and was not given.
    let o = iamx(&[
        "build",
        "examples/cicd.iamx",
        "--target",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--account"), "{}", stderr(&o));
    assert_eq!(snapshot_dir(&out), before);
}

#[test]
fn build_refuses_to_replace_a_directory_it_did_not_write() {
    let d = tmp("foreign");
    fs::write(d.join("notes.txt"), "mine").unwrap();
    let o = build_json("examples/github_oidc.iamx", &d, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("E0803"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(d.join("notes.txt")).unwrap(), "mine");
}

#[test]
fn check_exit_codes_and_summary() {
    let o = iamx(&["check", "examples/github_oidc.iamx"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = iamx(&["check", "tests/errors/parse_recovers_everywhere.iamx"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("3 errors, 0 warnings"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn warnings_allow_deny_and_attributes() {
    let f = "tests/errors/warn_object_action_on_bucket.iamx";
    let o = iamx(&["check", f]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("warning[resource_mismatch]"));
    assert_eq!(
        iamx(&["check", f, "--deny-warnings"]).status.code(),
        Some(1)
    );
    assert_eq!(
        iamx(&["check", f, "--deny", "resource_mismatch"])
            .status
            .code(),
        Some(1)
    );
    let o = iamx(&["check", f, "--allow", "resource_mismatch"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!stderr(&o).contains("resource_mismatch"));
    let o = iamx(&["check", f, "--deny", "resource_mismatc"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `resource_mismatch`?"));
}

#[test]
fn json_error_format_is_an_array_on_stdout() {
    let o = iamx(&[
        "check",
        "tests/errors/unknown_action.iamx",
        "--error-format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["code"], "E0502");
    assert_eq!(v[0]["file"], "tests/errors/unknown_action.iamx");
    let o = iamx(&[
        "check",
        "examples/github_oidc.iamx",
        "--error-format",
        "json",
    ]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]");
}

#[test]
fn bad_inputs_are_diagnostics_not_panics() {
    let d = tmp("bad-input");
    let missing = d.join("missing.iamx");
    let o = iamx(&["check", missing.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("E0801") && stderr(&o).contains("no such file"),
        "{}",
        stderr(&o)
    );

    let o = iamx(&["check", d.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("directory"), "{}", stderr(&o));
    let dir_named_like_a_module = d.join("dir.iamx");
    fs::create_dir_all(&dir_named_like_a_module).unwrap();
    let o = iamx(&["check", dir_named_like_a_module.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));

    let latin1 = d.join("latin1.iamx");
    fs::write(
        &latin1,
        b"// caf\xe9\nrole r { trust service \"ec2.amazonaws.com\" }\n",
    )
    .unwrap();
    let o = iamx(&["check", latin1.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("E0802") && stderr(&o).contains("1:7"),
        "{}",
        stderr(&o)
    );

    let empty = d.join("empty.iamx");
    fs::write(&empty, "").unwrap();
    let o = iamx(&["check", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("empty_module"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(iamx(&[]).status.code(), Some(2));
    assert_eq!(
        iamx(&["build", "examples/cicd.iamx"]).status.code(),
        Some(2)
    );
    assert_eq!(
        iamx(&[
            "build",
            "examples/cicd.iamx",
            "--target",
            "yaml",
            "--out",
            "x"
        ])
        .status
        .code(),
        Some(2)
    );
    assert_eq!(iamx(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(iamx(&["--help"]).status.code(), Some(0));
}

#[test]
fn params_and_flags_are_checked() {
    let out = tmp("params").join("out");
    let base = [
        "build",
        "examples/github_oidc.iamx",
        "--target",
        "json",
        "--out",
        out.to_str().unwrap(),
    ];
    let o = iamx(&[&base[..], &ACCT[..], &["--param", "repository=acme/other"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let trust = fs::read_to_string(out.join("roles/github_deploy/trust.json")).unwrap();
    assert!(trust.contains("repo:acme/other:ref:refs/heads/main"));
    let o = iamx(&[&base[..], &ACCT[..], &["--param", "repo=x"]].concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("E0704") && stderr(&o).contains("did you mean `repository`?"),
        "{}",
        stderr(&o)
    );
    let o = iamx(&[&base[..], &["--account", "1234", "--region", "eu-west-1"]].concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("E0703"), "{}", stderr(&o));
    let o = iamx(&[&base[..], &["--param", "novalue"]].concat());
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn explain_knows_every_code_and_lint() {
    for e in iamx::diag::registry::CODES {
        let o = iamx(&["explain", e.code.as_str()]);
        assert_eq!(o.status.code(), Some(0));
        assert!(String::from_utf8_lossy(&o.stdout).contains(e.title));
    }
    let o = iamx(&["explain", "resource_mismatch"]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("s3:GetObject"));
    let o = iamx(&["explain", "E9999"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(iamx(&["explain"]).status.code(), Some(0));
}

#[test]
fn sarif_error_format_carries_rules_results_and_related_locations() {
    let o = iamx(&[
        "check",
        "tests/lints/privilege_escalation__fires.iamx",
        "--error-format",
        "sarif",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.iter().any(|r| r["id"] == "privilege_escalation"));
    let r = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "privilege_escalation")
        .unwrap();
    assert_eq!(r["level"], "warning");
    assert_eq!(
        rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
        "privilege_escalation"
    );
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        5
    );
    assert!(r["relatedLocations"].as_array().unwrap().len() >= 2);
}

/// Issue 8.21: a reader that closes the pipe early (`| head -1`) ends the output quietly: no
/// panic, the exit code of the compilation.
#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::process::Stdio;
    for args in [
        &[
            "check",
            "tests/errors/parse_recovers_everywhere.iamx",
            "--error-format",
            "json",
        ][..],
        &[
            "check",
            "tests/errors/parse_recovers_everywhere.iamx",
            "--error-format",
            "sarif",
        ],
        &["explain"],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iamx"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        let err = stderr(&o);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{args:?}: {:?} {err}",
            o.status
        );
    }
}

/// A module of 101 roles: 202 CloudFormation outputs, over the quota of 200. The build says what
/// to do; `--outputs arns` (one per role) fits, as does terraform; `--outputs` is refused for json.
#[test]
fn cloudformation_template_quotas_say_what_to_do() {
    let dir = tmp("quotas");
    let src = dir.join("many.iamx");
    let roles: String = (0..101)
        .map(|i| format!("role r{i} {{ trust service \"ec2.amazonaws.com\" }}\n"))
        .collect();
    fs::write(&src, roles).unwrap();
    let src = src.to_str().unwrap();
    let out = dir.join("out");
    let out = out.to_str().unwrap();
    let o = iamx(&["build", src, "--target", "cloudformation", "--out", out]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0707"), "{}", stderr(&o));
    assert!(stderr(&o).contains("202 outputs"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--outputs arns"), "{}", stderr(&o));
    assert!(!Path::new(out).exists(), "nothing is written on an error");
    let o = iamx(&[
        "build",
        src,
        "--target",
        "cloudformation",
        "--out",
        out,
        "--outputs",
        "arns",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let tpl = fs::read_to_string(Path::new(out).join("template.yaml")).unwrap();
    assert_eq!(tpl.matches("Export:").count(), 101);
    let o = iamx(&[
        "build",
        src,
        "--target",
        "terraform",
        "--out",
        out,
        "--outputs",
        "none",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        !fs::read_to_string(Path::new(out).join("outputs.tf"))
            .unwrap()
            .contains("output ")
    );
    let o = iamx(&[
        "build",
        src,
        "--target",
        "json",
        "--out",
        out,
        "--outputs",
        "none",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// A saml_provider's metadata is read from inside the project only: a symbolic link that leads
/// out of it is refused (E0621) and its target is never read into the output.
#[cfg(unix)]
#[test]
fn saml_metadata_stays_inside_the_project() {
    let dir = tmp("saml");
    let project = dir.join("project");
    fs::create_dir_all(&project).unwrap();
    let outside = dir.join("secret.xml");
    let doc = format!("<EntityDescriptor>{}</EntityDescriptor>", "x".repeat(1_200));
    fs::write(&outside, &doc).unwrap();
    std::os::unix::fs::symlink(&outside, project.join("idp.xml")).unwrap();
    let src = project.join("sso.iamx");
    fs::write(&src, "saml_provider idp { metadata = \"./idp.xml\" }\n").unwrap();
    let out = dir.join("out");
    let args = |src: &Path| {
        vec![
            "build".to_string(),
            src.to_str().unwrap().to_string(),
            "--target".into(),
            "terraform".into(),
            "--out".into(),
            out.to_str().unwrap().to_string(),
        ]
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        iamx(&refs)
    };
    let o = run(args(&src));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("E0621"), "{}", stderr(&o));
    assert!(stderr(&o).contains("outside the project"), "{}", stderr(&o));
    // The same document inside the project is used and written beside main.tf.
    fs::remove_file(project.join("idp.xml")).unwrap();
    fs::write(project.join("idp.xml"), &doc).unwrap();
    let o = run(args(&src));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(out.join("saml/idp.xml")).unwrap(), doc);
    let main = fs::read_to_string(out.join("main.tf")).unwrap();
    assert!(
        main.contains("file(\"${path.module}/saml/idp.xml\")"),
        "{main}"
    );
}

/// Issue 8, item 17: `--account` tells the lints which account is being built, for `check` and
/// for `build`; trusting that account is not cross-account.
#[test]
fn account_flag_reaches_the_lints() {
    let case = "tests/lints/cross_account_unconditioned__fires_other_account.iamx";
    let warns =
        |o: &Output| String::from_utf8_lossy(&o.stderr).contains("cross_account_unconditioned");
    assert!(warns(&iamx(&["check", case])));
    assert!(warns(&iamx(&["check", case, "--account", "111122223333"])));
    assert!(!warns(&iamx(&["check", case, "--account", "123456789012"])));
    let out = tmp("account");
    let o = iamx(&[
        "build",
        case,
        "--target",
        "json",
        "--out",
        out.join("o").to_str().unwrap(),
        "--account",
        "123456789012",
        "--region",
        "eu-west-1",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!warns(&o));
}
