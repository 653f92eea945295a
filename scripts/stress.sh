#!/usr/bin/env bash
# Runs the end-to-end, reliability and desktop tests N times in a row (default 20) on a busy
# machine: `nice -n 19 yes` burns both cores meanwhile, as a loaded CI machine would. Same
# flags as scripts/test.sh (-race where it uses it). Prints one line a run and the count of
# failed runs; the output of run I is in $TMPDIR/zoomtray-stress-I.log.
# Usage: bash scripts/stress.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-20}
nice -n 19 yes >/dev/null & y1=$!
nice -n 19 yes >/dev/null & y2=$!
trap 'kill $y1 $y2 2>/dev/null' EXIT
fails=0
for i in $(seq 1 "$runs"); do
  log=${TMPDIR:-/tmp}/zoomtray-stress-$i.log
  start=$(date +%s)
  scripts/testenv.sh go test -race -count=1 -timeout 20m ./e2e ./reliability ./cmd/zoomtray \
    ./clipboard ./notify ./tray ./service ./agent >"$log" 2>&1; rc1=$?
  scripts/testenv.sh go test -p 1 -count=1 -timeout 20m ./ui/... >>"$log" 2>&1; rc2=$?
  if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; then
    fails=$((fails + 1))
    echo "run $i FAIL ($(( $(date +%s) - start )) s)"; grep -E '^(--- FAIL|FAIL)' "$log"
  else
    echo "run $i ok ($(( $(date +%s) - start )) s)"
  fi
done
echo "stress: $fails failed runs of $runs"
[ "$fails" -eq 0 ]
