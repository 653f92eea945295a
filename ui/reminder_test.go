package ui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/zoomapi"
)

func TestReminder(t *testing.T) {
	start := testNow.Add(45 * time.Second)
	tests := []struct {
		name        string
		host        bool
		press       func(r *reminder)
		wantCalls   []string
		wantEnd     string // "snoozed", "ended" or "open"
		wantButtons string
	}{
		{"host: Enter starts", true, func(r *reminder) { r.Act() }, []string{"Start 42"}, "ended", "[Start (Enter)]"},
		{"invitee: Enter joins", false, func(r *reminder) { r.Act() },
			[]string{"JoinURL 42", "open https://zoom.us/j/42"}, "ended", "[Join (Enter)]"},
		{"snooze", false, func(r *reminder) { test.Tap(r.Snooze) }, nil, "snoozed", "[Join (Enter)]"},
		{"dismiss", true, func(r *reminder) { test.Tap(r.Dismiss) }, nil, "ended", "[Start (Enter)]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI()
			e := newTestEnv(t, api)
			ended := "open"
			m := zoomapi.Meeting{ID: 42, Topic: "Design review", StartTime: start, IsHost: tt.host}
			r := newReminder(e, m, func(snoozed bool) {
				ended = map[bool]string{true: "snoozed", false: "ended"}[snoozed]
			})
			want := []string{"screen: reminder", "Design review", "Starts at 10:00", "in 0:45",
				tt.wantButtons, "[Snooze 1 min]", "[Dismiss (Esc)]"}
			if got := r.Dump(); !slices.Equal(got, want) {
				t.Errorf("shows\n%q\nwant\n%q", got, want)
			}
			tt.press(r)
			waitForJobs(t, e)
			if got := api.Calls(); !slices.Equal(got, tt.wantCalls) {
				t.Errorf("calls: got %q, want %q", got, tt.wantCalls)
			}
			if ended != tt.wantEnd {
				t.Errorf("window: got %s, want %s", ended, tt.wantEnd)
			}
		})
	}
}

func TestReminderCountsDown(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	r := newReminder(e, zoomapi.Meeting{ID: 1, Topic: "t", StartTime: testNow.Add(time.Minute)}, func(bool) {})
	for _, tt := range []struct {
		at   time.Duration
		want string
	}{{0, "in 1:00"}, {59 * time.Second, "in 0:01"}, {61 * time.Second, "started 0:01 ago"}} {
		r.Tick(testNow.Add(tt.at))
		if r.Left.Text != tt.want {
			t.Errorf("at +%v: got %q, want %q", tt.at, r.Left.Text, tt.want)
		}
	}
}
