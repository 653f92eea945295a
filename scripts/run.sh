#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh), builds zoomtray, zoomtray-window and zoomctl into a cache
# directory (rebuilt only when the sources changed: go build is a quick no-op then, and the
# same flags as every other build keep Go's cgo cache warm), and runs zoomtray. With no Zoom
# app configured (no client ID in the flags, ZOOMTRAY_CLIENT_ID, the user file or the
# managed file) zoomtray itself switches to demo mode (--demo-if-unconfigured): the
# built-in fake Zoom, its own namespace "zoomtray-demo", and no real tokens or settings
# touched. Extra arguments go to zoomtray, e.g. `bash scripts/run.sh --demo`.
#   ZOOMTRAY_BIN=dir   where the binaries go (default ${XDG_CACHE_HOME:-~/.cache}/zoomtray/bin)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh >/dev/null
bin=${ZOOMTRAY_BIN:-${XDG_CACHE_HOME:-$HOME/.cache}/zoomtray/bin}
mkdir -p "$bin"
echo "run: building zoomtray, zoomtray-window and zoomctl into $bin (the first build takes a few minutes)" >&2
go build -o "$bin/" ./cmd/zoomtray ./cmd/zoomtray-window ./cmd/zoomctl
exec "$bin/zoomtray" --demo-if-unconfigured "$@"
