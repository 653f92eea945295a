package tray

import (
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// kioskItems is the reduced menu of a shared computer: open the window, and sign out when
// signed in. Meetings are reached through the window.
func kioskItems(st service.Status) []Item {
	items := []Item{{Label: "Open zoomtray", Action: ActOpenWindow}}
	if hasSession(st) {
		items = append(items, Item{Label: "Sign out", Action: ActSignOut})
	}
	return items
}

// fullItems is the normal menu: the account, the meetings of today and tomorrow, New
// meeting, Open, Sign in or out, Quit.
func fullItems(st service.Status, upcoming []zoomapi.Meeting, now time.Time) []Item {
	var items []Item
	if st.Account != nil && hasSession(st) {
		items = append(items, Item{Label: accountLabel(st.Account), Disabled: true}, Item{Separator: true})
	}
	if len(upcoming) > 0 {
		items = append(items, meetingItems(st, upcoming, now)...)
		items = append(items, Item{Separator: true})
	}
	if hasSession(st) {
		items = append(items, Item{Label: "New meeting", Action: ActNewMeeting})
	}
	items = append(items, Item{Label: "Open zoomtray", Action: ActOpenWindow})
	switch {
	case hasSession(st):
		items = append(items, Item{Label: "Sign out", Action: ActSignOut})
	case st.State == service.StateSigningIn:
		items = append(items, Item{Label: "Signing in…", Action: ActSignIn})
	default:
		items = append(items, Item{Label: "Sign in…", Action: ActSignIn})
	}
	return append(items, Item{Separator: true}, Item{Label: "Quit", Action: ActQuit})
}

// accountLabel names the signed-in user.
func accountLabel(a *service.Account) string {
	if a.Name != "" && a.Email != "" {
		return a.Name + " (" + a.Email + ")"
	}
	if a.Email != "" {
		return a.Email
	}
	return a.Name
}

// meetingItems lists the meetings under "Today" and "Tomorrow" headings, each a submenu
// with Join and, for meetings the user hosts, Start. A meeting that began yesterday and is
// still running after midnight is under "Today".
func meetingItems(st service.Status, upcoming []zoomapi.Meeting, now time.Time) []Item {
	var items []Item
	heading := ""
	for _, m := range upcoming {
		start := m.StartTime.In(now.Location())
		h := "Tomorrow"
		if sameDay(start, now) || !start.After(now) {
			h = "Today"
		}
		if h != heading {
			heading = h
			items = append(items, Item{Label: h, Disabled: true})
		}
		items = append(items, meetingItem(st, m, start, now))
	}
	return items
}

// meetingItem is one meeting's submenu. An all-day meeting is labelled "All day", never
// with a time or as live.
func meetingItem(st service.Status, m zoomapi.Meeting, start, now time.Time) Item {
	label := start.Format("15:04") + "  " + m.Topic
	switch {
	case m.IsAllDay:
		label = text.AllDay + "  " + m.Topic
	case !start.After(now):
		label = "Live  " + m.Topic
	}
	it := Item{Label: label, MeetingID: int64(m.ID)}
	if isHost(st, m) {
		it.Children = append(it.Children, Item{Label: "Start", Action: ActStart, MeetingID: int64(m.ID)})
	}
	join := Item{Label: "Join", Action: ActJoin, MeetingID: int64(m.ID), URL: m.JoinURL}
	if m.JoinURL == "" {
		join.Disabled = true
	}
	it.Children = append(it.Children, join)
	return it
}

// isHost reports whether the signed-in user hosts m: Zoom's upcoming_meetings says
// is_host; the hosted list has host_id equal to the user's id.
func isHost(st service.Status, m zoomapi.Meeting) bool {
	return m.IsHost || st.Account != nil && m.HostID != "" && m.HostID == st.Account.ID
}
