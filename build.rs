//! Generates the parser from `grammar/iamx.lalrpop` into OUT_DIR.
fn main() {
    println!("cargo:rerun-if-changed=grammar/iamx.lalrpop");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(e) = lalrpop::Configuration::new()
        .set_in_dir("grammar")
        .set_out_dir(out)
        .process()
    {
        eprintln!("lalrpop failed: {e}");
        std::process::exit(1);
    }
}
