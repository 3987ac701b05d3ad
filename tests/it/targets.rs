//! The terraform and cloudformation targets on a module that uses every declaration kind, params
//! with and without defaults, references across declarations and both kinds of `${...}`.
use crate::common;

use common::render;

use iamx::backend::{OutputFile, cloudformation, terraform};
use iamx::driver::compile_str;

const EVERYTHING: &str = r#"
/// The partner's account
param partner: AccountId
param env: String = "prod"
param max_age: Int = 3600
param nightly: Bool = false
param office: Cidr = "203.0.113.0/24"

oidc_provider github {
  url = "https://token.actions.githubusercontent.com"
  client_ids = ["sts.amazonaws.com"]
  thumbprints = ["6938fd4d98bab03faadb97b34396831e3780aea1"]
  tags = { env: env }
}

/// Read the data bucket
policy read_data {
  name = "read-data-${env}"
  allow s3:GetObject on "arn:${current.partition}:s3:::data-${env}/${aws:username}/*"
    when aws:MultiFactorAuthAge < max_age
  allow s3:ListBucket on "arn:${current.partition}:s3:::data-${env}"
    when s3:prefix like "${aws:username}/*"
}

role app {
  name = "app-${env}"
  path = "/apps/"
  max_session = 2h
  tags = { team: "data", "cost-center": "42", env: env, nightly: nightly }
  boundary = aws_managed("PowerUserAccess")
  trust service "ecs-tasks.amazonaws.com" when aws:SourceAccount == current.account
  trust account partner when sts:ExternalId == "x-1"
  trust oidc github
    when token.actions.githubusercontent.com:aud == "sts.amazonaws.com"
    when token.actions.githubusercontent.com:sub like "repo:acme/app:*"
  trust anyone when aws:PrincipalOrgID == "o-abc123"
  attach read_data
  attach aws_managed("ReadOnlyAccess")
  inline { deny s3:DeleteObject on "arn:aws:s3:::data-${env}/*" when aws:SourceIp not exists }
}

user alice {
  path = "/people/"
  boundary = read_data
  inline { allow sts:AssumeRole on app.arn when aws:SourceIp in [office] }
}

group readers {
  attach read_data
  members = [alice]
  inline reports { allow s3:GetObject on "arn:aws:s3:::reports/${read_data.name}/*" }
}

instance_profile app_profile { role = app }
"#;

fn files(src: &str) -> (Vec<OutputFile>, Vec<OutputFile>) {
    let c = compile_str("everything.iamx", src);
    assert!(
        c.diags.is_empty(),
        "{}",
        iamx::diag::to_human(&c.diags, &c.files, false)
    );
    let p = c.program.unwrap();
    (terraform::emit(&p), cloudformation::emit(&p).unwrap())
}

#[test]
fn every_declaration_kind_in_both_targets() {
    let (tf, cfn) = files(EVERYTHING);
    insta::assert_snapshot!("terraform", render(&tf));
    insta::assert_snapshot!("cloudformation", render(&cfn));
}

#[test]
fn policy_variables_are_escaped_for_each_target() {
    let (tf, cfn) = files(EVERYTHING);
    let main = String::from_utf8(tf[0].contents.clone()).unwrap();
    assert!(
        main.contains("data-${var.env}/$${aws:username}/*"),
        "{main}"
    );
    let tpl = String::from_utf8(cfn[0].contents.clone()).unwrap();
    assert!(tpl.contains("data-${Env}/${!aws:username}/*"), "{tpl}");
    assert!(tpl.contains("Version: '2012-10-17'"), "{tpl}");
}

