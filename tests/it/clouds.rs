//! The Google Cloud and Azure catalogs (src/gcp/catalog.rs, src/azure/catalog.rs): every
//! predefined role and built-in role of the sources read back through the loaders, did-you-mean,
//! Azure wildcard matching, and the facts the checker and lints will rely on; and, for both
//! clouds at once, what the command line refuses to do with their programs.
//!
//! `tests/clouds/*.tsv` are written by the generators from the sources themselves (a digest per
//! role), so these tests compare what the Rust loaders return with what the Python scripts read.

use iamx::azure::catalog::{self as az, AzureCatalog, Plane};
use iamx::gcp::catalog::{self as gcp, GcpCatalog, RiskTag, Stage};
use std::collections::BTreeSet;

fn fnv64(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn digest(name: &str) -> String {
    let path = format!("{}/tests/clouds/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn gcp() -> &'static GcpCatalog {
    gcp::catalog().expect("the embedded Google Cloud catalog loads")
}

fn azure() -> &'static AzureCatalog {
    az::catalog().expect("the embedded Azure catalog loads")
}

#[test]
fn every_gcp_predefined_role_reads_back_with_known_permissions() {
    let c = gcp();
    let mut seen = 0;
    let mut held = BTreeSet::new();
    for line in digest("gcp-roles.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let [name, stage, count, hash] = f.as_slice() else {
            panic!("bad digest line {line}")
        };
        let role = c
            .role(name)
            .unwrap_or_else(|| panic!("{name} is not in the catalog"));
        assert_eq!(role.name(), *name);
        assert_eq!(role.stage().as_str(), *stage, "{name}");
        let perms: Vec<&str> = role.permissions().map(|p| p.name).collect();
        assert_eq!(perms.len().to_string(), *count, "{name}");
        assert_eq!(role.permission_count(), perms.len());
        for p in &perms {
            assert!(c.is_permission(p), "{name}: {p} unknown");
            assert_eq!(c.permission(p).map(|k| k.name), Some(*p));
            assert!(role.has_permission(p), "{name}: {p}");
            held.insert(*p);
        }
        let text = format!(
            "{}\0{}\0{}",
            role.title(),
            role.description(),
            perms.join("\n")
        );
        assert_eq!(
            fnv64(&text),
            *hash,
            "{name}: title, description or permissions differ"
        );
        seen += 1;
    }
    assert_eq!(
        seen,
        c.roles().len(),
        "roles in the catalog but not in the source"
    );
    assert_eq!(seen, 2461);
    // Every known permission is held by some role, and nothing else is known.
    assert_eq!(held.len(), c.permissions().len());
    assert_eq!(held.len(), 13_790);
    assert!(held.iter().copied().eq(c.permissions().map(|p| p.name)));
}

#[test]
fn gcp_roles_permissions_stages_and_titles() {
    let c = gcp();
    let dev = c.role("roles/run.developer").unwrap();
    assert_eq!(dev.title(), "Cloud Run Developer");
    assert_eq!(dev.stage(), Stage::Ga);
    assert!(dev.has_permission("run.services.update"));
    assert!(!dev.has_permission("run.services.setIamPolicy"));
    assert!(!dev.has_permission("no.such.permission"));
    assert_eq!(c.role("roles/owner").unwrap().permission_count(), 13_568);
    assert_eq!(c.role("roles/editor").unwrap().permission_count(), 11_979);
    assert_eq!(c.role("roles/viewer").unwrap().permission_count(), 6_064);
    assert_eq!(
        c.role("roles/apigee.apiAdmin").map(|r| r.stage()),
        Some(Stage::Deprecated)
    );
    assert!(c.role("run.developer").is_none(), "the full name is needed");
    assert!(
        c.role("roles/Run.Developer").is_none(),
        "role names are exact"
    );
    assert!(c.is_permission("storage.objects.get"));
    assert!(!c.is_permission("storage.objects.Get"));
    assert!(!c.is_permission("storage.objects.*"));
    assert!(c.is_permission("iam.googleapis.com/workloadIdentityPools.create"));
    let stages: BTreeSet<&str> = c.roles().map(|r| r.stage().as_str()).collect();
    assert_eq!(
        stages,
        BTreeSet::from(["ALPHA", "BETA", "DEPRECATED", "GA"])
    );
}

