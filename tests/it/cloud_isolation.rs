//! The Google Cloud and Azure catalogs are loaded only when asked for: checking, linting and
//! emitting AWS modules never inflates them, and loading one cloud's never loads the other's.
//! The test runs in a fresh process of the test binary, so no other test can load them first.
use iamx::backend::{BuildOptions, cloudformation, json, terraform};
use iamx::{azure, driver, gcp};

use crate::common;

#[test]
fn aws_work_never_loads_other_clouds_catalogs() {
    common::in_fresh_process(
        "cloud_isolation::aws_work_never_loads_other_clouds_catalogs",
        aws_work_never_loads_other_clouds_catalogs_body,
    );
}

fn aws_work_never_loads_other_clouds_catalogs_body() {
    let opts = BuildOptions {
        account: Some("111122223333".into()),
        region: Some("eu-west-1".into()),
        ..BuildOptions::default()
    };
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples");
    let mut compiled = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // Google Cloud and Azure examples load their catalog (tests/it/gcp_isolation.rs and
        // tests/it/azure_isolation.rs cover them).
        let gcp = path.file_name().is_some_and(|n| {
            let n = n.to_string_lossy();
            n.starts_with("gcp-") || n.starts_with("azure-")
        });
        if path.extension().is_none_or(|e| e != "iamx") || gcp {
            continue;
        }
        let src = std::fs::read_to_string(&path).unwrap();
        let c = driver::compile_str(&path.display().to_string(), &src);
        let program = c
            .program
            .unwrap_or_else(|| panic!("{}: {:?}", path.display(), c.diags));
        assert!(json::emit(&program, &opts).is_ok());
        assert!(!terraform::emit(&program).is_empty());
        let _ = cloudformation::emit(&program);
        compiled += 1;
    }
    assert!(compiled >= 5);
    // The AWS catalog itself, and a typo's did-you-mean.
    let aws = iamx::aws::catalog::catalog();
    assert!(aws.service("s3").is_some());
    let bad = driver::compile_str("typo.iamx", "policy p {\n  allow s3:GetObjet on *\n}\n");
    assert!(bad.has_errors());
    assert!(
        !gcp::catalog::is_loaded(),
        "an AWS check loaded the Google Cloud catalog"
    );
    assert!(
        !azure::catalog::is_loaded(),
        "an AWS check loaded the Azure catalog"
    );

    assert!(gcp::catalog::catalog().is_ok());
    assert!(gcp::catalog::is_loaded());
    assert!(
        !azure::catalog::is_loaded(),
        "loading Google Cloud's loaded Azure's"
    );
    assert!(azure::catalog::catalog().is_ok());
    assert!(azure::catalog::is_loaded());
}
