//! Checking and building an Azure module never loads the AWS catalog nor Google Cloud's: the
//! test runs in a fresh process of the test binary, so no other test can load them first.
use iamx::backend::{self, Target};
use iamx::{azure, driver, gcp};

use crate::common;

#[test]
fn azure_work_never_loads_the_other_catalogs() {
    common::in_fresh_process(
        "azure_isolation::azure_work_never_loads_the_other_catalogs",
        azure_work_never_loads_the_other_catalogs_body,
    );
}

fn azure_work_never_loads_the_other_catalogs_body() {
    let mut compiled = 0;
    for (_, program) in common::examples("azure-") {
        assert!(program.azure.is_some());
        let opts = backend::Options::default();
        assert!(backend::Terraform.emit(&program, &opts).is_ok());
        assert!(backend::Json.emit(&program, &opts).is_ok());
        assert!(backend::CloudFormation.emit(&program, &opts).is_err());
        compiled += 1;
    }
    assert!(compiled >= 3);
    // A typo's did-you-mean reads the Azure catalog only.
    let bad = driver::compile_str(
        "typo.iamx",
        "target azure\nmanaged_identity app {\n  resource_group = \"rg\"\n  location = \"westeurope\"\n  grant builtin(\"AcrPsh\") on subscription(\"00000000-0000-0000-0000-000000000000\")\n}\n",
    );
    assert!(bad.has_errors());
    assert!(
        bad.diags
            .iter()
            .any(|d| d.help.as_deref().is_some_and(|h| h.contains("`AcrPush`")))
    );
    assert!(azure::catalog::is_loaded());
    assert!(
        !iamx::aws::catalog::is_loaded(),
        "an Azure check loaded the AWS catalog"
    );
    assert!(
        !gcp::catalog::is_loaded(),
        "an Azure check loaded the Google Cloud catalog"
    );
}
