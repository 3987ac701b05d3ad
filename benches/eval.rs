//! Criterion benchmarks of the evaluator (docs/benchmarks.md): 10,000 requests against a
//! principal with several policies (inline policies with conditions and variables, an AWS managed
//! policy, a permissions boundary, a resource-based policy), and the first load of the embedded
//! AWS managed policies (inflate and index; read one document).
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iamx::aws::eval::{self, Document, PolicySet, Principal, Request, managed};
use serde_json::json;

fn doc(v: serde_json::Value) -> Document {
    eval::read(&v).unwrap()
}

fn policies() -> (Vec<Document>, Document, Document) {
    let inline = doc(json!({"Version": "2012-10-17", "Statement": [
        {"Sid": "Read", "Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": ["arn:aws:s3:::data-*", "arn:aws:s3:::data-*/*"],
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": ["data", "ml"]},
                       "Bool": {"aws:SecureTransport": "true"}}},
        {"Sid": "Home", "Effect": "Allow", "Action": "s3:*",
         "Resource": "arn:aws:s3:::home/${aws:username}/*"},
        {"Sid": "Queues", "Effect": "Allow", "Action": ["sqs:SendMessage", "sqs:ReceiveMessage"],
         "Resource": "arn:aws:sqs:*:111122223333:jobs-*",
         "Condition": {"IpAddress": {"aws:SourceIp": ["10.0.0.0/8", "2001:db8::/32"]}}},
        {"Sid": "NoDelete", "Effect": "Deny", "Action": ["s3:Delete*", "sqs:DeleteQueue"],
         "Resource": "*"},
    ]}));
    let tags = doc(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "ec2:*Instances", "Resource": "*",
         "Condition": {"ForAllValues:StringLike": {"aws:TagKeys": ["env", "team", "cost-*"]},
                       "DateLessThan": {"aws:CurrentTime": "2030-01-01T00:00:00Z"}}},
    ]}));
    let s3_read = managed::aws_managed("AmazonS3ReadOnlyAccess")
        .unwrap()
        .document()
        .unwrap()
        .clone();
    let boundary = doc(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:PutBucketPolicy", "Resource": "*"},
    ]}));
    let bucket = doc(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"},
         "Action": "s3:PutObject", "Resource": "arn:aws:s3:::data-in/*"},
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "arn:aws:s3:::data-in/*",
         "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
    ]}));
    (vec![inline, tags, s3_read], boundary, bucket)
}

/// 10,000 varied requests by a session of `role/app`.
fn requests() -> Vec<Request> {
    let actions = [
        (
            "s3:GetObject",
            "arn:aws:s3:::data-in/2026/11/part-0001.parquet",
        ),
        (
            "s3:PutObject",
            "arn:aws:s3:::data-in/2026/11/part-0002.parquet",
        ),
        ("s3:DeleteObject", "arn:aws:s3:::data-in/old"),
        ("s3:ListBucket", "arn:aws:s3:::data-lake"),
        ("s3:PutObject", "arn:aws:s3:::home/app/notes.txt"),
        (
            "sqs:SendMessage",
            "arn:aws:sqs:eu-west-1:111122223333:jobs-high",
        ),
        (
            "ec2:RunInstances",
            "arn:aws:ec2:eu-west-1:111122223333:instance/*",
        ),
        ("iam:PassRole", "arn:aws:iam::111122223333:role/other"),
    ];
    (0..10_000)
        .map(|i| {
            let (a, r) = actions[i % actions.len()];
            Request::new(
                Principal::RoleSession {
                    arn: "arn:aws:iam::111122223333:role/app".into(),
                    session: "bench".into(),
                },
                a,
                r,
            )
            .with("aws:username", "app")
            .with(
                "aws:PrincipalTag/team",
                if i % 3 == 0 { "ml" } else { "data" },
            )
            .with("aws:SecureTransport", i % 7 != 0)
            .with(
                "aws:SourceIp",
                if i % 2 == 0 {
                    "10.1.2.3"
                } else {
                    "203.0.113.9"
                },
            )
            .with("aws:CurrentTime", "2026-11-23T12:00:00Z")
            .with("aws:TagKeys", vec!["env".to_string(), "team".to_string()])
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let (identity, boundary, bucket) = policies();
    let set = PolicySet {
        identity: identity.iter().collect(),
        boundary: Some(&boundary),
        resource: vec![&bucket],
    };
    let reqs = requests();
    let allowed = reqs
        .iter()
        .filter(|r| eval::evaluate(&set, r).allowed())
        .count();
    assert!(allowed > 1_000 && allowed < 9_000, "{allowed}");
    let mut g = c.benchmark_group("eval");
    g.sample_size(20);
    g.throughput(Throughput::Elements(reqs.len() as u64));
    g.bench_function("10k requests", |b| {
        b.iter(|| {
            reqs.iter()
                .filter(|r| eval::evaluate(&set, r).allowed())
                .count()
        });
    });
    g.finish();
    let mut m = c.benchmark_group("managed");
    m.sample_size(20);
    m.bench_function("inflate and index", |b| b.iter(|| managed::load().unwrap()));
    let admin = managed::aws_managed("ReadOnlyAccess").unwrap();
    m.bench_function("read ReadOnlyAccess", |b| {
        b.iter(|| eval::read_str(admin.json()).unwrap())
    });
    m.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
