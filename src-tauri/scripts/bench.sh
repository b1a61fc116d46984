#!/usr/bin/env bash
# The benchmark command: installs what it needs and the peers (Debian's Chromium, ReportLab from
# PyPI in a venv under target/), builds the bench binary and the CLI in release and the app and
# the bare window as the start command builds them, runs every section and writes the table into
# tests/BENCHMARKS.md. Idempotent; the generated scale databases are kept under target/bench/data.
# The app section builds and installs the release package (apt, as root or through sudo).
#
#   bash src-tauri/scripts/bench.sh                       # everything
#   bash src-tauri/scripts/bench.sh card submit --no-write  # some sections, table not written
#   bash src-tauri/scripts/bench.sh data --sizes 50000      # smaller data set
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source src-tauri/scripts/setup.sh
KTPEL_APT_PACKAGES+=(chromium python3-venv)
ktpel_setup
ktpel_install_tauri_driver

REPORTLAB_VERSION=4.4.10
venv="$root/target/bench/venv"
if ! "$venv/bin/python" -c "import reportlab, sys; sys.exit(reportlab.Version != '$REPORTLAB_VERSION')" 2>/dev/null; then
  echo "== ReportLab $REPORTLAB_VERSION (the peer) in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "reportlab==$REPORTLAB_VERSION"
fi

echo "== Build: the app and the bare window (as the start command builds them), the bench and the CLI in release"
ktpel_build_ui
cargo build -q -p stasiun-cetak --bins --examples
# The bench profile's output is target/release: the CLI shares the bench binary's dependencies.
cargo build -q --profile bench -p ktpel-cli
cargo bench -q -p ktpel-tests --bench station --no-run

# The app section also measures the release as an office installs it: the package built and
# installed with apt (replacing an installed one), and the bare window in the release profile.
wants_app=1
for a in "$@"; do case "$a" in card|submit|data|cycle|app|office) wants_app=0 ;; esac; done
for a in "$@"; do [ "$a" = app ] && wants_app=1; done
if [ "$wants_app" = 1 ]; then
  echo "== The release: package built and installed, the bare window in release"
  bash src-tauri/scripts/package.sh | tail -n 1
  ktpel_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --allow-downgrades --reinstall \
    "$root/target/release/bundle/deb/stasiun-cetak-ktp-el_$(cargo metadata -q --no-deps --format-version 1 | jq -r '.packages[] | select(.name == "ktpel-core") | .version')_amd64.deb" >/dev/null
  cargo build -q --release -p stasiun-cetak --example bare-window
fi

echo "== Benchmarks"
KTPEL_BENCH_PYTHON="$venv/bin/python" KTPEL_BENCH_CHROMIUM="$(command -v chromium)" \
  cargo bench -q -p ktpel-tests --bench station -- "$@"
