#!/usr/bin/env bash
# Prints the token refresh figure of docs/PERFORMANCE.md: latency of API calls (GET
# /users/me) near the access token's expiry, with zoomtray's background refresh
# (auth.Session.Run) against on-demand refresh (a plain oauth2.ReuseTokenSource), both in
# the same run against the fake Zoom with 100 ms injected at the token endpoint.
#   DURATION=60s   how long both clients call the API (REFRESH_FLAGS adds other flags,
#                  see go run ./internal/perf/cmd/refreshlat -h)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(go version | cut -d' ' -f3)"
go run ./internal/perf/cmd/refreshlat -duration "${DURATION:-60s}" ${REFRESH_FLAGS:-}
