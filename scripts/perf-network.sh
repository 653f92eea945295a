#!/usr/bin/env bash
# Prints the network-efficiency figures of docs/PERFORMANCE.md, counted at the fake Zoom:
#  1. device-flow polls against the minimum ceil(wait / interval) + 1, and slow_down answers;
#  2. twelve months of recordings with 100 ms injected latency, concurrent against the
#     sequential baseline, in round trips (RTT) of wall time;
#  3. the agent's requests for a cold and a warm start, and per idle signed-in hour (far
#     from and near a meeting), simulated SCALE times faster (internal/perf/cmd/agentnet).
# Usage: bash scripts/perf-network.sh      (about 3 minutes; SCALE=60 HOURS=1 BENCHTIME=5x)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(go version | cut -d' ' -f3)"

echo "## device-flow polls (target: at most the minimum, 0 slow_down)"
go run ./internal/perf/cmd/devicepolls -interval 1s -wait 5s
go run ./internal/perf/cmd/devicepolls -interval 2s -wait 10s

echo "## a year of recordings at 100 ms RTT (target: <= 2 RTT of wall time)"
out=$(go test -run '^$' -bench '^BenchmarkRecordingsYear$' -benchtime "${BENCHTIME:-5x}" ./zoomapi/)
echo "$out" | grep -E '^Benchmark'
echo "$out" | awk '/^BenchmarkRecordingsYear/ {
  for (i = 1; i <= NF; i++) { if ($(i+1) == "seq-rtt/op") s = $i; if ($(i+1) == "conc-rtt/op") c = $i; if ($(i+1) == "speedup") r = $i }
  printf "recordings year: sequential %.1f RTT, concurrent %.1f RTT, speed-up %.2fx\n", s, c, r }'

echo "## the agent: cold/warm start, requests per idle signed-in hour (target: <= 14)"
# The real agent against the fake, with its poll intervals and refresh margin (env
# ZOOMTRAY_TIME_SCALE, read only by a build with -tags zoomtray_testhooks) and the fake's
# access token lifetime divided by SCALE (default 60: an hour in a minute), HOURS
# simulated hours per scenario.
bin=$(mktemp -d /tmp/zoomtray-perf.XXXXXX)
trap 'rm -rf "$bin"' EXIT
go build -tags zoomtray_testhooks -o "$bin" ./cmd/zoomtray
go run ./internal/perf/cmd/agentnet -zoomtray "$bin/zoomtray" -scale "${SCALE:-60}" -hours "${HOURS:-1}"