#[test]
fn gcp_risk_tags() {
    let c = gcp();
    let key = c.risk_tags("iam.serviceAccountKeys.create");
    assert!(key.contains(RiskTag::CredentialExposure) && !key.contains(RiskTag::PrivEsc));
    assert_eq!(
        key.iter().collect::<Vec<_>>(),
        [RiskTag::CredentialExposure]
    );
    assert!(
        c.risk_tags("iam.serviceAccounts.getAccessToken")
            .contains(RiskTag::PrivEsc)
    );
    assert!(
        c.risk_tags("iam.serviceAccounts.actAs")
            .contains(RiskTag::PrivEsc)
    );
    assert!(
        c.risk_tags("bigquery.tables.getData")
            .contains(RiskTag::DataAccess)
    );
    // Tagged in another case in the source, applied to the real name.
    assert!(
        c.risk_tags("resourcemanager.tagKeys.setIamPolicy")
            .contains(RiskTag::PrivEsc)
    );
    assert!(c.risk_tags("storage.buckets.list").is_empty());
    assert!(c.risk_tags("no.such.permission").is_empty());
    let count = |t| c.permissions().filter(|p| p.tags.contains(t)).count();
    assert_eq!(count(RiskTag::PrivEsc), 80);
    assert_eq!(count(RiskTag::CredentialExposure), 7);
    assert_eq!(count(RiskTag::DataAccess), 37);
}

#[test]
fn gcp_services_and_prefixes() {
    let c = gcp();
    let run: Vec<&str> = c.service_permissions("run").map(|p| p.name).collect();
    assert!(run.contains(&"run.services.update"));
    assert!(run.iter().all(|p| p.starts_with("run.")));
    let iam: Vec<&str> = c.service_permissions("iam").map(|p| p.name).collect();
    assert!(iam.contains(&"iam.roles.create"));
    assert!(iam.contains(&"iam.googleapis.com/workloadIdentityPools.create"));
    assert!(!iam.iter().any(|p| p.starts_with("iamconnectors")));
    let services = c.services();
    assert!(services.contains(&"storage") && services.contains(&"iam"));
    assert!(services.windows(2).all(|w| w[0] < w[1]));
    let svc: Vec<&str> = c
        .permissions_with_prefix("run.services.")
        .map(|p| p.name)
        .collect();
    assert!(
        svc.contains(&"run.services.get") && svc.iter().all(|p| p.starts_with("run.services."))
    );
    assert_eq!(c.permissions_with_prefix("zzzz").count(), 0);
    assert_eq!(c.service_permissions("nosuchservice").count(), 0);
}

#[test]
fn gcp_deny_policy_names() {
    let c = gcp();
    let deny = |p| c.deny_permission_name(p);
    assert_eq!(
        deny("iam.roles.create").as_deref(),
        Some("iam.googleapis.com/roles.create")
    );
    assert_eq!(
        deny("resourcemanager.projects.delete").as_deref(),
        Some("cloudresourcemanager.googleapis.com/projects.delete")
    );
    assert_eq!(
        deny("storage.buckets.delete").as_deref(),
        Some("storage.googleapis.com/buckets.delete")
    );
    assert_eq!(
        deny("cloudsql.instances.delete").as_deref(),
        Some("sql.googleapis.com/instances.delete")
    );
    assert_eq!(
        deny("iam.googleapis.com/workloadIdentityPools.create").as_deref(),
        Some("iam.googleapis.com/workloadIdentityPools.create")
    );
    assert_eq!(deny("nodot"), None);
    assert_eq!(deny(".x"), None);
}

#[test]
fn gcp_did_you_mean() {
    let c = gcp();
    let p = |n| c.suggest_permission(n);
    assert_eq!(p("storage.objects.gett"), Some("storage.objects.get"));
    assert_eq!(p("storage.object.get"), Some("storage.objects.get"));
    assert_eq!(p("storag.objects.get"), Some("storage.objects.get"));
    assert_eq!(p("run.services.updat"), Some("run.services.update"));
    assert_eq!(p("storage.objects.GET"), Some("storage.objects.get"));
    assert_eq!(
        p("iam.serviceAccounts.actas"),
        Some("iam.serviceAccounts.actAs")
    );
    assert_eq!(p("zzzzzz.qqqqq.xxxxx"), None);
    let r = |n| c.suggest_role(n);
    assert_eq!(r("roles/run.develper"), Some("roles/run.developer"));
    assert_eq!(r("run.developer"), Some("roles/run.developer"));
    assert_eq!(
        r("roles/storage.objectviewer"),
        Some("roles/storage.objectViewer")
    );
    assert_eq!(
        r("roles/artifactregistry.writter"),
        Some("roles/artifactregistry.writer")
    );
    assert_eq!(r("roles/qqqqqqqqqq.zzzzzzzzz"), None);
}

