#!/usr/bin/env bash
# The run command: installs what is missing, builds, and starts the station. On first start it
# creates a local database with demo users, demo approved requests and demo blanks; without a
# card printer it starts a private demo print queue (KTPEL-DEMO). Every demo card is SPESIMEN.
# Idempotent: a second run reuses the database and the demo queue.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
source src-tauri/scripts/setup.sh
ktpel_setup

echo "== Building the station (first time: several minutes)"
ktpel_build_ui
cargo build -q -p ktpel-cli -p stasiun-cetak
ktpel="$root/target/debug/ktpel"

home_dir="${KTPEL_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/ktpel}"
export KTPEL_DB="${KTPEL_DB:-$home_dir/station.sqlite}"
mkdir -p "$home_dir"

if [ ! -f "$KTPEL_DB" ]; then
  echo "== First start: demo database $KTPEL_DB"
  KTPEL_PASSWORD=demo-admin-123 "$ktpel" init --admin admin --full-name "Admin Demo"
  KTPEL_PASSWORD=demo-admin-123 KTPEL_NEW_PASSWORD=demo-operator-123 "$ktpel" --as admin user add operator --role operator --full-name "Petugas Cetak Demo"
  KTPEL_PASSWORD=demo-admin-123 KTPEL_NEW_PASSWORD=demo-supervisor-123 "$ktpel" --as admin user add supervisor --role supervisor --full-name "Kasi Demo"
  "$ktpel" demo --out "$home_dir/demo-requests.json" --count 12
  KTPEL_PASSWORD=demo-operator-123 "$ktpel" --as operator import "$home_dir/demo-requests.json" --demo
  KTPEL_PASSWORD=demo-supervisor-123 "$ktpel" --as supervisor blanko receive --batch DEMO-BA-1 --range DEMO000001..DEMO000100
fi

# A card printer is any queue of the system's CUPS; without one, the private demo queue.
if LANG=C lpstat -e 2>/dev/null | grep -q .; then
  echo "== Printers of this machine's CUPS: $(LANG=C lpstat -e | tr '\n' ' ')"
  printer_hint=$(LANG=C lpstat -e | head -n 1)
else
  ktpel_sudo bash src-tauri/scripts/demo-cups.sh start "$home_dir/demo-cups" 8631
  export CUPS_SERVER=127.0.0.1:8631
  printer_hint=KTPEL-DEMO
  echo "== No card printer found: demo queue KTPEL-DEMO writes cards as PDF to $home_dir/demo-prints"
fi

cat <<INFO

Stasiun Cetak KTP-el (demo). Users: operator / demo-operator-123, supervisor / demo-supervisor-123,
admin / demo-admin-123. In the window, log in as operator, open a request, choose the printer
$printer_hint, scan or type a blanko (DEMO000001 … DEMO000100), press Enter, then judge the card
(Baik / Rusak / Tidak terambil). The same cycle from a terminal:
  export KTPEL_DB=$KTPEL_DB${CUPS_SERVER:+ CUPS_SERVER=$CUPS_SERVER}
  $ktpel --as operator print DEMO-0001 --blanko DEMO000001 --printer $printer_hint
  $ktpel --as operator confirm DEMO-0001 --ok

INFO
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "No display: the window cannot open here. The CLI above works without one." >&2
  exit 0
fi
exec "$root/target/debug/stasiun-cetak"
