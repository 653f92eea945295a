#!/usr/bin/env bash
# Prints the fleet figures of docs/PERFORMANCE.md: agents of one Zoom account through a
# simulated working day (9:00 wake-up, meetings at :00 and :30) on a virtual clock, with
# and without jitter, at 1,000 and 10,000 agents, plus 1,000 agents on a Pro account and
# 10,000 agents with 3 meetings a day.
# A 10,000-agent run takes about 2 minutes (3 with 3 meetings a day), 1,000 agents seconds.
#   AGENTS="1000 10000"   the fleet sizes; FLEET_FLAGS adds flags (go run ./internal/perf/cmd/fleet -h)
set -euo pipefail
cd "$(dirname "$0")/.."
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(go version | cut -d' ' -f3)"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/fleet" ./internal/perf/cmd/fleet
run() {
	echo "\$ go run ./internal/perf/cmd/fleet $*"
	"$bin/fleet" "$@" ${FLEET_FLAGS:-}
	echo
}
for n in ${AGENTS:-1000 10000}; do
	run -agents "$n" -meetings 1
	run -agents "$n" -meetings 1 -no-jitter
done
run -agents 1000 -meetings 1 -plan pro
run -agents 10000 -meetings 3
