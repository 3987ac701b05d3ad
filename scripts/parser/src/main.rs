//! Generates `src/parser/generated.rs` from `grammar/iamx.lalrpop` with lalrpop, behind a first
//! line naming the grammar's FNV-1a hash, which a test of the parser compares with the grammar.
//! Run from the repository root: `bash scripts/parser/generate.sh`.

use std::path::Path;

/// FNV-1a, 64 bits: the same function as `parser::grammar_hash`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = Path::new(".");
    let grammar = std::fs::read(root.join("grammar/iamx.lalrpop"))?;
    let out = std::env::temp_dir().join(format!("iamx-parser-gen-{}", std::process::id()));
    std::fs::create_dir_all(&out)?;
    lalrpop::Configuration::new()
        .set_in_dir(root.join("grammar"))
        .set_out_dir(&out)
        .process()?;
    let generated = std::fs::read_to_string(out.join("iamx.rs"))?;
    std::fs::remove_dir_all(&out)?;
    let text = format!(
        "// Generated from grammar/iamx.lalrpop (FNV-1a {:016x}) by scripts/parser/generate.sh; do not edit.\n{generated}",
        fnv1a(&grammar)
    );
    std::fs::write(root.join("src/parser/generated.rs"), text)?;
    Ok(())
}
