#!/usr/bin/env bash
# Prints the fleet figures of docs/PERFORMANCE.md: agents of one Zoom account through a
# simulated working day (9:00 wake-up, meetings at :00 and :30, each agent's transcript
# sync beside its polls) on a virtual clock, with and without jitter, at 1,000 and 10,000
# agents, plus 1,000 agents on a Pro account, 10,000 agents with 3 meetings a day, and
# 10,000 agents on the first day of a deployment (every first full transcript sync begins
# at 9:00), paced by the account's quota and at the sync's old fixed pace.
# A 10,000-agent run takes a few minutes; 1,000 agents, seconds.
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
run -agents 10000 -meetings 1 -sync first
run -agents 10000 -meetings 1 -sync first -sync-fixed
