#!/usr/bin/env bash
# The release an office installs: the app in its release profile and `ktpel`, bundled as a Debian
# package by Tauri's bundler (the CLI comes from npm, pinned beside @tauri-apps/api) into
# target/release/bundle/deb/. The package carries the icon, an Indonesian desktop entry and
# `ktpel` in /usr/bin; its version is the workspace's (Cargo.toml), as the Windows installer's.
# Idempotent: installs what it needs, rebuilds only what changed.
#
#   bash src-tauri/scripts/package.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
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
