//! Checking and building a Google Cloud module never loads the AWS catalog (nor Azure's): the
//! test runs in a fresh process of the test binary, so no other test can load them first.
use iamx::backend::{self, Target};
use iamx::{azure, driver, gcp};

use crate::common;

#[test]
fn gcp_work_never_loads_the_aws_catalog() {
    common::in_fresh_process(
        "gcp_isolation::gcp_work_never_loads_the_aws_catalog",
        gcp_work_never_loads_the_aws_catalog_body,
    );
}

fn gcp_work_never_loads_the_aws_catalog_body() {
    let mut compiled = 0;
    for (_, program) in common::examples("gcp-") {
        let opts = backend::Options::default();
        assert!(backend::Terraform.emit(&program, &opts).is_ok());
        assert!(backend::Json.emit(&program, &opts).is_ok());
        compiled += 1;
    }
    assert!(compiled >= 3);
    // A typo's did-you-mean reads the Google Cloud catalog only.
    let bad = driver::compile_str(
        "typo.iamx",
        "target gcp\nservice_account sa {\n  grant roles/run.develper on project(\"acme-shop-prod\")\n}\n",
    );
    assert!(bad.has_errors());
    assert!(gcp::catalog::is_loaded());
    assert!(
        !iamx::aws::catalog::is_loaded(),
        "a Google Cloud check loaded the AWS catalog"
    );
    assert!(
        !azure::catalog::is_loaded(),
        "a Google Cloud check loaded the Azure catalog"
    );
}
