//! The evaluator against a table of cases from AWS's documentation of the evaluation logic and
//! of each condition operator (tests/eval/cases.json, each case citing its source), the cases
//! where iamx follows the documentation and the oracle does not (tests/eval/divergences.json),
//! the deciding statements, the JSON reader's errors, and the embedded AWS managed policies.
#[cfg(test)]
use crate::eval_support as support;

use iamx::aws::eval::managed;
use iamx::aws::eval::{
    self, Decision, Layer, Outcome, PolicySet, Principal, ReadError, Reason, Request, StatementRef,
};
use serde_json::json;

#[test]
fn documented_table() {
    let cases = support::table();
    assert!(cases.len() >= 100, "{}", cases.len());
    let mut failures = Vec::new();
    for c in &cases {
        let source = c.source.as_deref().unwrap_or_default();
        assert!(source.starts_with("https://"), "{}: no source", c.id);
        let got = support::run(c);
        if Some(got) != c.expect.as_deref() {
            failures.push(format!(
                "{} ({source}): expected {:?}, got {got}",
                c.id, c.expect
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn documented_divergences_follow_the_docs() {
    for c in support::divergences() {
        assert_eq!(Some(support::run(&c)), c.expect.as_deref(), "{}", c.id);
    }
}

#[cfg(test)]
fn doc(v: serde_json::Value) -> eval::Document {
    eval::read(&v).unwrap()
}

fn alice() -> Principal {
    Principal::User {
        arn: "arn:aws:iam::111122223333:user/alice".into(),
    }
}

fn at(layer: Layer, document: usize, statement: usize) -> StatementRef {
    StatementRef {
        layer,
        document,
        statement,
    }
}

#[test]
fn deciding_statements_are_reported() {
    let identity = doc(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"}
    ]}));
    let boundary = doc(json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}
    ]}));
    let set = PolicySet {
        identity: vec![&identity],
        boundary: Some(&boundary),
        resource: vec![],
    };
    let req = |a: &str| Request::new(alice(), a, "arn:aws:s3:::b/k");
    assert_eq!(
        eval::evaluate(&set, &req("s3:GetObject")),
        Decision {
            outcome: Outcome::Allowed,
            reason: Reason::IdentityAllows,
            statements: vec![at(Layer::Identity, 0, 1), at(Layer::Boundary, 0, 0)],
        }
    );
    let cut = eval::evaluate(&set, &req("s3:PutObject"));
    assert_eq!(cut.reason, Reason::BoundaryDoesNotAllow);
    assert_eq!(cut.statements, vec![at(Layer::Identity, 0, 1)]);
    let denied = eval::evaluate(&set, &req("s3:DeleteObject"));
    assert_eq!(denied.outcome, Outcome::ExplicitDeny);
    assert_eq!(denied.statements, vec![at(Layer::Identity, 0, 2)]);
    let none = eval::evaluate(&set, &req("sqs:SendMessage"));
    assert_eq!(
        (none.outcome, none.reason),
        (Outcome::ImplicitDeny, Reason::NoAllow)
    );
    assert!(none.statements.is_empty());
}

#[test]
fn root_user_is_allowed_unless_denied() {
    let root = Principal::User {
        arn: "arn:aws:iam::111122223333:root".into(),
    };
    let deny = doc(json!({"Version": "2012-10-17", "Statement": {
        "Effect": "Deny", "Principal": "*", "Action": "s3:DeleteBucket", "Resource": "*"}}));
    let set = PolicySet {
        resource: vec![&deny],
        ..PolicySet::default()
    };
    let get = Request::new(root.clone(), "s3:GetObject", "arn:aws:s3:::b/k");
    assert_eq!(eval::evaluate(&set, &get).reason, Reason::Root);
    let del = Request::new(root, "s3:DeleteBucket", "arn:aws:s3:::b");
    assert_eq!(eval::evaluate(&set, &del).outcome, Outcome::ExplicitDeny);
}

