//! `cargo run --release --example gen_roles -- N > roles.iamx`: the benchmark's input module, for
//! timing the whole CLI (see docs/benchmarks.md).
#[path = "gen/mod.rs"]
mod generate;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    print!("{}", generate::module(n));
}
