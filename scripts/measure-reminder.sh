#!/usr/bin/env bash
# Measures the reminder window (reminder = window): the time from a reminder's due instant
# to its window being viewable (xwininfo IsViewable), RUNS times (default 10), with p50 and
# max, printed, never asserted. It runs e2e's TestMeasureReminderLatency inside
# scripts/testenv.sh (Xvfb, D-Bus with a minimal tray host, no window manager): an agent on
# an in-test fake Zoom, signed in, is given a meeting whose reminder falls due 3 s later,
# each run; Esc closes the window before the next.
# Usage: scripts/measure-reminder.sh        RUNS=20 scripts/measure-reminder.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
echo "# $(date -u "+%Y-%m-%d %H:%M UTC"), $(nproc) cores, $(go version | cut -d" " -f3), load average $(cut -d" " -f1-3 /proc/loadavg)"
ZOOMTRAY_MEASURE_REMINDER=${RUNS:-10} "$here/testenv.sh" \
  go test -count=1 -p 1 -run '^TestMeasureReminderLatency$' -v ./e2e/ 2>&1 |
  grep -E '^(run |reminder window|--- |FAIL|ok )'