#[test]
fn reader_errors_carry_data() {
    let read = |v: serde_json::Value| eval::read(&v).unwrap_err();
    assert_eq!(read(json!([])), ReadError::NotAnObject);
    assert_eq!(
        read(json!({"Version": "2012-10-17"})),
        ReadError::NoStatement
    );
    assert_eq!(
        read(json!({"Statement": [{"Effect": "Permit", "Action": "*", "Resource": "*"}]})),
        ReadError::BadEffect {
            statement: 0,
            value: "Permit".into()
        }
    );
    assert_eq!(
        read(json!({"Statement": [{"Effect": "Allow", "Resource": "*"}]})),
        ReadError::Missing {
            statement: 0,
            element: "Action"
        }
    );
    assert_eq!(
        read(json!({"Statement": [{"Effect": "Allow", "Action": "*", "NotAction": "s3:*"}]})),
        ReadError::Conflict {
            statement: 0,
            first: "Action",
            second: "NotAction"
        }
    );
    let e = read(
        json!({"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
        "Condition": {"StringEqualz": {"aws:username": "a"}}}]}),
    );
    assert_eq!(
        e,
        ReadError::UnknownOperator {
            statement: 0,
            operator: "StringEqualz".into()
        }
    );
    assert_eq!(
        e.to_string(),
        "statement 0: `StringEqualz` is not an IAM condition operator"
    );
    assert!(matches!(
        read(json!({"Statement": {"Effect": "Allow", "Action": [1], "Resource": "*"}})),
        ReadError::WrongType { .. }
    ));
    assert!(matches!(
        read(
            json!({"Statement": {"Effect": "Allow", "Action": "*", "Principal": {"Humans": "x"}}})
        ),
        ReadError::UnknownPrincipalType { .. }
    ));
    assert!(matches!(eval::read_str("{"), Err(ReadError::Json { .. })));
}

