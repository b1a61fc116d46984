#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the whole suite (unit tests,
# integration tests against a private cupsd, and the window smoke test under Xvfb). Screenshots
# go to test-artifacts/ (or $KTPEL_ARTIFACTS). Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source src-tauri/scripts/setup.sh
ktpel_setup
artifacts="${KTPEL_ARTIFACTS:-$root/test-artifacts}"
mkdir -p "$artifacts"

echo "== Build (the CLI in release as the README says; the whole workspace in debug for the tests)"
cargo build --release --bin ktpel
cargo build --workspace

echo "== Unit and integration tests"
cargo test --workspace --no-fail-fast

echo "== Window smoke test (Xvfb)"
bash tests/window-smoke.sh "$root/target/debug/stasiun-cetak" "$artifacts"
