#!/usr/bin/env bash
# The station for Windows, from this Debian machine, with the distribution's packages only (no
# downloaded toolchain): Debian's own Rust (`rustc-web`, `cargo-web`) builds the standard library
# for x86_64-pc-windows-gnu from its source (`rust-web-src`, `-Zbuild-std`) and links with mingw-w64.
#
#   bash src-tauri/scripts/windows.sh check      type-check the app (and the core under it) for Windows
#   bash src-tauri/scripts/windows.sh build      build ktpel.exe (and stasiun-cetak.exe with --app)
#   bash src-tauri/scripts/windows.sh installer  the NSIS installer of both (after build --app):
#                                                target/windows/stasiun-cetak-VERSION-setup.exe
#
# The test command runs `build --app` and `installer` (tests/wine.rs runs ktpel.exe and the
# installer under Wine).
#
# Output: target/windows/x86_64-pc-windows-gnu/release/. Idempotent; installs what it needs.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TARGET=x86_64-pc-windows-gnu
# perl and make build OpenSSL from source for SQLCipher (Windows has no system OpenSSL).
KTPEL_WINDOWS_PACKAGES=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64 perl make)

windows_setup() {
  local missing=()
  for p in "${KTPEL_WINDOWS_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== Installing: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
    "${SUDO[@]}" apt-get update -qq
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Debian's cargo and rustc by path: rustup's come first on PATH and have no Windows target.
windows_cargo() {
  (cd "$ROOT" && RUSTC_BOOTSTRAP=1 RUSTC=/usr/bin/rustc CARGO_INCREMENTAL=0 \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++ \
    AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar RC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-windres \
    /usr/bin/cargo "$@" -Zbuild-std=std,panic_abort --target "$TARGET" --target-dir target/windows)
}

case "${1:-check}" in
  check)
    windows_setup
    echo "== Windows check: the app (and the core) for $TARGET"
    windows_cargo check -p stasiun-cetak
    ;;
  build)
    windows_setup
    echo "== Windows build: ktpel.exe"
    windows_cargo build --release -p ktpel-cli
    if [ "${2:-}" = "--app" ]; then
      windows_cargo build --release -p stasiun-cetak
    fi
    ls -l "$ROOT/target/windows/$TARGET/release/"*.exe
    ;;
  installer)
    windows_setup nsis
    out="$ROOT/target/windows/$TARGET/release"
    version=$(sed -n 's/^version = "\(.*\)"/\1/p' "$ROOT/Cargo.toml" | head -n 1)
    for f in stasiun-cetak.exe ktpel.exe WebView2Loader.dll; do
      [ -f "$out/$f" ] || { echo "$out/$f missing: run '$0 build --app' first" >&2; exit 1; }
    done
    # What ships: the programs without their symbols (a fifth of the size), and the icon.
    stage="$ROOT/target/windows/installer"
    rm -rf "$stage" && mkdir -p "$stage"
    for f in stasiun-cetak.exe ktpel.exe; do x86_64-w64-mingw32-strip -o "$stage/$f" "$out/$f"; done
    cp "$ROOT/icons/icon.ico" "$stage/icon.ico"
    # The window loads WebView2 through Microsoft's loader DLL, which is not part of Windows.
    cp "$out/WebView2Loader.dll" "$stage/WebView2Loader.dll"
    setup="$ROOT/target/windows/stasiun-cetak-$version-setup.exe"
    makensis -V2 -DSRC="$stage" -DVERSION="$version" -DOUT="$setup" "$ROOT/src-tauri/windows/installer.nsi"
    ls -l "$setup"
    ;;
  *)
    echo "usage: $0 check|build [--app]|installer" >&2
    exit 2
    ;;
esac
