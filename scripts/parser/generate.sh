#!/usr/bin/env bash
# Regenerate src/parser/generated.rs after a change to grammar/iamx.lalrpop (lalrpop pinned in
# scripts/parser/Cargo.toml and Cargo.lock). `cargo test` fails while the two differ.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --quiet --locked --release --manifest-path scripts/parser/Cargo.toml
