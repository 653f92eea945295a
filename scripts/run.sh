#!/usr/bin/env bash
# Sets up the machine (scripts/setup.sh) and runs zoomtray. With no Zoom app configured it
# runs in demo mode against the built-in fake Zoom. Extra arguments go to the program.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh >/dev/null
if [ -d cmd/zoomtray ]; then
  exec go run ./cmd/zoomtray "$@"
fi
# Until the tray app lands, run what exists: the fake Zoom, which the README's curl
# walk-through (docs/zoomfake.md) drives.
exec go run ./cmd/zoomfake -auto-approve alex@example.com "$@"
