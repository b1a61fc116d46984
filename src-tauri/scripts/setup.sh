#!/usr/bin/env bash
# Installs what building, running and testing the station needs on Debian 12 / Ubuntu 22.04+.
# Idempotent: only missing packages are installed. Sourced by start.sh and tests/run.sh.
set -euo pipefail

KTPEL_APT_PACKAGES=(
  build-essential pkg-config curl wget file
  libwebkit2gtk-4.1-dev libxdo-dev libssl-dev libayatana-appindicator3-dev librsvg2-dev
  cups-daemon cups-client cups-filters poppler-utils
  postgresql openssl
  xvfb x11-utils imagemagick fonts-dejavu-core webkit2gtk-driver dbus
  libdbus-1-dev gnome-keyring
  libpcsclite-dev pcscd vsmartcard-vpcd
  tesseract-ocr
  wine wine64
)

ktpel_sudo() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

ktpel_setup() {
  local missing=()
  for p in "${KTPEL_APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "== Installing: ${missing[*]}"
    ktpel_sudo apt-get update -qq
    ktpel_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # Node 18+ for the window's front end (Debian 12's nodejs is 18).
  if ! command -v npm >/dev/null 2>&1; then
    echo "== Installing Node.js and npm"
    ktpel_sudo apt-get update -qq
    ktpel_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null \
      || ktpel_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
  fi
  if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then export PATH="$HOME/.cargo/bin:$PATH"; else
      echo "cargo not found: install a Rust toolchain first (https://rustup.rs), then run this again" >&2
      exit 1
    fi
  fi
}

# tauri-driver bridges WebDriver to the app's WebKitGTK window (for the end-to-end tests).
ktpel_install_tauri_driver() {
  if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "$HOME/.cargo/bin/tauri-driver" ]; then
    echo "== Installing tauri-driver"
    cargo install tauri-driver --locked --version '^2' --quiet
  fi
  export PATH="$HOME/.cargo/bin:$PATH"
}

# Builds the window's front end into ui/dist (the Tauri crate embeds it at compile time).
ktpel_build_ui() {
  # `npm install --no-save` against the committed lock: npm 11 rejects its own lock in `npm ci`
  # (optional platform packages); the versions are pinned exactly in package.json either way.
  (cd ui && npm install --no-save --no-audit --no-fund --loglevel=error && npm run build --silent)
}
