// Package tray is zoomtray's notification-area icon and menu, drawn with fyne.io/systray
// only (no Fyne GL driver: the resident agent stays idle). The menu is a pure function of
// the agent's state, Menu; Run applies each new one in place where it can, so items
// that persist keep their IDs, and rebuilds the menu otherwise (after Tailscale's
// client/systray). Being pure, the menu is table-tested without a tray.
package tray

import (
	"fmt"
	"sort"
	"time"

	"github.com/zoomtray/zoomtray/assets"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// SoonWindow is how close a meeting's start must be for the "meeting soon" icon.
const SoonWindow = 15 * time.Minute

// DefaultMaxMeetings bounds the meetings listed in the menu when MenuOptions.MaxMeetings
// is zero.
const DefaultMaxMeetings = 8

// Action is what a menu item does when clicked.
type Action int

// The actions of menu items.
const (
	ActNone       Action = iota // a label (heading), not clickable
	ActOpenWindow               // show the window
	ActJoin                     // open the meeting's join link (Item.URL)
	ActStart                    // start the meeting as host (fresh ZAK, Item.MeetingID)
	ActNewMeeting               // create an instant meeting and start it
	ActSignIn                   // open the window, which shows the sign-in dialog
	ActSignOut                  // revoke and delete the tokens
	ActSetup                    // open the window's first-run screen
	ActDemo                     // start the demo agent
	ActQuit                     // stop the agent
)

// Item is one menu entry. A separator has only Separator set; a submenu has Children.
type Item struct {
	Label     string
	Action    Action
	MeetingID int64  // for ActStart and ActJoin, and a meeting's submenu
	URL       string // join link for ActJoin
	Disabled  bool
	Separator bool
	Children  []Item
}

// Model is the whole tray: its icon (an assets.Tray* name), tooltip and menu.
type Model struct {
	Icon    string
	Tooltip string
	Items   []Item
}

// MenuOptions tune Menu. The zero value is the normal menu in the local time zone.
type MenuOptions struct {
	// Kiosk reduces the menu to Open and Sign out (shared computers).
	Kiosk bool
	// Location is the viewer's time zone for "today", "tomorrow" and clock times. Nil:
	// time.Local (Zoom sends UTC; docs/zoom-reference.md says show the viewer's local time).
	Location *time.Location
	// MaxMeetings bounds the listed meetings. Zero: DefaultMaxMeetings.
	MaxMeetings int
}

// Menu returns the tray for a status and meeting list at time now. It is a pure function:
// the same inputs give the same Model.
func Menu(st service.Status, ml service.MeetingList, now time.Time, opts MenuOptions) Model {
	if opts.Location == nil {
		opts.Location = time.Local
	}
	if opts.MaxMeetings <= 0 {
		opts.MaxMeetings = DefaultMaxMeetings
	}
	now = now.In(opts.Location)
	if st.State == service.StateUnconfigured {
		return Model{Icon: assets.TraySignedOut, Tooltip: "zoomtray — not set up", Items: []Item{
			{Label: "Set up zoomtray…", Action: ActSetup},
			{Label: "Try the demo", Action: ActDemo},
			{Separator: true},
			{Label: "Quit", Action: ActQuit},
		}}
	}
	upcoming := listed(st, ml, now, opts)
	m := Model{Icon: icon(st, upcoming, now), Tooltip: tooltip(st, upcoming, now)}
	if opts.Kiosk {
		m.Items = kioskItems(st)
		return m
	}
	m.Items = fullItems(st, upcoming, now)
	return m
}

// hasSession reports whether tokens are held (the user can sign out).
func hasSession(st service.Status) bool {
	return st.State.HasSession()
}

// icon picks the tray icon: attention beats a meeting soon, which beats signed in. An
// all-day meeting is never "soon" (see nextTimed).
func icon(st service.Status, upcoming []zoomapi.Meeting, now time.Time) string {
	next, timed := nextTimed(upcoming)
	switch {
	case st.State == service.StateNeedsSignIn, st.State == service.StateOffline,
		st.LastError != nil && st.State != service.StateSignedOut:
		return assets.TrayAttention
	case !hasSession(st):
		return assets.TraySignedOut
	case timed && next.StartTime.Sub(now) <= SoonWindow:
		return assets.TraySoon
	}
	return assets.TraySignedIn
}

// tooltip names the next meeting with a fixed time (see nextTimed), or the state when
// there is none.
func tooltip(st service.Status, upcoming []zoomapi.Meeting, now time.Time) string {
	m, timed := nextTimed(upcoming)
	switch {
	case st.State == service.StateNeedsSignIn:
		return "zoomtray — sign in again"
	case !hasSession(st):
		return "zoomtray — signed out"
	case !timed:
		return "zoomtray — no more meetings today"
	}
	start := m.StartTime.In(now.Location())
	switch d := start.Sub(now); {
	case d <= 0:
		return fmt.Sprintf("%s (live now)", m.Topic)
	case sameDay(start, now):
		return fmt.Sprintf("%s at %s (in %s)", m.Topic, start.Format("15:04"), until(d))
	default:
		return fmt.Sprintf("%s tomorrow at %s", m.Topic, start.Format("15:04"))
	}
}

// nextTimed returns the first listed meeting that is not an all-day one: an all-day
// meeting (Zoom's is_all_day) is "live" from midnight to midnight, so it would otherwise
// read "Offsite (live now)" and show the "soon" icon the whole day. It stays in the menu.
func nextTimed(upcoming []zoomapi.Meeting) (zoomapi.Meeting, bool) {
	for _, m := range upcoming {
		if !m.IsAllDay {
			return m, true
		}
	}
	return zoomapi.Meeting{}, false
}

// until formats a positive duration as "12 min" or "2 h 5 min", rounded up to a minute.
func until(d time.Duration) string {
	mins := int((d + time.Minute - 1) / time.Minute)
	if mins < 60 {
		return fmt.Sprintf("%d min", mins)
	}
	if mins%60 == 0 {
		return fmt.Sprintf("%d h", mins/60)
	}
	return fmt.Sprintf("%d h %d min", mins/60, mins%60)
}

// listed returns the meetings to show: with a fixed start, not yet ended, starting today
// or tomorrow in the viewer's zone, earliest first, at most opts.MaxMeetings. A signed-out
// agent lists none.
func listed(st service.Status, ml service.MeetingList, now time.Time, opts MenuOptions) []zoomapi.Meeting {
	if st.Account == nil || !hasSession(st) && st.State != service.StateNeedsSignIn {
		return nil
	}
	y, mo, d := now.Date()
	horizon := time.Date(y, mo, d+2, 0, 0, 0, 0, now.Location())
	var out []zoomapi.Meeting
	for _, m := range ml.Meetings {
		if m.StartTime.IsZero() || !m.StartTime.Before(horizon) || !meetingEnd(m).After(now) {
			continue
		}
		out = append(out, m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].StartTime.Before(out[j].StartTime) })
	if len(out) > opts.MaxMeetings {
		out = out[:opts.MaxMeetings]
	}
	return out
}

// meetingEnd is when a meeting is planned to end (at least a minute after its start).
func meetingEnd(m zoomapi.Meeting) time.Time {
	return m.StartTime.Add(time.Duration(max(m.Duration, 1)) * time.Minute)
}

// sameDay reports whether a and b fall on the same date in a's zone.
func sameDay(a, b time.Time) bool {
	b = b.In(a.Location())
	return a.YearDay() == b.YearDay() && a.Year() == b.Year()
}
