package zoomtest

import (
	"slices"
	"testing"
	"time"
)

// seedDates are clocks the seed must cope with: month ends (AddDate normalises Mar 31 −
// 13 months), a leap day, midnight and the last minute of a UTC day (the New York date
// differs from the UTC one), and the days just before, on and after New York's DST changes.
var seedDates = []time.Time{
	testNow,
	time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC),
	time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC),
	time.Date(2028, 2, 29, 23, 59, 0, 0, time.UTC),
	time.Date(2026, 12, 31, 23, 59, 59, 0, time.UTC),
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 10, 29, 15, 0, 0, 0, time.UTC),
	time.Date(2026, 10, 31, 4, 30, 0, 0, time.UTC),
	time.Date(2026, 11, 1, 6, 0, 0, 0, time.UTC),
	time.Date(2026, 3, 5, 3, 0, 0, 0, time.UTC),
	time.Date(2026, 3, 8, 7, 0, 0, 0, time.UTC),
	time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC),
	time.Date(2026, 7, 4, 22, 0, 0, 0, time.UTC),
}

func TestSeedAtAnyDate(t *testing.T) {
	for _, now := range seedDates {
		t.Run(now.Format(time.RFC3339), func(t *testing.T) {
			d := newDataset(now, Options{})
			checkRecordingSpan(t, d, now)
			checkDSTMeeting(t, d)
			checkFileKinds(t, d, now)
		})
	}
}

// checkRecordingSpan checks alex's recordings cover 13 months up to now, none in the future.
func checkRecordingSpan(t *testing.T, d *dataset, now time.Time) {
	t.Helper()
	recs := d.recordingsOf(d.userList[0], now.AddDate(-2, 0, 0), now.AddDate(1, 0, 0))
	if len(recs) < 50 {
		t.Fatalf("alex has %d recordings, want a realistic number (50 or more)", len(recs))
	}
	newest, oldest := recs[0].Start, recs[len(recs)-1].Start
	if newest.After(now) || newest.Before(now.Add(-2*time.Hour)) {
		t.Errorf("newest recording at %s, want within the two hours before %s", newest, now)
	}
	if limit := now.AddDate(0, -13, 0).AddDate(0, 0, 5); oldest.After(limit) {
		t.Errorf("oldest recording at %s, want by %s (13 months back)", oldest, limit)
	}
}

// checkDSTMeeting checks the weekly meeting has occurrences on both sides of an offset change.
func checkDSTMeeting(t *testing.T, d *dataset) {
	t.Helper()
	i := slices.IndexFunc(d.meetings, func(m *Meeting) bool { return m.Topic == "Weekly sync (across DST change)" })
	if i < 0 {
		t.Fatal("no weekly meeting across DST")
	}
	occ := d.meetings[i].Occurrences
	if len(occ) < 2 || occ[0].Hour() == occ[len(occ)-1].Hour() {
		t.Errorf("occurrences %v: got one UTC hour, want the hour to shift across the DST change", occ)
	}
}

// checkFileKinds checks every file type, a TIMELINE and processing files exist.
func checkFileKinds(t *testing.T, d *dataset, now time.Time) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range d.recordings {
		for _, f := range r.Files {
			seen[f.FileType] = true
			seen[f.Status] = true
		}
	}
	for _, k := range append([]string{"completed", "processing"}, fileTypes()...) {
		if !seen[k] {
			t.Errorf("seed at %s: no recording file with %s", now, k)
		}
	}
}

func fileTypes() []string {
	var out []string
	for _, k := range fileKinds {
		out = append(out, k.fileType)
	}
	return out
}
