package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// cannedMeetings are a live meeting the user only joins, one to host later today, one
// tomorrow and one next week, around testNow.
func cannedMeetings() service.MeetingList {
	ny := testNow.Location()
	return service.MeetingList{FetchedAt: testNow, Meetings: []zoomapi.Meeting{
		{ID: 102, Topic: "Standup", StartTime: time.Date(2026, 11, 25, 9, 45, 0, 0, ny).UTC(), Duration: 30,
			JoinURL: "https://zoom.us/j/102?pwd=x"},
		{ID: 101, Topic: "Weekly sync", StartTime: time.Date(2026, 11, 25, 15, 0, 0, 0, ny).UTC(), Duration: 60, IsHost: true},
		{ID: 103, Topic: "1:1 with Sam", StartTime: time.Date(2026, 11, 26, 11, 0, 0, 0, ny).UTC(), Duration: 30, IsHost: true},
		{ID: 104, Topic: "Planning", StartTime: time.Date(2026, 11, 30, 14, 0, 0, 0, ny).UTC(), Duration: 90, IsHost: true},
	}}
}

// loadedHome returns a home screen showing cannedMeetings for Alex.
func loadedHome(t *testing.T, api *fakeAPI) (*homeScreen, *env) {
	t.Helper()
	api.meetings = cannedMeetings()
	e := newTestEnv(t, api)
	h := newHome(e)
	h.SetAccount(&service.Account{Email: "alex@example.com", Name: "Alex Doe"})
	e.jobs.Go(func(ctx context.Context) { h.Load(ctx, false) })
	e.jobs.Wait()
	return h, e
}

// row returns the row of meeting id.
func row(t *testing.T, h *homeScreen, id int64) *meetingRow {
	t.Helper()
	i := slices.IndexFunc(h.Rows, func(r *meetingRow) bool { return int64(r.Meeting.ID) == id })
	if i < 0 {
		t.Fatalf("no row for meeting %d", id)
	}
	return h.Rows[i]
}

func TestHomeRows(t *testing.T) {
	h, e := loadedHome(t, newFakeAPI())
	w := showInWindow(t, e, h.Content)
	tests := []struct {
		id        int64
		wantLive  bool
		wantStart bool
	}{
		{102, true, false},
		{101, false, true},
		{103, false, true},
		{104, false, true},
	}
	for _, tt := range tests {
		r := row(t, h, tt.id)
		if r.Live != tt.wantLive {
			t.Errorf("meeting %d live = %v, want %v", tt.id, r.Live, tt.wantLive)
		}
		if got := r.Start != nil; got != tt.wantStart {
			t.Errorf("meeting %d has Start = %v, want %v", tt.id, got, tt.wantStart)
		}
	}
	assertMarkup(t, "home.xml", w)
}

func TestHomeActions(t *testing.T) {
	tests := []struct {
		name string
		tap  func(h *homeScreen)
		want []string
		clip string
	}{
		{"start", func(h *homeScreen) { test.Tap(row(t, h, 101).Start) }, []string{"Start 101"}, ""},
		{"join", func(h *homeScreen) { test.Tap(row(t, h, 103).Join) }, []string{"JoinURL 103", "open https://zoom.us/j/103"}, ""},
		{"copy listed link", func(h *homeScreen) { test.Tap(row(t, h, 102).CopyLink) }, nil, "https://zoom.us/j/102?pwd=x"},
		{"copy fetched link", func(h *homeScreen) { test.Tap(row(t, h, 104).CopyLink) }, []string{"JoinURL 104"}, "https://zoom.us/j/104"},
		{"new meeting", func(h *homeScreen) { test.Tap(h.NewMeeting) }, []string{"NewMeeting Instant meeting", "Start 999", "Meetings true"}, ""},
		{"sign out asks first", func(h *homeScreen) { test.Tap(h.SignOut) }, nil, ""},
		{"sign out", func(h *homeScreen) { test.Tap(h.SignOut); test.Tap(h.ConfirmSignOut) }, []string{"Logout"}, ""},
		{"sign out cancelled", func(h *homeScreen) { test.Tap(h.SignOut); test.Tap(h.CancelSignOut) }, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI()
			h, e := loadedHome(t, api)
			before := len(api.Calls())
			tt.tap(h)
			e.jobs.Wait()
			if got := api.Calls()[before:]; !slices.Equal(got, tt.want) {
				t.Errorf("calls = %q, want %q", got, tt.want)
			}
			if got := clipboard(); got != tt.clip {
				t.Errorf("clipboard = %q, want %q", got, tt.clip)
			}
		})
	}
}

func TestHomeEmptyAndStale(t *testing.T) {
	tests := []struct {
		name string
		ml   service.MeetingList
		want string
	}{
		{"empty", service.MeetingList{}, "No upcoming meetings."},
		{"stale", service.MeetingList{Stale: true, Meetings: cannedMeetings().Meetings}, "These meetings may be out of date: the last update failed."},
		{"fresh", cannedMeetings(), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, newFakeAPI())
			h := newHome(e)
			h.Show(tt.ml)
			if got := h.Note.Text; got != tt.want {
				t.Errorf("note = %q, want %q", got, tt.want)
			}
		})
	}
}
