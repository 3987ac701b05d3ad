//! `cargo run --release --example gen_roles -- N [policies|tested] > roles.iamx`: the benchmark's
//! input module (N roles; with `policies` N managed policies each attached to a role; with
//! `tested` N roles and ten expectations each), for timing the whole CLI (see
//! docs/benchmarks.md).
#[path = "gen/mod.rs"]
mod generate;

fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    if std::env::args().nth(2).as_deref() == Some("policies") {
        print!("{}", generate::policies(n));
    } else if std::env::args().nth(2).as_deref() == Some("tested") {
        print!("{}", generate::tested(n));
    } else {
        print!("{}", generate::module(n));
    }
}
