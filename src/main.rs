//! The `iamx` command.
fn main() {
    std::process::exit(iamx::cli::main());
}
