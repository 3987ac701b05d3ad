//! Generated Azure modules, shared by tests/it/azure.rs and benches/azure.rs.

/// `identities` managed identities with `per` federated credentials each.
pub fn credentials_module(identities: usize, per: usize) -> String {
    let mut s = String::from("target azure\n");
    for i in 0..identities {
        s.push_str(&format!(
            "managed_identity id{i} {{\n  resource_group = \"rg\"\n  location = \"westeurope\"\n"
        ));
        for e in 0..per {
            s.push_str(&format!(
                "  trust github subject \"repo:acme/app:environment:e{e}\"\n"
            ));
        }
        s.push_str("}\n");
    }
    s
}
