package tray

import (
	"slices"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestMenuDayBoundaries checks "today" and "tomorrow" in the viewer's zone, not UTC: at
// 23:30 EST it is already the next day in UTC.
func TestMenuDayBoundaries(t *testing.T) {
	late := at(0, 23, 30)
	tests := []struct {
		name        string
		now         time.Time
		ms          []zoomapi.Meeting
		wantTooltip string
		wantLabels  []string
	}{
		{
			name: "today, tomorrow, and the day after left out", now: late,
			ms: []zoomapi.Meeting{
				meeting(1, "Late call", at(0, 23, 50), 30, "u-other"),
				meeting(2, "Early call", at(1, 0, 10), 30, "u-other"),
				meeting(3, "Last of tomorrow", at(1, 23, 59), 30, "u-other"),
				meeting(4, "Day after", at(2, 0, 0), 30, "u-other"),
			},
			wantTooltip: "Late call at 23:50 (in 20 min)",
			wantLabels:  []string{"Today", "23:50  Late call", "Tomorrow", "00:10  Early call", "23:59  Last of tomorrow"},
		},
		{
			// A recurring meeting is listed once per occurrence, with the same id.
			name: "two occurrences of one meeting", now: at(0, 9, 0),
			ms: []zoomapi.Meeting{
				meeting(7, "Team sync", at(0, 15, 0), 30, "u-other"),
				meeting(7, "Team sync", at(1, 15, 0), 30, "u-other"),
			},
			wantTooltip: "Team sync at 15:00 (in 6 h)",
			wantLabels:  []string{"Today", "15:00  Team sync", "Tomorrow", "15:00  Team sync"},
		},
		{
			name: "only tomorrow", now: late,
			ms:          []zoomapi.Meeting{meeting(2, "Early call", at(1, 0, 10), 30, "u-other")},
			wantTooltip: "Early call tomorrow at 00:10",
			wantLabels:  []string{"Tomorrow", "00:10  Early call"},
		},
		{
			name: "exactly midnight starts tomorrow", now: at(0, 0, 0),
			ms:          []zoomapi.Meeting{meeting(5, "Midnight", at(1, 0, 0), 30, "u-other")},
			wantTooltip: "Midnight tomorrow at 00:00",
			wantLabels:  []string{"Tomorrow", "00:00  Midnight"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Menu(signedIn(), service.MeetingList{Meetings: tt.ms}, tt.now, MenuOptions{Location: nyc})
			if got.Tooltip != tt.wantTooltip {
				t.Errorf("tooltip: got %q, want %q", got.Tooltip, tt.wantTooltip)
			}
			var labels []string
			for _, it := range got.Items {
				if it.Label == "Today" || it.Label == "Tomorrow" || len(it.Children) > 0 {
					labels = append(labels, it.Label)
				}
			}
			if !slices.Equal(labels, tt.wantLabels) {
				t.Errorf("meetings:\ngot  %q\nwant %q", labels, tt.wantLabels)
			}
		})
	}
}

// TestMenuActions checks what the clickable items carry.
func TestMenuActions(t *testing.T) {
	m := meeting(42, "Weekly sync", at(0, 15, 0), 30, "u-alex")
	got := Menu(signedIn(), service.MeetingList{Meetings: []zoomapi.Meeting{m}}, at(0, 14, 0), MenuOptions{Location: nyc})
	want := map[string]Item{
		"Start":         {Label: "Start", Action: ActStart, MeetingID: 42},
		"Join":          {Label: "Join", Action: ActJoin, MeetingID: 42, URL: "https://zoom.example/j/42"},
		"New meeting":   {Label: "New meeting", Action: ActNewMeeting},
		"Open zoomtray": {Label: "Open zoomtray", Action: ActOpenWindow},
		"Sign out":      {Label: "Sign out", Action: ActSignOut},
		"Quit":          {Label: "Quit", Action: ActQuit},
	}
	found := map[string]Item{}
	var walk func([]Item)
	walk = func(items []Item) {
		for _, it := range items {
			if _, ok := want[it.Label]; ok {
				found[it.Label] = it
			}
			walk(it.Children)
		}
	}
	walk(got.Items)
	for label, w := range want {
		g, ok := found[label]
		if !ok {
			t.Errorf("item %q: missing", label)
			continue
		}
		if g.Action != w.Action || g.MeetingID != w.MeetingID || g.URL != w.URL {
			t.Errorf("item %q: got action %d id %d url %q, want action %d id %d url %q",
				label, g.Action, g.MeetingID, g.URL, w.Action, w.MeetingID, w.URL)
		}
	}
}

func TestUntil(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{30 * time.Second, "1 min"}, {12 * time.Minute, "12 min"}, {60 * time.Minute, "1 h"},
		{61*time.Minute + time.Second, "1 h 2 min"}, {59*time.Minute + 30*time.Second, "1 h"},
	}
	for _, tt := range tests {
		if got := until(tt.d); got != tt.want {
			t.Errorf("until(%v): got %q, want %q", tt.d, got, tt.want)
		}
	}
}
