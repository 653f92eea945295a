package text

import (
	"fmt"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// AllDay is how every surface (window, kiosk, tray, zoomctl) labels an all-day meeting
// (Zoom's is_all_day) in place of a start time: its start_time is midnight in the
// meeting's own time zone, which read as a clock time elsewhere ("20:00 Team offsite")
// and as a 1440-minute duration.
const AllDay = "All day"

// MeetingTime is when m starts, as the window and the kiosk show it: "15:00" today or
// tomorrow, "Mon Nov 30 15:00" beyond, "No fixed time" without a start, and for an
// all-day meeting "All day" or "Mon Nov 30 · All day". Times are in now's zone.
func MeetingTime(m zoomapi.Meeting, now time.Time) string {
	if m.StartTime.IsZero() {
		return "No fixed time"
	}
	soon := dayStart(now).AddDate(0, 0, 2)
	if m.IsAllDay {
		day := AllDayDate(m, now.Location())
		if day.Before(soon) {
			return AllDay
		}
		return day.Format("Mon Jan 2") + " · " + AllDay
	}
	start := m.StartTime.In(now.Location())
	if start.Before(soon) {
		return start.Format("15:04")
	}
	return start.Format("Mon Jan 2 15:04")
}

// AllDayDate is the calendar day of an all-day meeting, as midnight in loc: the date of
// its start in the meeting's own time zone (Zoom's timezone field), which is the day its
// invitation names wherever the viewer is. Without a known zone the start's date in loc
// is used.
func AllDayDate(m zoomapi.Meeting, loc *time.Location) time.Time {
	start := m.StartTime.In(loc)
	if tz, err := time.LoadLocation(m.Timezone); err == nil && m.Timezone != "" {
		start = m.StartTime.In(tz)
	}
	y, mo, d := start.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, loc)
}

// dayStart is midnight at the start of t's day, in t's zone.
func dayStart(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// Countdown is the time left until start as the reminder window shows it: "in 4:05",
// "in 1:02:03", and once the meeting has begun "started 2:10 ago". Seconds left are
// rounded up, so "in 0:00" is never shown before the start.
func Countdown(start, now time.Time) string {
	d := start.Sub(now)
	if d > 0 {
		return "in " + clock((d + time.Second - 1).Truncate(time.Second))
	}
	return "started " + clock((-d).Truncate(time.Second)) + " ago"
}

// clock is d as M:SS, or H:MM:SS from an hour.
func clock(d time.Duration) string {
	h, m, s := int(d/time.Hour), int(d/time.Minute)%60, int(d/time.Second)%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%d:%02d", m, s)
}