#[test]
fn references_become_references() {
    let (tf, cfn) = files(EVERYTHING);
    let main = String::from_utf8(tf[0].contents.clone()).unwrap();
    assert!(
        main.contains("resources = [aws_iam_role.app.arn]"),
        "{main}"
    );
    assert!(
        main.contains("identifiers = [aws_iam_openid_connect_provider.github.arn]"),
        "{main}"
    );
    assert!(
        main.contains("permissions_boundary = aws_iam_policy.read_data.arn"),
        "{main}"
    );
    let tpl = String::from_utf8(cfn[0].contents.clone()).unwrap();
    assert!(tpl.contains("Resource: !GetAtt AppRole.Arn"), "{tpl}");
    assert!(tpl.contains("Federated: !Ref GithubOidcProvider"), "{tpl}");
    assert!(
        tpl.contains("PermissionsBoundary: !Ref ReadDataPolicy"),
        "{tpl}"
    );
}

#[test]
fn params_with_and_without_defaults() {
    let (tf, cfn) = files(EVERYTHING);
    let vars = String::from_utf8(tf[1].contents.clone()).unwrap();
    let partner = vars.split("variable \"env\"").next().unwrap();
    assert!(!partner.contains("default"), "{partner}");
    assert!(
        vars.contains("default     = 3600") && vars.contains("default     = false"),
        "{vars}"
    );
    let tpl = String::from_utf8(cfn[0].contents.clone()).unwrap();
    assert!(tpl.contains("AllowedPattern: \"^[0-9]{12}$\""), "{tpl}");
    assert!(tpl.contains("Default: prod"), "{tpl}");
}

#[test]
fn cloudformation_refuses_tags_it_cannot_hold() {
    let c = compile_str(
        "t.iamx",
        "policy p { tags = { a: \"b\" } allow s3:ListBucket on * }",
    );
    let errs = cloudformation::emit(c.program.as_ref().unwrap()).unwrap_err();
    assert_eq!(errs[0].code, "E0705");
}

/// The deployment cases of tests/deploy (escaping, cycles, quotas, descriptions): their outputs
/// in all three targets, beside the source. scripts/validate builds the same files and checks
/// them with cfn-lint, Terraform and the provider schema tables.
#[test]
fn deployment_cases_in_every_target() {
    use iamx::backend::{BuildOptions, json};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    insta::glob!("../deploy", "*.iamx", |path| {
        let rel = path.strip_prefix(root).unwrap().to_path_buf();
        let c = iamx::driver::compile(
            &iamx::driver::FsHost,
            std::slice::from_ref(&rel),
            &iamx::lints::LintConfig::default(),
        );
        let rendered = iamx::diag::to_human(&c.diags, &c.files, false);
        assert!(!c.has_errors(), "{}:\n{rendered}", rel.display());
        let p = c.program.as_ref().unwrap();
        let opts = BuildOptions {
            account: Some("111122223333".into()),
            region: Some("eu-west-1".into()),
            ..Default::default()
        };
        let source = std::fs::read_to_string(path).unwrap();
        let out = format!(
            "{source}\n----- diagnostics -----\n{rendered}\n----- json -----\n{}\n----- terraform -----\n{}\n----- cloudformation -----\n{}",
            render(&json::emit(p, &opts).unwrap()),
            render(&terraform::emit(p)),
            render(&cloudformation::emit(p).unwrap()),
        );
        insta::assert_snapshot!(out);
        count += 1;
    });
    assert!(count >= 2, "only {count} deployment cases");
}

/// A list param among other values: Terraform concatenates; CloudFormation cannot (`!Ref` of a
/// CommaDelimitedList is a list) and says so.
#[test]
fn list_params_among_other_values() {
    let src = r#"param buckets: List[Arn] = ["arn:aws:s3:::a/*"]
        policy p { allow s3:GetObject on "arn:aws:s3:::x/*", buckets }"#;
    let c = compile_str("t.iamx", src);
    assert!(!c.has_errors(), "{:?}", c.diags);
    let p = c.program.unwrap();
    let main = String::from_utf8(terraform::emit(&p)[0].contents.clone()).unwrap();
    assert!(
        main.contains(r#"resources = concat(["arn:aws:s3:::x/*"], var.buckets)"#),
        "{main}"
    );
    let errs = cloudformation::emit(&p).unwrap_err();
    assert_eq!(errs[0].code, "E0705", "{errs:?}");
}
