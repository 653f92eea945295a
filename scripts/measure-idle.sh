#!/usr/bin/env bash
# Measures what the resident agent costs while idle, against a bare Fyne window: CPU ticks
# (/proc/PID/stat fields 14+15, utime+stime) over IDLE_SECONDS (default 60) and VmRSS after
# 10 s, each inside scripts/testenv.sh (Xvfb, a D-Bus session with a minimal tray host).
# The agent runs --demo, signed in (the fake Zoom auto-approves alex@example.com; the
# authorize URL is fetched with curl as a signed-in browser would) and idle.
# Usage: scripts/measure-idle.sh            IDLE_SECONDS=10 scripts/measure-idle.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
idle=${IDLE_SECONDS:-60}

if [ "${1:-}" != "--inner" ]; then
  bin=$(mktemp -d /tmp/zoomtray-measure.XXXXXX)
  trap 'rm -rf "$bin"' EXIT
  cd "$here/.."
  echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(go version | cut -d' ' -f3), idle ${idle}s"
  echo "building zoomtray, zoomctl and tools/hellofyne..." >&2
  go build -o "$bin" ./cmd/zoomtray ./cmd/zoomctl ./tools/hellofyne
  IDLE_SECONDS=$idle "$here/testenv.sh" "$0" --inner "$bin"
  exit
fi
bin=$2

# ticks PID: utime+stime of PID in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# rss PID: VmRSS in kB.
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# measure NAME PID: waits 10 s, reads RSS, then counts ticks over $idle seconds.
measure() {
  sleep 10
  local r t0 t1
  r=$(rss "$2")
  t0=$(ticks "$2")
  sleep "$idle"
  t1=$(ticks "$2")
  echo "$1 $((t1 - t0)) $r"
}

# A minimal StatusNotifierWatcher (tray host), so the agent shows its tray and no window.
/usr/bin/python3 - <<'PY' &
import dbus, dbus.service, dbus.mainloop.glib
from gi.repository import GLib
dbus.mainloop.glib.DBusGMainLoop(set_as_default=True)
bus = dbus.SessionBus()
class Watcher(dbus.service.Object):
    @dbus.service.method("org.kde.StatusNotifierWatcher", in_signature="s")
    def RegisterStatusNotifierItem(self, service): pass
    @dbus.service.method("org.kde.StatusNotifierWatcher", in_signature="s")
    def RegisterStatusNotifierHost(self, service): pass
name = dbus.service.BusName("org.kde.StatusNotifierWatcher", bus)
Watcher(bus, "/StatusNotifierWatcher")
GLib.MainLoop().run()
PY
watcher=$!
trap 'kill $watcher 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do busctl --user status org.kde.StatusNotifierWatcher >/dev/null 2>&1 && break; sleep 0.05; done

# 1. The agent, signed in to the demo Zoom.
"$bin/zoomtray" --demo --demo-auto-approve alex@example.com &
agent=$!
sock=$XDG_RUNTIME_DIR/zoomtray-demo/agent.sock
for _ in $(seq 1 200); do [ -S "$sock" ] && break; sleep 0.05; done
"$bin/zoomctl" --namespace zoomtray-demo login --browser --no-open --json | while read -r line; do
  case $line in
    *'"authorize_url"'*)
      url=$(printf '%s' "$line" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
      curl -s -o /dev/null -L "$url" & ;;
  esac
done
state=$("$bin/zoomctl" --namespace zoomtray-demo status --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get("state",""))')
[ "$state" = signed_in ] || { echo "measure-idle: the agent did not sign in (state $state)" >&2; exit 1; }
a=$(measure agent "$agent")
kill -TERM "$agent"; wait "$agent" || true

# 2. The bare Fyne window.
"$bin/hellofyne" &
hello=$!
h=$(measure hellofyne "$hello")
kill -TERM "$hello"; wait "$hello" 2>/dev/null || true

read -r _ at ar <<<"$a"
read -r _ ht hr <<<"$h"
hz=$(getconf CLK_TCK)
printf '%-10s %12s %10s\n' "process" "CPU ticks/${idle}s" "RSS (MB)"
printf '%-10s %12d %10.1f\n' "agent" "$at" "$(echo "$ar / 1024" | bc -l)"
printf '%-10s %12d %10.1f\n' "hellofyne" "$ht" "$(echo "$hr / 1024" | bc -l)"
printf 'ratio agent/bare: CPU %s, RSS %.3f  (CLK_TCK %s)\n' \
  "$( [ "$ht" -gt 0 ] && echo "scale=3; $at / $ht" | bc -l || echo n/a)" "$(echo "$ar / $hr" | bc -l)" "$hz"
