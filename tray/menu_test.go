package tray

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/assets"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// nyc is a fixed UTC-5 zone, so "today" differs from the UTC date late in the evening.
var nyc = time.FixedZone("EST", -5*3600)

// at is a local time in nyc on 2026-11-25 (day 0) or a later day.
func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, 25+day, hour, minute, 0, 0, nyc)
}

var alex = &service.Account{ID: "u-alex", Email: "alex@example.com", Name: "Alex Doe"}

func signedIn() service.Status { return service.Status{State: "signed_in", Account: alex} }

// meeting builds a meeting starting at start (stored in UTC, as Zoom sends it).
func meeting(id int64, topic string, start time.Time, minutes int, hostID string) zoomapi.Meeting {
	return zoomapi.Meeting{
		ID: zoomapi.FlexInt64(id), Topic: topic, StartTime: start.UTC(), Duration: minutes,
		HostID: hostID, JoinURL: fmt.Sprintf("https://zoom.example/j/%d", id),
	}
}

// allDay builds an all-day meeting (Zoom's is_all_day) of the day beginning at start.
func allDay(id int64, topic string, start time.Time) zoomapi.Meeting {
	m := meeting(id, topic, start, 1440, "u-other")
	m.IsAllDay = true
	return m
}

// flatten renders a menu as one line per item, indented per level, for readable tables:
// "---" is a separator, "[x]" marks a disabled item.
func flatten(items []Item, depth int) []string {
	var out []string
	for _, it := range items {
		line := strings.Repeat("  ", depth) + it.Label
		switch {
		case it.Separator:
			line = strings.Repeat("  ", depth) + "---"
		case it.Disabled:
			line += " [x]"
		}
		out = append(out, line)
		out = append(out, flatten(it.Children, depth+1)...)
	}
	return out
}

