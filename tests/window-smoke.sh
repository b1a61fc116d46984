#!/usr/bin/env bash
# Starts the built app in a real X window under Xvfb on a demo database and checks that its window
# appears and shows the queue; saves a screenshot. Usage: window-smoke.sh APP ARTIFACTS_DIR
set -euo pipefail
app=$1 artifacts=$2
work=$(mktemp -d)
cleanup() { kill "${app_pid:-}" "${xvfb_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
ktpel="$(dirname "$app")/ktpel"
export KTPEL_DB="$work/station.sqlite"
KTPEL_PASSWORD=smoke-admin-1 "$ktpel" init --admin admin >/dev/null
KTPEL_PASSWORD=smoke-admin-1 KTPEL_NEW_PASSWORD=smoke-operator-1 "$ktpel" --as admin user add op --role operator >/dev/null
"$ktpel" demo --out "$work/demo.json" --count 4 >/dev/null
KTPEL_PASSWORD=smoke-operator-1 "$ktpel" --as op import "$work/demo.json" --demo >/dev/null

display=:$((90 + RANDOM % 100))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=$display WEBKIT_DISABLE_COMPOSITING_MODE=1
sleep 1
"$app" >"$work/app.log" 2>&1 &
app_pid=$!
found=""
for _ in $(seq 60); do
  if xwininfo -root -tree 2>/dev/null | grep -q '"Stasiun Cetak KTP-el"'; then found=yes; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.5
done
if [ -z "$found" ]; then
  echo "window-smoke: the window did not appear" >&2
  cat "$work/app.log" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
sleep 3  # let the page load the queue
import -window root "$artifacts/01-masuk.png"
kill -0 "$app_pid" 2>/dev/null || { echo "window-smoke: the app exited" >&2; cat "$work/app.log" >&2; echo "0 passed, 1 failed"; exit 1; }
echo "window-smoke: window up, screenshot $artifacts/01-masuk.png"
echo "1 passed, 0 failed"
