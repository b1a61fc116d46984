#!/usr/bin/env bash
# A private CUPS scheduler with one demo card-printer queue, KTPEL-DEMO, used when this machine has
# no card printer. Its backend writes each card job as a PDF into $KTPEL_HOME/demo-prints (the
# cards are SPESIMEN). Usage: demo-cups.sh start|stop DIR PORT. Idempotent.
set -euo pipefail
cmd=$1 dir=$2 port=${3:-8631}
here=$(cd "$(dirname "$0")/.." && pwd)
pidfile="$dir/cupsd.pid"

if [ "$cmd" = stop ]; then
  [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  rm -f "$pidfile"
  exit 0
fi

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  exit 0
fi
mkdir -p "$dir"/{etc,spool/tmp,cache,state,log,serverbin/backend} "$dir/../demo-prints"
chmod 755 "$dir" "$dir"/{etc,cache,state,log,serverbin,serverbin/backend}
chmod 777 "$dir/../demo-prints"
for entry in /usr/lib/cups/*; do
  name=$(basename "$entry")
  [ "$name" = backend ] || ln -sfn "$entry" "$dir/serverbin/$name"
done
# Mode 0700: CUPS runs the backend as root, so it may write into the user's data folder.
install -m 700 "$here/cups-backends/ktpelcapture" "$dir/serverbin/backend/ktpelcapture"
# Access rules as an office has them: DefaultAuthType and every <Location> and <Policy> block of the
# installed CUPS's default configuration (job privacy, owner-only cancel), copied as they are.
stock=/usr/share/cups/cupsd.conf.default
[ -f "$stock" ] || stock=/etc/cups/cupsd.conf
{
  printf 'Listen 127.0.0.1:%s\nListen %s/cups.sock\nLogLevel warn\nBrowsing Off\nWebInterface No\nPreserveJobHistory Yes\n' "$port" "$dir"
  awk '/^[[:space:]]*#/ {next} /^DefaultAuthType/ {print} /^<(Location|Policy)/ {p=1} p {print} /^<\/(Location|Policy)>/ {p=0}' "$stock"
} > "$dir/etc/cupsd.conf"
cat > "$dir/etc/cups-files.conf" <<CONF
ServerRoot $dir/etc
RequestRoot $dir/spool
CacheDir $dir/cache
StateDir $dir/state
TempDir $dir/spool/tmp
ServerBin $dir/serverbin
DataDir /usr/share/cups
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
FileDevice Yes
User lp
Group lp
SystemGroup root
CONF
/usr/sbin/cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" >/dev/null 2>&1 &
echo $! > "$pidfile"
for _ in $(seq 100); do [ -S "$dir/cups.sock" ] && break; sleep 0.1; done
CUPS_SERVER="$dir/cups.sock" lpadmin -p KTPEL-DEMO -E -v "ktpelcapture:$(cd "$dir/../demo-prints" && pwd)" \
  -D "Printer demo SPESIMEN (menulis PDF)" -o printer-error-policy=abort-job
