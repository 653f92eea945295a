#!/usr/bin/env bash
# Prints the transcript search figures of docs/PERFORMANCE.md: the real agent indexes the
# transcripts and chats of RECORDINGS one-hour recordings (about 60 KB of WebVTT each)
# from the fake Zoom, its sync's pace divided by SCALE; then QUERIES searches through its
# local API (internal/perf/cmd/searchindex).
# Usage: bash scripts/perf-search.sh      (about 5 minutes; RECORDINGS=1000 SCALE=300 QUERIES=100)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(go version | cut -d' ' -f3)"
bin=$(mktemp -d /tmp/zoomtray-perf.XXXXXX)
trap 'rm -rf "$bin"' EXIT
go build -tags zoomtray_testhooks -o "$bin" ./cmd/zoomtray   # the time scale is a test hook
go run ./internal/perf/cmd/searchindex -zoomtray "$bin/zoomtray" -recordings "${RECORDINGS:-1000}" \
  -scale "${SCALE:-300}" -queries "${QUERIES:-100}"
