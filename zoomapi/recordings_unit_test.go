package zoomapi

import (
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestMonthWindows(t *testing.T) {
	tests := []struct {
		name     string
		from, to time.Time
		want     []string // "from..to"
	}{
		{"one day", day("2026-03-05"), day("2026-03-05"), []string{"2026-03-05..2026-03-05"}},
		{"empty", day("2026-03-05"), day("2026-03-04"), nil},
		{"whole month", day("2026-01-01"), day("2026-01-31"), []string{"2026-01-01..2026-01-31"}},
		{"jan 31 start", day("2026-01-31"), day("2026-03-31"),
			[]string{"2026-01-31..2026-02-27", "2026-02-28..2026-03-27", "2026-03-28..2026-03-31"}},
		{"leap year", day("2028-01-30"), day("2028-03-01"), []string{"2028-01-30..2028-02-28", "2028-02-29..2028-03-01"}},
		{"exactly one month is split", day("2026-01-15"), day("2026-02-15"),
			[]string{"2026-01-15..2026-02-14", "2026-02-15..2026-02-15"}},
		{"year end", day("2026-12-10"), day("2027-01-20"), []string{"2026-12-10..2027-01-09", "2027-01-10..2027-01-20"}},
		{"time of day ignored", time.Date(2026, 5, 1, 23, 59, 0, 0, time.UTC), time.Date(2026, 5, 2, 0, 1, 0, 0, time.UTC),
			[]string{"2026-05-01..2026-05-02"}},
		{"local date kept", time.Date(2026, 5, 1, 22, 0, 0, 0, time.FixedZone("EDT", -4*3600)), day("2026-05-03"),
			[]string{"2026-05-01..2026-05-03"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, w := range monthWindows(tt.from, tt.to) {
				got = append(got, w.from.Format(dateLayout)+".."+w.to.Format(dateLayout))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("monthWindows = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestMonthWindowsYear checks the invariants over a year of start days: windows are
// contiguous, cover the range, and each ends before the same day of the next month.
func TestMonthWindowsYear(t *testing.T) {
	for from := day("2027-01-01"); from.Year() == 2027; from = from.AddDate(0, 0, 1) {
		to := from.AddDate(1, 0, 0)
		ws := monthWindows(from, to)
		next := from
		for _, w := range ws {
			if !w.from.Equal(next) || w.to.Before(w.from) {
				t.Fatalf("from %s: window %v..%v, want start %v", from.Format(dateLayout), w.from, w.to, next)
			}
			if !w.to.Before(addMonthClamped(w.from)) {
				t.Fatalf("from %s: window %v..%v spans a month or more", from.Format(dateLayout), w.from, w.to)
			}
			next = w.to.AddDate(0, 0, 1)
		}
		if got := next.AddDate(0, 0, -1); !got.Equal(to) {
			t.Fatalf("from %s: windows end %v, want %v", from.Format(dateLayout), got, to)
		}
		if len(ws) > 14 {
			t.Fatalf("from %s: got %d windows, want at most 14", from.Format(dateLayout), len(ws))
		}
	}
}

func TestMergeRecordings(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	parts := [][]Recording{
		{{UUID: "a", StartTime: at(1)}, {UUID: "b", StartTime: at(3)}},
		{{UUID: "b", StartTime: at(3)}, {UUID: "c", StartTime: at(2)}},
		nil,
	}
	var got []string
	for _, r := range mergeRecordings(parts) {
		got = append(got, r.UUID)
	}
	if want := []string{"b", "c", "a"}; !slices.Equal(got, want) {
		t.Errorf("mergeRecordings = %v, want %v", got, want)
	}
}

func TestMergeMeetings(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 1, 1, h, 0, 0, 0, time.UTC) }
	hosted := []Meeting{
		{ID: 3, Topic: "hosted late", StartTime: at(9)},
		{ID: 1, Topic: "hosted and upcoming", StartTime: at(5)},
		{ID: 7, Topic: "recurring, no fixed time"},
		{ID: 5, Topic: "recurring, first occurrence", StartTime: at(10)},
		{ID: 5, Topic: "recurring, next occurrence", StartTime: at(34)},
	}
	invited := []Meeting{
		// upcoming_meetings may leave is_host out: hosting is still true.
		{ID: 1, Topic: "hosted and upcoming", StartTime: at(5), IsHost: false, Passcode: "p1"},
		{ID: 2, Topic: "invited", StartTime: at(6), Passcode: "p2"},
		{ID: 5, Topic: "recurring, first occurrence", StartTime: at(10)},
	}
	got := mergeMeetings(hosted, invited)
	type row struct {
		ID       FlexInt64
		IsHost   bool
		Passcode string
	}
	var rows []row
	for _, m := range got {
		rows = append(rows, row{m.ID, m.IsHost, m.Passcode})
	}
	want := []row{{1, true, "p1"}, {2, false, "p2"}, {3, true, ""}, {5, true, ""}, {5, true, ""}, {7, true, ""}}
	if !slices.Equal(rows, want) {
		t.Errorf("mergeMeetings = %v, want %v", rows, want)
	}
}

// TestMonthEndingOn checks, for every date of four years (a leap year among them), that the
// month ending on it is one request and as long as one request can be: a day earlier would
// take two. So the transcript sync lists each month in one request on any date.
func TestMonthEndingOn(t *testing.T) {
	for d := time.Date(2026, 1, 1, 15, 4, 5, 0, time.UTC); d.Year() < 2030; d = d.AddDate(0, 0, 1) {
		from := MonthEndingOn(d)
		if ws := monthWindows(from, d); len(ws) != 1 {
			t.Errorf("%s: from %s takes %d requests, want 1", d.Format(time.DateOnly), from.Format(time.DateOnly), len(ws))
		}
		if ws := monthWindows(from.AddDate(0, 0, -1), d); len(ws) != 2 {
			t.Errorf("%s: from %s, a day earlier still takes one request: the month is short", d.Format(time.DateOnly), from.Format(time.DateOnly))
		}
	}
	if got := MonthEndingOn(time.Date(2027, 2, 28, 23, 59, 30, 0, time.UTC)); !got.Equal(time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("the month ending on 2027-02-28 begins %v, want 2027-02-01", got)
	}
}
