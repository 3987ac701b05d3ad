//! Every standard module compiles, and every fn and template in them produces what it says.
use crate::common;

use common::render;

use iamx::backend::{BuildOptions, json};
use iamx::driver;

#[test]
fn every_stdlib_module_compiles_on_its_own() {
    for name in iamx::stdlib::names() {
        let src = iamx::stdlib::source(name).unwrap();
        let c = driver::compile_str(&format!("{name}.iamx"), src);
        let errors: Vec<_> = c.diags.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

const USES_EVERYTHING: &str = r#"
use std.aws.arn
use std.aws.ecs

let acct = "111122223333"
let region = "eu-west-1"

role exec {
  trust service "ecs-tasks.amazonaws.com" when aws:SourceAccount == acct
  inline ecs.ecr_pull([arn.ecr_repository(region, acct, "app")])
  inline ecs.ecr_pull_via_vpce([arn.ecr_repository(region, acct, "app")], "vpce-1")
  inline ecs.cloudwatch_logs(region, acct, "/ecs/app")
  inline ecs.secrets([arn.secret(region, acct, "app/db")])
  inline ecs.ssm_parameters([arn.ssm_parameter(region, acct, "app/*")])
  inline ecs.kms_decrypt(arn.kms_key(region, acct, "k-1"), region)
  inline arns {
    allow s3:GetObject on arn.s3_object("b", "k/*")
    allow s3:ListBucket on arn.s3_bucket("b")
    allow logs:DescribeLogStreams on arn.log_group(region, acct, "/g")
    allow logs:GetLogEvents on arn.log_stream(region, acct, "/g", "s")
    allow kms:Decrypt on arn.kms_alias(region, acct, "app")
    allow iam:GetRole on arn.iam_role(acct, "/", "r")
    allow iam:GetPolicy on arn.iam_policy(acct, "/", "p")
    allow sqs:SendMessage on arn.sqs_queue(region, acct, "q")
    allow sns:Publish on arn.sns_topic(region, acct, "t")
    allow dynamodb:Query on arn.dynamodb_table(region, acct, "t"), arn.dynamodb_indexes(region, acct, "t")
    allow lambda:InvokeFunction on arn.lambda_function(region, acct, "f")
  }
}
"#;

#[test]
fn stdlib_fns_and_templates_produce_their_documents() {
    let c = driver::compile_str("uses.iamx", USES_EVERYTHING);
    assert!(
        c.diags.is_empty(),
        "{}",
        iamx::diag::to_human(&c.diags, &c.files, false)
    );
    let files = json::emit(c.program.as_ref().unwrap(), &BuildOptions::default()).unwrap();
    let out = render(&files);
    insta::assert_snapshot!(out);
}