/// Built-in role names that are not operation names (kept in the role as written, not in the
/// operation list); the generator lists them in the digest's `#!` line.
fn azure_facts() -> (usize, usize, usize, Vec<String>) {
    let text = digest("azure-roles.tsv");
    let line = text.lines().find_map(|l| l.strip_prefix("#! ")).unwrap();
    let mut f = line.split(' ').map(|kv| kv.split_once('=').unwrap());
    let mut num = || f.next().unwrap().1.parse::<usize>().unwrap();
    let (entries, names, unmatched) = (num(), num(), num());
    let malformed = line.split_once("malformed=").unwrap().1;
    let malformed = malformed.split(' ').map(str::to_string).collect();
    (entries, names, unmatched, malformed)
}

#[test]
fn every_azure_built_in_role_reads_back_with_known_operations() {
    let c = azure();
    let (not_in_lists, not_in_lists_names, unmatched_total, malformed) = azure_facts();
    let (mut seen, mut unmatched_seen, mut builtin_only, mut malformed_seen) = (0, 0, 0, 0);
    let mut builtin_names = BTreeSet::new();
    for line in digest("azure-roles.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let [id, name, count, unmatched, hash] = f.as_slice() else {
            panic!("bad digest line {line}")
        };
        let role = c
            .role_by_id(id)
            .unwrap_or_else(|| panic!("{id} is not in the catalog"));
        assert_eq!(role.name(), *name);
        assert_eq!(c.role_by_name(name).map(|r| r.id()), Some(*id));
        let mut parts = vec![role.description().into_owned()];
        let (mut patterns, mut none) = (0, 0);
        for b in role.permissions() {
            let lists = [
                (b.actions().collect::<Vec<_>>(), Plane::Control),
                (b.not_actions().collect(), Plane::Control),
                (b.data_actions().collect(), Plane::Data),
                (b.not_data_actions().collect(), Plane::Data),
            ];
            for (list, plane) in &lists {
                parts.push(list.join("\n"));
                patterns += list.len();
                for p in list {
                    if p.contains('*') {
                        none += usize::from(!c.matches_any(p, *plane));
                    } else if malformed.iter().any(|m| m == p) {
                        assert!(c.operation(p).is_none(), "{p}");
                        malformed_seen += 1;
                    } else {
                        let op = c
                            .operation(p)
                            .unwrap_or_else(|| panic!("{name}: {p} unknown"));
                        assert!(op.in_plane(*plane), "{name}: {p} not in {plane:?}");
                        if op.only_in_builtin_roles() {
                            builtin_only += 1;
                            builtin_names.insert(op.name.to_ascii_lowercase());
                        }
                    }
                }
            }
            parts.push(b.condition_version().unwrap_or("").to_string());
            parts.push(b.condition().map(|c| c.into_owned()).unwrap_or_default());
        }
        assert_eq!(patterns.to_string(), *count, "{name}");
        assert_eq!(
            none.to_string(),
            *unmatched,
            "{name}: wildcards matching nothing"
        );
        assert_eq!(fnv64(&parts.join("\0")), *hash, "{name}: the role differs");
        unmatched_seen += none;
        seen += 1;
    }
    assert_eq!(seen, c.roles().len());
    assert_eq!(seen, 928);
    assert_eq!(unmatched_seen, unmatched_total);
    // The role entries naming operations neither list has: now known, from the roles.
    eprintln!(
        "azure: {not_in_lists} role entries name {not_in_lists_names} operations in neither list \
         ({malformed_seen} entries are malformed names); {unmatched_total} wildcards match nothing"
    );
    assert_eq!(builtin_only + malformed_seen, not_in_lists);
    assert_eq!(builtin_names.len() + malformed.len(), not_in_lists_names);
}

