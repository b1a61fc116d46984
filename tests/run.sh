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

echo "== Front end: install, type check, unit tests (Vitest), build"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
ktpel_build_ui
(cd ui && npm run check --silent && npm test --silent) 2>&1 | tee "$log" || status=1

echo "== Build (the CLI in release as the README says; the whole workspace in debug for the tests)"
cargo build --release --bin ktpel
cargo build --workspace

echo "== Unit and integration tests"
cargo test --workspace --no-fail-fast 2>&1 | tee -a "$log" || status=1

echo "== Window smoke test (Xvfb)"
bash tests/window-smoke.sh "$root/target/debug/stasiun-cetak" "$artifacts" 2>&1 | tee -a "$log" || status=1

# One closing count over everything above.
# (Vitest's "Test Files" line counts files, not tests.)
passed=$(grep -v 'Test Files' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -v 'Test Files' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
echo "all: $passed passed, $failed failed"
exit $status
