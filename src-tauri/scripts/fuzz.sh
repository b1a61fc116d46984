#!/usr/bin/env bash
# Runs one cargo-fuzz target of the core for a number of seconds (default 180), or all of them:
#   bash src-tauri/scripts/fuzz.sh [TARGET|all] [SECONDS]
# Installs cargo-fuzz when missing. The machine's stable toolchain is used with RUSTC_BOOTSTRAP
# (libFuzzer needs -Z flags) and without a sanitizer (the code under test is safe Rust: what we
# look for are panics, hangs and runaway memory). A finding is left in
# src-tauri/crates/ktpel-core/fuzz/artifacts/TARGET/; fix it and keep the input in
# tests/fixtures/nasty/ when it is a record.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:-all}
seconds=${2:-180}
if ! cargo fuzz --version >/dev/null 2>&1; then
  cargo install cargo-fuzz --locked
fi
cd "$root/src-tauri/crates/ktpel-core"
targets=$target
if [ "$target" = all ]; then
  targets="import_records feed_page nik serial register_format"
fi
for t in $targets; do
  echo "== fuzz $t for ${seconds}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none "$t" -- -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536
done
