package ui

import (
	"time"

	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Group titles.
const (
	groupToday    = "Today"
	groupTomorrow = "Tomorrow"
	groupLater    = "Later"
)

// meetingGroup is the upcoming meetings of one heading.
type meetingGroup struct {
	Title    string
	Meetings []zoomapi.Meeting
}

// groupMeetings sorts meetings under Today, Tomorrow and Later by their start in now's
// location (Zoom sends UTC; people read local time, docs/zoom-reference.md "REST: common").
// Days are calendar days, so the groups are right across midnight and on the 23- and
// 25-hour days of a DST change. A meeting that began on an earlier day is under Today
// while it is live and dropped once over; meetings without a fixed time (type 3) are
// under Later. Empty groups are left out; the input order is kept within a group.
func groupMeetings(ms []zoomapi.Meeting, now time.Time) []meetingGroup {
	loc := now.Location()
	today := dayStart(now)
	tomorrow := today.AddDate(0, 0, 1)
	later := today.AddDate(0, 0, 2)
	byTitle := map[string][]zoomapi.Meeting{}
	for _, m := range ms {
		start := m.StartTime.In(loc)
		if m.IsAllDay { // under the day its invitation names, not its midnight's local day
			start = text.AllDayDate(m, loc)
		}
		switch {
		case m.StartTime.IsZero() || !start.Before(later):
			byTitle[groupLater] = append(byTitle[groupLater], m)
		case !start.Before(tomorrow):
			byTitle[groupTomorrow] = append(byTitle[groupTomorrow], m)
		case !start.Before(today) || isLive(m, now):
			byTitle[groupToday] = append(byTitle[groupToday], m)
		}
	}
	var out []meetingGroup
	for _, t := range []string{groupToday, groupTomorrow, groupLater} {
		if len(byTitle[t]) > 0 {
			out = append(out, meetingGroup{Title: t, Meetings: byTitle[t]})
		}
	}
	return out
}

// dayStart is local midnight of t's calendar day (time.Date normalises DST gaps).
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// isLive reports whether m is in progress at now: Zoom says so (status "started"), or now
// is within its scheduled time (start_time plus duration minutes, at least one minute).
func isLive(m zoomapi.Meeting, now time.Time) bool {
	if m.Status == "started" {
		return true
	}
	if m.StartTime.IsZero() || m.IsAllDay { // an all-day event is not "live" from midnight on
		return false
	}
	end := m.StartTime.Add(time.Duration(max(m.Duration, 1)) * time.Minute)
	return !now.Before(m.StartTime) && now.Before(end)
}