#[test]
fn azure_operations_and_planes() {
    let c = azure();
    let read = c
        .operation("microsoft.storage/STORAGEACCOUNTS/read")
        .unwrap();
    assert_eq!(read.name, "Microsoft.Storage/storageAccounts/read");
    assert!(read.is_action() && !read.is_data_action());
    let blob = c
        .operation("Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read")
        .unwrap();
    assert!(blob.is_data_action() && !blob.is_action());
    let keys = c.operation("Microsoft.KeyVault/vaults/keys/read").unwrap();
    assert!(keys.is_action() && keys.is_data_action(), "both planes");
    assert!(
        c.operation("Microsoft.Storage/storageAccounts/frobnicate")
            .is_none()
    );
    assert!(
        c.operation("Microsoft.Storage/*").is_none(),
        "a pattern is not an operation"
    );
    assert!(c.operations().len() > 20_000);
    let providers = c.providers();
    assert!(providers.contains(&"Microsoft.Storage"));
    assert!(
        providers
            .windows(2)
            .all(|w| !w[0].eq_ignore_ascii_case(w[1]))
    );
}

#[test]
fn azure_wildcard_matching() {
    let c = azure();
    let names = |pattern, plane| -> Vec<&str> {
        c.matching(pattern, plane)
            .into_iter()
            .map(|o| o.name)
            .collect()
    };
    let storage_read = names("Microsoft.Storage/*/read", Plane::Control);
    assert!(storage_read.len() > 30);
    assert!(storage_read.contains(&"Microsoft.Storage/storageAccounts/read"));
    assert!(storage_read.iter().all(|n| {
        let l = n.to_ascii_lowercase();
        l.starts_with("microsoft.storage/") && l.ends_with("/read")
    }));
    let blob = "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read";
    assert!(
        !storage_read.contains(&blob),
        "actions never match data actions"
    );
    assert!(names("Microsoft.Storage/*/read", Plane::Data).contains(&blob));
    assert_eq!(
        names("MICROSOFT.STORAGE/*/READ", Plane::Control),
        storage_read
    );
    assert!(
        !names("Microsoft.Storage/*", Plane::Control)
            .iter()
            .any(|n| n.starts_with("Microsoft.StorageSync"))
    );
    let all_read = names("*/read", Plane::Control);
    assert!(all_read.len() > 5_000);
    assert!(all_read.contains(&"Microsoft.Compute/virtualMachines/read"));
    assert!(
        all_read
            .iter()
            .all(|n| n.to_ascii_lowercase().ends_with("/read"))
    );
    assert_eq!(
        names("*", Plane::Control).len(),
        c.operations().filter(|o| o.is_action()).count()
    );
    assert_eq!(
        names("Microsoft.Compute/virtualMachines/read", Plane::Control),
        ["Microsoft.Compute/virtualMachines/read"]
    );
    assert!(names("Microsoft.Nope/*", Plane::Control).is_empty());
    assert!(c.matches_any("Microsoft.Authorization/*/Delete", Plane::Control));
    assert!(!c.matches_any("Microsoft.Authorization/*/Delete", Plane::Data));
}

#[test]
fn azure_roles_by_name_and_id() {
    let c = azure();
    let push = c.role_by_name("AcrPush").unwrap();
    assert_eq!(push.id(), "8311e382-0749-4cb8-b61a-304f252e45ec");
    let actions: Vec<&str> = push
        .permissions()
        .flat_map(|b| b.actions().collect::<Vec<_>>())
        .collect();
    assert_eq!(
        actions,
        [
            "Microsoft.ContainerRegistry/registries/pull/read",
            "Microsoft.ContainerRegistry/registries/push/write"
        ]
    );
    assert!(
        c.role_by_name("acrpush").is_none(),
        "names are exact; suggest the spelling"
    );
    let owner = c
        .role_by_id("8E3AF657-A8FF-443C-A75C-2FE8C4BCB635")
        .unwrap();
    assert_eq!(owner.name(), "Owner");
    assert_eq!(
        c.role_by_id("/subscriptions/0000/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635")
            .map(|r| r.name()),
        Some("Owner")
    );
    assert!(
        c.role_by_id("00000000-0000-0000-0000-000000000000")
            .is_none()
    );
    let assign = "Microsoft.Authorization/roleAssignments/write";
    assert!(owner.grants(assign, Plane::Control));
    assert!(!owner.grants(
        "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
        Plane::Data
    ));
    let contributor = c.role_by_name("Contributor").unwrap();
    assert!(
        !contributor.grants(assign, Plane::Control),
        "NotActions subtract"
    );
    assert!(contributor.grants("Microsoft.Compute/virtualMachines/write", Plane::Control));
    assert!(contributor.permissions().any(|b| b.not_actions().len() > 0));
    let reader = c.role_by_name("Storage Blob Data Reader").unwrap();
    assert!(reader.grants(
        "microsoft.storage/storageAccounts/blobServices/containers/blobs/read",
        Plane::Data
    ));
    let conditioned = c
        .roles()
        .flat_map(|r| r.permissions().collect::<Vec<_>>())
        .filter(|b| b.condition().is_some())
        .count();
    assert_eq!(conditioned, 31);
    let kv = c
        .role_by_name("Key Vault Data Access Administrator")
        .unwrap();
    let b = kv.permissions().next().unwrap();
    assert_eq!(b.condition_version(), Some("2.0"));
    assert!(b.condition().unwrap().contains("ActionMatches"));
}

