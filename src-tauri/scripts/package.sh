#!/usr/bin/env bash
# The release an office installs: the app in its release profile and `ktpel`, bundled as a Debian
# package by Tauri's bundler (the CLI comes from npm, pinned beside @tauri-apps/api) into
# target/release/bundle/deb/. The package carries the icon, an Indonesian desktop entry and
# `ktpel` in /usr/bin; its version is the workspace's (Cargo.toml), as the Windows installer's.
# Idempotent: installs what it needs, rebuilds only what changed.
#
#   bash src-tauri/scripts/package.sh             this source tree's release
#   bash src-tauri/scripts/package.sh --previous  the last released version, from its commit, into
#                                                 target/previous/ (tests/package.rs upgrades it)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

# The release an office may already have installed: its commit in this history (tag v0.1.0).
# Raise it when a version is released; the upgrade test installs this one, then this tree's.
previous_version=0.1.0
previous_commit=5820e2180a0a19e6eb228cca29e641cc5bc3ce77

if [ "${1:-}" = "--previous" ]; then
  out="$root/target/previous"
  deb="$out/stasiun-cetak-ktp-el_${previous_version}_amd64.deb"
  if [ -s "$deb" ]; then
    echo "== Previous release $previous_version: $deb (already built)"
    exit 0
  fi
  echo "== Previous release $previous_version from $previous_commit"
  src="$out/src"
  rm -rf "$src" && mkdir -p "$src"
  git -C "$root" archive "$previous_commit" | tar -x -C "$src"
  # Built in the same target folder, so the dependencies compiled for this tree are reused and
  # only the product's own crates are compiled again; its package is moved out before this tree's
  # release build writes the same place. The same front-end lock shares the installed modules.
  ln -sfn "$root/target" "$src/target"
  same_modules() {  # the two locks pin the same packages (their own version number aside)
    python3 - "$src/ui/package-lock.json" "$root/ui/package-lock.json" <<'PY'
import json, sys
def pins(path):
    lock = json.load(open(path))
    lock.pop("version", None)
    lock.get("packages", {}).get("", {}).pop("version", None)
    return lock
sys.exit(0 if pins(sys.argv[1]) == pins(sys.argv[2]) else 1)
PY
  }
  if [ -d "$root/ui/node_modules" ] && same_modules; then
    ln -sfn "$root/ui/node_modules" "$src/ui/node_modules"
  fi
  rm -f "$root"/target/release/bundle/deb/*.deb
  (cd "$src" && bash src-tauri/scripts/package.sh)
  mv "$root/target/release/bundle/deb/stasiun-cetak-ktp-el_${previous_version}_amd64.deb" "$deb"
  rm -rf "$src"
  ls -l "$deb"
  exit 0
fi
source src-tauri/scripts/setup.sh
ktpel_setup
ktpel_build_ui
echo "== Release build: ktpel, then the app bundled as a .deb"
cargo build --release -p ktpel-cli
# The bundler finds src-tauri/tauri.conf.json from the repository's root; the UI is built above.
ui/node_modules/.bin/tauri build --bundles deb --ci
# The bundler names the file after the product ("Stasiun Cetak KTP-el_…"); an office and apt
# expect Debian's PACKAGE_VERSION_ARCH.deb.
for f in target/release/bundle/deb/*" "*.deb; do
  [ -e "$f" ] || continue
  mv -f "$f" "target/release/bundle/deb/$(dpkg-deb -f "$f" Package)_$(dpkg-deb -f "$f" Version)_$(dpkg-deb -f "$f" Architecture).deb"
done
ls -l target/release/bundle/deb/*.deb
