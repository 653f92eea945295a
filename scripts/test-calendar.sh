#!/usr/bin/env bash
# Runs go test -short on the given packages where dates and clocks bite: in the two most
# extreme time zones (UTC+14 and UTC-12), and on faked dates (scripts/fakedate.sh) a minute
# before the next month end, the next daylight-saving change and the next leap day, each
# counted from today, so that a test pinning a date against the wall clock fails here before
# that date comes; and a quarter hour before the fake's seeded daily stand-up, so that a test
# that the stand-up breaks fails here whatever the hour CI runs at, not only on a run that
# happens to start before 9:30 in New York. Exits non-zero when any run fails.
# Usage: scripts/test-calendar.sh PACKAGES...
set -uo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- ./...
fail=0
run() { # run LABEL TZ [fakedate DATE]
  local label=$1 tz=$2; shift 2
  echo "--- $label (TZ=$tz)"
  # The go command's status, not the filter's (grep fails when every line was filtered out).
  TZ=$tz "$@" go test -short -count=1 -timeout 15m "${pkgs[@]}" | grep -v '^ok\|no test files'
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || { echo "FAIL: $label"; fail=1; }
}
pkgs=("$@")
# The developer's loop, outside the test desktop: without one, the tests that need a display,
# a session bus, a keyring or a browser skip themselves (they ran in the desktop session of
# scripts/test.sh already). CI=true would make them fail instead, so it is cleared here.
unset DISPLAY DBUS_SESSION_BUS_ADDRESS CI

now=$(date -u +%s)
year=$(date -u +%Y)
# A minute before the end of this month (UTC), when that is still ahead, else of the next.
month_end=$(( $(date -u -d "$(date -u -d "$(date -u +%Y-%m-15) +1 month" +%Y-%m-01)" +%s) - 60 ))
[ "$month_end" -gt "$now" ] || month_end=$(( $(date -u -d "$(date -u -d "$(date -u +%Y-%m-15) +2 month" +%Y-%m-01)" +%s) - 60 ))
# A minute before New York's next DST change.
dst=$(zdump -v America/New_York -c "$year,$((year + 3))" |
  awk -v now="$now" '/isdst=/ && $0 !~ /:59:59 / {print $2, $3, $4, $5, $6}' |
  while read -r line; do t=$(date -u -d "$line UTC" +%s); [ "$t" -gt "$now" ] && { echo $((t - 60)); break; }; done)
# The last half minute of the next 28 February of a leap year: the run crosses into the 29th.
y=$year
while :; do
  if (( y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) )) && [ "$(date -u -d "$y-02-28T23:59:30Z" +%s)" -gt "$now" ]; then break; fi
  y=$((y + 1))
done
leap="$y-02-28T23:59:30Z"
# A quarter hour before the fake's seeded stand-up (weekdays at 9:30 in New York), on the next
# weekday when that is still ahead: a test that expects its own meeting to come next would
# meet the stand-up first, as it does on a real machine at that time of day.
for i in 0 1 2 3 4 5 6 7; do
  standup=$(TZ=America/New_York date -d "$(TZ=America/New_York date -d "+$i day" +%F) 09:15" +%s)
  [ "$(TZ=America/New_York date -d "@$standup" +%u)" -le 5 ] && [ "$standup" -gt "$now" ] && break
done

run "UTC+14" Pacific/Kiritimati env
run "UTC-12" Etc/GMT+12 env
run "month end $(date -u -d "@$month_end" +%FT%TZ)" America/Los_Angeles scripts/fakedate.sh "@$month_end"
run "DST change $(date -u -d "@$dst" +%FT%TZ)" America/New_York scripts/fakedate.sh "@$dst"
run "leap day $leap" Pacific/Kiritimati scripts/fakedate.sh "$leap"
run "before the stand-up $(date -u -d "@$standup" +%FT%TZ)" Asia/Kolkata scripts/fakedate.sh "@$standup"
exit $fail
