#!/usr/bin/env bash
# Runs a command with every Go program of it living on another date: Go's time.Now is shifted
# by a fixed offset (the real clock minus DATE), so wall time moves on as usual from DATE,
# while timers and sleeps (monotonic time) are untouched. Tests use it to prove that they pass
# on any day: at a month or year end, across a DST change, on a leap day.
# Usage: scripts/fakedate.sh 2028-02-29T23:59:00Z go test -short ./...
# How: a copy of the standard library's time.go with one added line, given to the go command
# by -overlay (through GOFLAGS, so that binaries built by the tests get it too). The first run
# rebuilds the standard library and every package once; later runs hit the build cache.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 DATE CMD [ARGS...]" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
target=$(date -u -d "$1" +%s) || { echo "fakedate: cannot read the date $1" >&2; exit 2; }
shift
goroot=$(go env GOROOT)
dir=${XDG_CACHE_HOME:-$HOME/.cache}/zoomtray-fakedate/$(go env GOVERSION)
mkdir -p "$dir"
# time.go with the offset added to the seconds of every wall-clock reading of Now.
sed 's/^\t\(sec, nsec, mono := runtimeNow()\)$/\t\1\n\tsec += fakeSeconds/' "$goroot/src/time/time.go" >"$dir/time.go.new"
grep -q 'sec += fakeSeconds' "$dir/time.go.new" || { echo "fakedate: time.Now of $(go env GOVERSION) has an unknown shape" >&2; exit 1; }
cmp -s "$dir/time.go.new" "$dir/time.go" 2>/dev/null || mv "$dir/time.go.new" "$dir/time.go"
rm -f "$dir/time.go.new"
cmp -s "$here/fakedate/now.go.in" "$dir/fakenow.go" 2>/dev/null || cp "$here/fakedate/now.go.in" "$dir/fakenow.go"
printf '{"Replace":{"%s":"%s","%s":"%s"}}\n' \
  "$goroot/src/time/time.go" "$dir/time.go" "$goroot/src/time/zz_fakenow.go" "$dir/fakenow.go" >"$dir/overlay.json"
export GOFAKEDATE_OFFSET=$(( target - $(date -u +%s) ))
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-overlay=$dir/overlay.json"
exec "$@"
