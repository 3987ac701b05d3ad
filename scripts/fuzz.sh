#!/usr/bin/env bash
# Fuzz the whole compiler (fuzz/fuzz_targets/compile.rs) for a bounded time: `scripts/fuzz.sh
# [SECONDS]` (default 150; CI runs this). cargo-fuzz is pinned and installed under target/tools;
# RUSTC_BOOTSTRAP=1 lets it use the stable toolchain. The corpus starts from every example, error
# case, lint case and the known pathological inputs of issue 9 (fuzz/seeds/), with the language's
# tokens as a dictionary. Each input gets 10 s and 2 GiB at most: a hang or a memory blow-up is a
# failure like a panic, and the failing input is kept under fuzz/artifacts/compile/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs="${1:-150}"
version=0.13.2
tools="$PWD/target/tools"
if ! "$tools/bin/cargo-fuzz" --version 2>/dev/null | grep -q " $version"; then
  cargo install cargo-fuzz --version "$version" --locked --root "$tools" --quiet
fi
export PATH="$tools/bin:$PATH"
corpus=target/fuzz-corpus
mkdir -p "$corpus"
for f in examples/*.iamx examples/*/*.iamx tests/errors/*.iamx tests/errors/*/*.iamx \
  tests/lints/*.iamx fuzz/seeds/*.seed; do
  [ -f "$f" ] && cp "$f" "$corpus/$(echo "$f" | tr / _)"
done
export RUSTC_BOOTSTRAP=1
cargo fuzz run --fuzz-dir fuzz --sanitizer none compile "$corpus" -- \
  -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict=fuzz/iamx.dict -print_final_stats=1 2>&1 | grep -v -e '^#[0-9]*	\(NEW\|REDUCE\|pulse\)' -e '# Uses: ' || {
  echo "fuzzing found a failing input (fuzz/artifacts/compile/)" >&2
  exit 1
}