#[test]
fn azure_did_you_mean() {
    let c = azure();
    let o = |n| c.suggest_operation(n);
    assert_eq!(
        o("Microsoft.Storage/storageAccounts/raed"),
        Some("Microsoft.Storage/storageAccounts/read")
    );
    assert_eq!(
        o("Microsoft.Storag/storageAccounts/read"),
        Some("Microsoft.Storage/storageAccounts/read")
    );
    assert_eq!(
        o("Microsoft.ContainerRegistry/registries/push/writ"),
        Some("Microsoft.ContainerRegistry/registries/push/write")
    );
    assert_eq!(o("Qqqqq.Zzzzz/xxxxxxx/yyyyy"), None);
    let r = |n| c.suggest_role(n);
    assert_eq!(r("AcrPus"), Some("AcrPush"));
    assert_eq!(r("acrpush"), Some("AcrPush"));
    assert_eq!(
        r("Storage Blob Data Reeder"),
        Some("Storage Blob Data Reader")
    );
    assert_eq!(r("Contributer"), Some("Contributor"));
    assert_eq!(r("Qqqqqqqqqqqqqq"), None);
}

#[test]
fn azure_hostile_patterns_stay_cheap() {
    // Sources are untrusted: huge or star-heavy patterns must not make matching slow.
    let c = azure();
    let actions = c.operations().filter(|o| o.is_action()).count();
    assert!(c.matching(&"*a".repeat(100_000), Plane::Control).is_empty());
    assert_eq!(
        c.matching(&"*".repeat(1_000_000), Plane::Control).len(),
        actions
    );
    let stars_read = format!("{}/read", "*".repeat(100_000));
    assert_eq!(
        c.matching(&stars_read, Plane::Control),
        c.matching("*/read", Plane::Control)
    );
    assert!(c.matching(&"*a".repeat(60), Plane::Data).is_empty());
    assert!(!c.matches_any(&"x".repeat(1_000_000), Plane::Control));
    assert_eq!(
        c.suggest_operation(&"Microsoft.Storage/".repeat(50_000)),
        None
    );
    assert!(c.operation(&"a/".repeat(500_000)).is_none());
    assert_eq!(c.suggest_role(&"Owner".repeat(100_000)), None);
    let g = gcp();
    assert_eq!(g.suggest_permission(&"storage.".repeat(100_000)), None);
    assert_eq!(g.suggest_role(&"roles/run.".repeat(100_000)), None);
    assert!(g.permission(&"x".repeat(1_000_000)).is_none());
    assert_eq!(
        g.permissions_with_prefix(&"run.".repeat(100_000)).count(),
        0
    );
}

/// `build --target cloudformation` and `test` refuse a Google Cloud or an Azure program with
/// exit code 2, naming the cloud, and write nothing.
#[test]
fn cloudformation_and_test_refuse_gcp_and_azure_programs() {
    for (example, cloud) in [
        ("examples/gcp-github-deploy.iamx", "Google Cloud"),
        ("examples/azure-github-deploy.iamx", "Azure"),
    ] {
        let out = crate::common::tmp("clouds", &format!("cfn-{}", cloud.replace(' ', "-")));
        let o = crate::common::iamx(&[
            "build",
            "--target",
            "cloudformation",
            "--out",
            out.to_str().unwrap(),
            example,
        ]);
        assert_eq!(o.status.code(), Some(2), "{example}: {o:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        let want = format!("AWS-only; the program targets {cloud}");
        assert!(stderr.contains(&want), "{example}: {stderr}");
        assert!(
            std::fs::read_dir(&out).unwrap().next().is_none(),
            "{example}: wrote files"
        );
        let o = crate::common::iamx(&["test", example]);
        assert_eq!(o.status.code(), Some(2), "{example}: {o:?}");
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(stderr.contains("no evaluator yet"), "{example}: {stderr}");
    }
}
