#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs the whole suite: front-end checks
# and Vitest, unit tests, integration tests against a private cupsd, and the end-to-end tests that
# drive the built app in a real window (Xvfb + tauri-driver + WebKitWebDriver). Screenshots of
# each main screen go to test-artifacts/ (or $KTPEL_ARTIFACTS). Idempotent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source src-tauri/scripts/setup.sh
ktpel_setup
ktpel_install_tauri_driver
export KTPEL_ARTIFACTS="${KTPEL_ARTIFACTS:-$root/test-artifacts}"
# The stations the tests make keep their database keys in a folder of the run's own, not in the
# user's ~/.config/ktpel/kunci (src-tauri/crates/ktpel-core/src/keys).
export KTPEL_KEY_DIR="${KTPEL_KEY_DIR:-$(mktemp -d -t ktpel-kunci-XXXXXX)}"
mkdir -p "$KTPEL_ARTIFACTS"

# The suite meets the installed CUPS as an office has it; the log says which build that was.
echo "== CUPS under test: $(dpkg-query -W -f='${Package} ${Version}' cups-daemon 2>/dev/null), $(dpkg-query -W -f='${Package} ${Version}' cups-filters 2>/dev/null)"
echo "== PostgreSQL under test (office mode): $(dpkg-query -W -f='${Package} ${Version}' postgresql 2>/dev/null)"

echo "== Front end: install, type check, unit tests (Vitest), build"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
ktpel_build_ui
(cd ui && npm run check --silent && npm test --silent) 2>&1 | tee "$log" || status=1

echo "== Build (the whole workspace, the profile the start command runs)"
# A full run is not an edit-compile loop: incremental caches would only take disk (CI has little).
export CARGO_INCREMENTAL=0
cargo build --workspace

echo "== Windows (x86_64-pc-windows-gnu, Debian's Rust + mingw-w64): ktpel.exe, the app and the installer (tests/wine.rs runs them)"
bash src-tauri/scripts/windows.sh build --app 2>&1 | tail -n 20 || status=1
bash src-tauri/scripts/windows.sh installer 2>&1 | tail -n 5 || status=1

echo "== The release package (.deb through Tauri's bundler; tests/package.rs installs it with apt)"
# The previous release first (from its commit, into target/previous/): the upgrade test installs it,
# then this tree's package over it. Both share the release build's compiled dependencies.
bash src-tauri/scripts/package.sh --previous 2>&1 | tail -n 3 || status=1
bash src-tauri/scripts/package.sh 2>&1 | tail -n 5 || status=1

echo "== Unit, integration and window (end-to-end) tests; screenshots in $KTPEL_ARTIFACTS"
cargo test --workspace --no-fail-fast 2>&1 | tee -a "$log" || status=1

# One closing count over everything above.
# (Vitest's "Test Files" line counts files, not tests.)
passed=$(grep -v 'Test Files' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
failed=$(grep -v 'Test Files' "$log" | grep -Eo '[0-9]+ failed' | awk '{s+=$1} END {print s+0}')
echo "all: $passed passed, $failed failed"
exit $status
