#!/usr/bin/env bash
# Measures what the resident agent costs while idle, against a bare Fyne window: CPU ticks
# (/proc/PID/stat fields 14+15, utime+stime) over IDLE_SECONDS (default 60) and VmRSS after
# 10 s, split by /proc/PID/smaps_rollup into anonymous memory (heap, stacks) and
# file-backed pages (the executable and shared libraries mapped in), each inside
# scripts/testenv.sh (Xvfb, a D-Bus session with a minimal tray host).
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
  echo "building zoomtray, zoomtray-window, zoomctl and tools/hellofyne..." >&2
  go build -o "$bin" ./cmd/zoomtray ./cmd/zoomtray-window ./cmd/zoomctl ./tools/hellofyne
  IDLE_SECONDS=$idle "$here/testenv.sh" "$0" --inner "$bin"
  exit
fi
bin=$2
# shellcheck source=lib-measure.sh
. "$here/lib-measure.sh"

# ticks PID: utime+stime of PID in clock ticks.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# anon PID: the anonymous part of PID's RSS in kB (smaps_rollup); the rest is file-backed.
anon() { awk '/^Anonymous:/ {print $2}' "/proc/$1/smaps_rollup"; }
# measure NAME PID: waits 10 s, reads RSS and its anonymous part, then counts ticks over
# $idle seconds.
measure() {
  sleep 10
  local r a t0 t1
  r=$(rss "$2")
  a=$(anon "$2")
  t0=$(ticks "$2")
  sleep "$idle"
  t1=$(ticks "$2")
  echo "$1 $((t1 - t0)) $r $a"
}

# A minimal tray host, so the agent shows its tray and no window.
start_tray_host
trap 'kill $watcher 2>/dev/null || true' EXIT

# 1. The agent, signed in to the demo Zoom.
start_signed_in_agent
state=$("$bin/zoomctl" --namespace zoomtray-demo status --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin).get("state",""))')
[ "$state" = signed_in ] || { echo "measure-idle: the agent did not sign in (state $state)" >&2; exit 1; }
a=$(measure agent "$agent")
kill -TERM "$agent"; wait "$agent" || true

# 2. The bare Fyne window.
"$bin/hellofyne" &
hello=$!
h=$(measure hellofyne "$hello")
kill -TERM "$hello"; wait "$hello" 2>/dev/null || true

read -r _ at ar aa <<<"$a"
read -r _ ht hr ha <<<"$h"
hz=$(getconf CLK_TCK)
mb() { echo "$1 / 1024" | bc -l; }
printf '%-10s %12s %10s %10s %10s\n' "process" "CPU ticks/${idle}s" "RSS (MB)" "anon" "file"
printf '%-10s %12d %10.1f %10.1f %10.1f\n' "agent" "$at" "$(mb "$ar")" "$(mb "$aa")" "$(mb $((ar - aa)))"
printf '%-10s %12d %10.1f %10.1f %10.1f\n' "hellofyne" "$ht" "$(mb "$hr")" "$(mb "$ha")" "$(mb $((hr - ha)))"
printf 'ratio agent/bare: CPU %s, RSS %.3f  (CLK_TCK %s)\n' \
  "$( [ "$ht" -gt 0 ] && echo "scale=3; $at / $ht" | bc -l || echo n/a)" "$(echo "$ar / $hr" | bc -l)" "$hz"