#[test]
fn reader_accepts_one_or_many_and_scalar_condition_values() {
    let d = doc(json!({"Version": "2012-10-17", "Statement": {
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*"],
        "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true}}}}));
    let set = PolicySet {
        identity: vec![&d],
        ..PolicySet::default()
    };
    let req = Request::new(alice(), "s3:GetObject", "arn:aws:s3:::b/k")
        .with("s3:max-keys", 5)
        .with("aws:SecureTransport", true);
    assert!(eval::evaluate(&set, &req).allowed());
}

#[test]
fn managed_policies_are_embedded_and_evaluated_exactly() {
    let p = managed::aws_managed("AmazonS3ReadOnlyAccess").expect("embedded");
    assert_eq!(
        p.arn().as_deref(),
        Some("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    );
    let d = p.document().unwrap();
    let set = PolicySet {
        identity: vec![d],
        ..PolicySet::default()
    };
    let ev = |a: &str| eval::evaluate(&set, &Request::new(alice(), a, "arn:aws:s3:::b/k")).outcome;
    assert_eq!(ev("s3:GetObject"), Outcome::Allowed);
    assert_eq!(ev("s3:ListBucket"), Outcome::Allowed);
    assert_eq!(ev("s3:PutObject"), Outcome::ImplicitDeny);
    assert_eq!(ev("s3-object-lambda:GetObject"), Outcome::Allowed);
    // Found by path-qualified name and by ARN; a wrong path does not match.
    let lambda = managed::aws_managed("service-role/AWSLambdaRole").unwrap();
    assert_eq!(lambda.path, "/service-role/");
    assert!(managed::aws_managed("/service-role/AWSLambdaRole").is_some());
    assert!(managed::aws_managed("arn:aws:iam::aws:policy/service-role/AWSLambdaRole").is_some());
    assert!(
        managed::aws_managed("arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole").is_some()
    );
    assert!(managed::aws_managed("job-function/AWSLambdaRole").is_none());
    assert!(managed::aws_managed("NoSuchPolicy").is_none());
    // AdministratorAccess allows everything.
    let admin = managed::aws_managed("AdministratorAccess")
        .unwrap()
        .document()
        .unwrap();
    let set = PolicySet {
        identity: vec![admin],
        ..PolicySet::default()
    };
    let any = Request::new(
        alice(),
        "ec2:TerminateInstances",
        "arn:aws:ec2:us-east-1:1:instance/i",
    );
    assert!(eval::evaluate(&set, &any).allowed());
}

#[test]
fn every_managed_policy_reads() {
    let all = managed::all();
    assert!(all.len() > 1600, "{}", all.len());
    let bad: Vec<String> = all
        .iter()
        .filter_map(|p| p.document().err().map(|e| format!("{}: {e}", p.name)))
        .collect();
    assert!(bad.is_empty(), "{bad:?}");
    let mut names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), all.len(), "sorted and unique");
}

/// Policies the catalog (stdlib/catalog/managed-policies.txt, from iam-floyd) names and the
/// embedded data (iam-dataset at its pinned commit, older) does not have: AWS published them
/// after that commit. Regenerate with scripts/managed/build.py at a newer commit to close it.
const CATALOG_ONLY: &[&str] = &[
    "AIDevOpsChannelAccessPolicy",
    "AWSBillingConductorRolePolicy",
    "AWSCloudWatchOmniServiceRolePolicy",
    "AWSTransferServiceRolePolicy",
    "AWSWellArchitectedAgentOrganizationsServiceRolePolicy",
    "AmazonECSInfrastructureRoleForGatewayHostSharedALB",
    "AmazonODBAutonomousDatabaseAdmin",
    "AmazonODBExadataVmClusterAdmin",
    "AmazonODBExascaleStorageVaultAdmin",
    "AmazonODBExascaleVmClusterAdmin",
    "AmazonSageMakerHyperPodInferenceGatewayAccess",
    "AssuranceServiceRolePolicy",
    "CloudWatchOmniAWSIntegrationPolicy",
    "CloudWatchOmniDomainAccessPolicy",
    "CloudWatchOmniModelInferencePolicy",
    "CloudWatchOmniSpaceAccessPolicy",
];

/// Embedded policies the catalog does not list, besides the deprecated ones (73).
const EMBEDDED_ONLY: &[&str] = &[
    "AWSCodePipelineFullAccess",
    "AWSConfigRole",
    "AWSECRPullThroughCacheServiceRolePolicy",
];

#[test]
fn embedded_names_agree_with_the_catalog() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("stdlib/catalog/managed-policies.txt"),
    )
    .unwrap();
    let mut catalog_only = Vec::new();
    let mut listed = std::collections::HashSet::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let (path, name) = match line.rsplit_once('/') {
            Some((p, n)) => (format!("/{p}/"), n),
            None => ("/".to_string(), line),
        };
        listed.insert(name.to_string());
        match managed::aws_managed(name) {
            None => catalog_only.push(name.to_string()),
            Some(p) => assert!(
                p.path.is_empty() || p.path == path,
                "{name}: catalog path {path}, embedded {}",
                p.path
            ),
        }
    }
    catalog_only.sort();
    assert_eq!(
        catalog_only, CATALOG_ONLY,
        "policies named by the catalog but not embedded"
    );
    let mut embedded_only: Vec<&str> = managed::all()
        .iter()
        .filter(|p| !p.deprecated && !listed.contains(&p.name))
        .map(|p| p.name.as_str())
        .collect();
    embedded_only.sort();
    assert_eq!(
        embedded_only, EMBEDDED_ONLY,
        "embedded, not deprecated, not in the catalog"
    );
}

/// The embedded documents are the corpus's (both from iam-dataset at the same commit).
#[test]
fn embedded_documents_equal_the_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/aws-managed");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: no corpus at {}", dir.display());
        return;
    };
    let mut compared = 0;
    let mut seen = std::collections::HashSet::new();
    for e in entries {
        let path = e.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".json") {
            // A stray copy in the data set (`X.json.json`); the build script skips it.
            continue;
        }
        seen.insert(name.clone());
        let corpus: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let p = managed::aws_managed(&name).unwrap_or_else(|| panic!("{name} not embedded"));
        if name == "PowerUserAccess" || name == "AdministratorAccess" {
            // The corpus took these from another source (2025-02, see its PROVENANCE.md); the
            // embedded ones are iam-dataset's (PowerUserAccess: its newer v12).
            assert!(matches!(p.version.as_str(), "v1" | "v12"), "{}", p.version);
            continue;
        }
        let embedded: serde_json::Value = serde_json::from_str(p.json()).unwrap();
        assert_eq!(embedded, corpus, "{name}");
        compared += 1;
    }
    // The corpus lacks the two policies whose files its snapshot missed.
    let mut not_in_corpus: Vec<&str> = managed::all()
        .iter()
        .map(|p| p.name.as_str())
        .filter(|n| !seen.contains(*n))
        .collect();
    not_in_corpus.sort();
    assert_eq!(
        not_in_corpus,
        [
            "AIDevOpsAgentActionsPolicy",
            "AWSMcpServiceActionsFullAccess"
        ]
    );
    assert!(compared > 1600, "{compared}");
}
