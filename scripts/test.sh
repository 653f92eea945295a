#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and runs every test of zoomtray: static checks, the
# unit and end-to-end tests inside a throwaway desktop session (real D-Bus, gnome-keyring,
# Xvfb, headless Chromium; see scripts/testenv.sh), then each fuzz target for a bounded number
# of inputs. Exits non-zero when anything fails.
#   FUZZTIME=10000x  inputs per fuzz target (default 10000x; FUZZTIME=5m for a longer, timed run)
#   TESTFLAGS=...  extra flags for go test (e.g. TESTFLAGS='-run Session -v')
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh >/dev/null
FUZZTIME=${FUZZTIME:-10000x}
fail=0
step() { printf '\n=== %s\n' "$*"; }

step "gofmt and go vet"
bad=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
[ -z "$bad" ] || { echo "gofmt would change: $bad"; fail=1; }
go vet ./... || fail=1

step "auth, zoomapi and config build without cgo and without Fyne"
CGO_ENABLED=0 go build ./auth/... ./zoomapi/... ./config/... || fail=1
if CGO_ENABLED=0 go list -deps ./auth/... ./zoomapi/... ./config/... | grep -q '^fyne.io/fyne/v2'; then
  echo "auth/, zoomapi/ or config/ imports Fyne"; fail=1
fi

step "tests (inside scripts/testenv.sh: D-Bus session, gnome-keyring, Xvfb, Chromium)"
# Packages that link Fyne's GL driver build without -race (a second cold cgo build);
# everything else runs with the race detector.
uipkgs=$(go list -f '{{.ImportPath}} {{join .Deps " "}}' ./... | awk '/ fyne.io\/fyne\/v2/ {print $1}')
racepkgs=$(go list ./... | grep -vxF -f <(printf '%s\n' $uipkgs) || true)
scripts/testenv.sh go test -count=1 -race -timeout 30m ${TESTFLAGS:-} $racepkgs || fail=1
# One package at a time (-p 1): their tests open real windows titled "zoomtray" on the one
# display and find them by that title.
if [ -n "$uipkgs" ]; then
  scripts/testenv.sh go test -p 1 -count=1 -timeout 30m ${TESTFLAGS:-} $uipkgs || fail=1
fi

# Every fuzz target's seed corpus (f.Add and testdata/fuzz) already ran above as ordinary
# tests. Here the fuzzing engine explores further. The default budget counts inputs, not
# seconds: with a duration, Go's fuzz coordinator can end a run on a busy machine with a bare
# "context deadline exceeded" and no crasher (go.dev/issue/75804, fixed after Go 1.26), while
# a count has no deadline and a slow machine only takes longer. A real crasher still fails
# the step and is written to the package's testdata/fuzz.
step "screenshots: every screen of the demo, light and dark, under a real desktop (fails when a screen cannot be produced)"
shots=$(mktemp -d)
bash scripts/screenshots.sh "$shots" || fail=1
rm -rf "$shots"

step "calendar: -short in the most extreme time zones, on faked dates (month end, DST change, leap day) and at a faked time of day (before the seeded stand-up)"
scripts/test-calendar.sh $racepkgs || fail=1

step "fuzz targets, $FUZZTIME each"
for pkg in $(go list ./...); do
  for f in $(go test -list '^Fuzz' "$pkg" 2>/dev/null | grep '^Fuzz' || true); do
    echo "--- $pkg $f"
    go test -run '^$' -fuzz "^$f\$" -fuzztime "$FUZZTIME" -timeout 20m "$pkg" || fail=1
  done
done

step "packages: the Linux archive (fyne package) and the Windows .exe (mingw), checked"
scripts/package.sh linux windows || fail=1

step "benchmarks (figures printed, never asserted)"
go test -run '^$' -bench 'BenchmarkRecordingsYear' -benchtime 3x ./zoomapi/ || fail=1

if [ $fail -ne 0 ]; then echo; echo "FAIL: see the output above"; exit 1; fi
echo; echo "all tests passed"
