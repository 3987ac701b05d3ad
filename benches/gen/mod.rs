//! Generates modules for the benchmarks: N roles, each with a service trust with two conditions,
//! an inline policy with two statements (one conditioned) and an attachment of one shared
//! policy; or N managed policies, each attached to a role of its own (the whole-program lints
//! look a policy's uses up: issue 9 measured them quadratic).

use std::fmt::Write;

pub fn module(roles: usize) -> String {
    let mut s = String::with_capacity(roles * 700);
    s.push_str("param env: String = \"prod\"\n\n");
    s.push_str("policy shared_read {\n  allow s3:ListBucket on \"arn:${current.partition}:s3:::shared-${env}\"\n}\n\n");
    for i in 0..roles {
        let _ = write!(
            s,
            r#"/// Worker {i}
role worker_{i} {{
  name = "worker-{i}-${{env}}"
  path = "/workers/"
  trust service "ecs-tasks.amazonaws.com"
    when aws:SourceAccount == current.account
    when aws:SourceArn like "arn:${{current.partition}}:ecs:${{current.region}}:${{current.account}}:task/cluster-{i}/*"
  attach shared_read
  inline work {{
    @sid("ReadInput")
    allow s3:GetObject on "arn:${{current.partition}}:s3:::data-${{env}}/worker-{i}/*"
    @sid("Queue")
    allow sqs:ReceiveMessage, sqs:DeleteMessage
      on "arn:${{current.partition}}:sqs:${{current.region}}:${{current.account}}:worker-{i}"
      when aws:SecureTransport == true
  }}
}}

"#
        );
    }
    s
}

/// N managed policies, each attached to one role, and one policy used as every role's boundary.
pub fn policies(n: usize) -> String {
    let mut s = String::with_capacity(n * 400);
    s.push_str("policy cap {\n  allow s3:*, sqs:* on *\n}\n\n");
    for i in 0..n {
        let _ = write!(
            s,
            r#"policy read_{i} {{
  allow s3:GetObject on "arn:${{current.partition}}:s3:::data-{i}/*"
}}

role app_{i} {{
  trust service "lambda.amazonaws.com"
  boundary = cap
  attach read_{i}
}}

"#
        );
    }
    s
}

/// `module(roles)` with a test block per role: ten expectations each (reads, writes, a queue
/// with a `Bool` condition from `with`, the shared policy, the trust with and without the right
/// source), so 1,000 roles make 10,000 expectations. Evaluated with `--account 111122223333
/// --region eu-west-1`, every expectation holds.
pub fn tested(roles: usize) -> String {
    let mut s = module(roles);
    s.reserve(roles * 1600);
    for i in 0..roles {
        let j = (i + 1) % roles.max(1);
        let _ = write!(
            s,
            r#"test "worker {i}" {{
  expect worker_{i} can s3:GetObject on "arn:aws:s3:::data-prod/worker-{i}/in.csv"
  expect worker_{i} cannot s3:GetObject on "arn:aws:s3:::data-prod/worker-{j}x/in.csv"
  expect worker_{i} cannot s3:PutObject on "arn:aws:s3:::data-prod/worker-{i}/in.csv"
  expect worker_{i} can sqs:ReceiveMessage, sqs:DeleteMessage
    on "arn:aws:sqs:eu-west-1:111122223333:worker-{i}" with {{ "aws:SecureTransport": true }}
  expect worker_{i} cannot sqs:ReceiveMessage on "arn:aws:sqs:eu-west-1:111122223333:worker-{i}"
  expect worker_{i} can s3:ListBucket on "arn:aws:s3:::shared-prod"
  expect worker_{i} cannot s3:ListBucket on "arn:aws:s3:::other"
  expect worker_{i} assumable by service "ecs-tasks.amazonaws.com"
    with {{ "aws:SourceAccount": "111122223333",
           "aws:SourceArn": "arn:aws:ecs:eu-west-1:111122223333:task/cluster-{i}/t1" }}
  expect worker_{i} not assumable by service "ecs-tasks.amazonaws.com"
    with {{ "aws:SourceAccount": "111122223333",
           "aws:SourceArn": "arn:aws:ecs:eu-west-1:111122223333:task/cluster-{i}x/t1" }}
  expect worker_{i} not assumable by service "ec2.amazonaws.com"
}}

"#
        );
    }
    s
}