func TestMenu(t *testing.T) {
	now := at(0, 14, 48)
	withErr := signedIn()
	withErr.LastError = &service.ErrorInfo{Kind: service.KindNetwork, Message: "offline"}
	tests := []struct {
		name        string
		st          service.Status
		ms          []zoomapi.Meeting
		opts        MenuOptions
		now         time.Time // zero: 14:48 on day 0
		wantIcon    string
		wantTooltip string
		wantItems   []string
	}{
		{
			name: "unconfigured", st: service.Status{State: service.StateUnconfigured},
			wantIcon: assets.TraySignedOut, wantTooltip: "zoomtray — not set up",
			wantItems: []string{"Set up zoomtray…", "Try the demo", "---", "Quit"},
		},
		{
			name: "signed out", st: service.Status{State: "signed_out"},
			ms:       []zoomapi.Meeting{meeting(1, "Stale cache", at(0, 15, 0), 30, "u-alex")},
			wantIcon: assets.TraySignedOut, wantTooltip: "zoomtray — signed out",
			wantItems: []string{"Open zoomtray", "Sign in…", "---", "Quit"},
		},
		{
			name: "signing in", st: service.Status{State: "signing_in"},
			wantIcon: assets.TraySignedOut, wantTooltip: "zoomtray — signed out",
			wantItems: []string{"Open zoomtray", "Signing in…", "---", "Quit"},
		},
		{
			name: "signed in, no meetings", st: signedIn(),
			wantIcon: assets.TraySignedIn, wantTooltip: "zoomtray — no more meetings today",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "host by host_id, in 12 min", st: signedIn(),
			ms:       []zoomapi.Meeting{meeting(1, "Weekly sync", at(0, 15, 0), 30, "u-alex")},
			wantIcon: assets.TraySoon, wantTooltip: "Weekly sync at 15:00 (in 12 min)",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "Today [x]", "15:00  Weekly sync", "  Start", "  Join",
				"---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "invitee, in 2 h 12 min", st: signedIn(),
			ms:       []zoomapi.Meeting{meeting(2, "Board", at(0, 17, 0), 60, "u-other")},
			wantIcon: assets.TraySignedIn, wantTooltip: "Board at 17:00 (in 2 h 12 min)",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "Today [x]", "17:00  Board", "  Join",
				"---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "is_host from upcoming_meetings, live", st: signedIn(),
			ms: func() []zoomapi.Meeting {
				m := meeting(3, "Standup", at(0, 14, 40), 30, "")
				m.IsHost = true
				return []zoomapi.Meeting{m}
			}(),
			wantIcon: assets.TraySoon, wantTooltip: "Standup (live now)",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "Today [x]", "Live  Standup", "  Start", "  Join",
				"---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "ended and timeless meetings are left out", st: signedIn(),
			ms: []zoomapi.Meeting{
				meeting(4, "Ended", at(0, 13, 0), 30, "u-alex"),
				{ID: 5, Topic: "Recurring, no fixed time", Type: 3},
			},
			wantIcon: assets.TraySignedIn, wantTooltip: "zoomtray — no more meetings today",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "attention: needs sign-in keeps join links", st: service.Status{State: "needs_signin", Account: alex},
			ms:       []zoomapi.Meeting{meeting(6, "Weekly sync", at(0, 15, 0), 30, "u-other")},
			wantIcon: assets.TrayAttention, wantTooltip: "zoomtray — sign in again",
			wantItems: []string{"Today [x]", "15:00  Weekly sync", "  Join", "---", "Open zoomtray", "Sign in…", "---", "Quit"},
		},
		{
			name: "attention: offline", st: service.Status{State: "offline", Account: alex},
			wantIcon: assets.TrayAttention, wantTooltip: "zoomtray — no more meetings today",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "attention: last error", st: withErr,
			wantIcon: assets.TrayAttention, wantTooltip: "zoomtray — no more meetings today",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "kiosk signed in", st: signedIn(), opts: MenuOptions{Kiosk: true},
			ms:       []zoomapi.Meeting{meeting(1, "Weekly sync", at(0, 15, 0), 30, "u-alex")},
			wantIcon: assets.TraySoon, wantTooltip: "Weekly sync at 15:00 (in 12 min)",
			wantItems: []string{"Open zoomtray", "Sign out"},
		},
		{
			name: "kiosk signed out", st: service.Status{State: "signed_out"}, opts: MenuOptions{Kiosk: true},
			wantIcon: assets.TraySignedOut, wantTooltip: "zoomtray — signed out",
			wantItems: []string{"Open zoomtray"},
		},
		{
			name: "max meetings", st: signedIn(), opts: MenuOptions{MaxMeetings: 2},
			ms: []zoomapi.Meeting{
				meeting(9, "C", at(0, 18, 0), 30, "u-other"),
				meeting(7, "A", at(0, 16, 0), 30, "u-other"),
				meeting(8, "B", at(0, 17, 0), 30, "u-other"),
			},
			wantIcon: assets.TraySignedIn, wantTooltip: "A at 16:00 (in 1 h 12 min)",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "Today [x]", "16:00  A", "  Join", "17:00  B", "  Join",
				"---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "all-day meeting: listed without a time, never live or soon", st: signedIn(),
			ms:       []zoomapi.Meeting{allDay(10, "Offsite", at(0, 0, 0))},
			wantIcon: assets.TraySignedIn, wantTooltip: "zoomtray — no more meetings today",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "Today [x]", "All day  Offsite", "  Join",
				"---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "all-day meeting: the tooltip and icon follow the next timed one", st: signedIn(),
			ms:       []zoomapi.Meeting{allDay(10, "Offsite", at(0, 0, 0)), meeting(2, "Board", at(0, 17, 0), 60, "u-other")},
			wantIcon: assets.TraySignedIn, wantTooltip: "Board at 17:00 (in 2 h 12 min)",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "Today [x]", "All day  Offsite", "  Join",
				"17:00  Board", "  Join", "---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
		{
			name: "after midnight, a meeting from yesterday still running is today", st: signedIn(),
			ms:  []zoomapi.Meeting{meeting(11, "Late call", at(0, 23, 30), 60, "u-other")},
			now: at(1, 0, 10), wantIcon: assets.TraySoon, wantTooltip: "Late call (live now)",
			wantItems: []string{"Alex Doe (alex@example.com) [x]", "---", "Today [x]", "Live  Late call", "  Join",
				"---", "New meeting", "Open zoomtray", "Sign out", "---", "Quit"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Location = nyc
			when := now
			if !tt.now.IsZero() {
				when = tt.now
			}
			got := Menu(tt.st, service.MeetingList{Meetings: tt.ms}, when, tt.opts)
			if got.Icon != tt.wantIcon {
				t.Errorf("icon: got %q, want %q", got.Icon, tt.wantIcon)
			}
			if got.Tooltip != tt.wantTooltip {
				t.Errorf("tooltip: got %q, want %q", got.Tooltip, tt.wantTooltip)
			}
			if items := flatten(got.Items, 0); !slices.Equal(items, tt.wantItems) {
				t.Errorf("items:\ngot  %q\nwant %q", items, tt.wantItems)
			}
		})
	}
}
