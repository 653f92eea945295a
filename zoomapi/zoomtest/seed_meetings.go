package zoomtest

import (
	"strings"
	"time"
)

// seedMeetings creates, relative to now: a daily stand-up (type 8), a meeting live now,
// meetings later today, tomorrow and in ten days, a PMI meeting without fixed time
// (type 3), a weekly meeting spanning the host's next DST change, past and instant
// meetings, and meetings other users host with alex invited (upcoming_meetings).
func (d *dataset) seedMeetings(now time.Time) {
	alex, jonas, yuki := d.userList[0], d.userList[1], d.userList[2]
	ny := mustLoad(alex.Timezone)
	half := now.UTC().Truncate(30 * time.Minute)
	for _, m := range []*Meeting{
		{HostID: alex.ID, Topic: "Team stand-up", Type: 8, Duration: 15, Timezone: alex.Timezone,
			Agenda: "Yesterday, today, blockers.", Occurrences: weekdaysAt(now, ny, 9, 30, -14, 28)},
		{HostID: alex.ID, Topic: "Design review", Type: 2, Start: now.UTC().Truncate(time.Minute).Add(-20 * time.Minute),
			Duration: 60, Timezone: alex.Timezone, Live: true, Agenda: "Tray menu and sign-in dialog."},
		{HostID: alex.ID, Topic: "1:1 Alex / Jonas", Type: 2, Start: half.Add(3 * time.Hour), Duration: 30,
			Timezone: alex.Timezone, Invitees: []string{jonas.ID}},
		{HostID: alex.ID, Topic: "Sprint planning", Type: 2, Start: half.Add(27 * time.Hour), Duration: 90,
			Timezone: alex.Timezone, Invitees: []string{jonas.ID, yuki.ID}},
		{HostID: alex.ID, Topic: "Quarterly business review", Type: 2, Start: half.Add(10 * 24 * time.Hour), Duration: 120,
			Timezone: alex.Timezone, Agenda: longAgenda},
		{HostID: alex.ID, Topic: "Alex's office hours", Type: 3, Duration: 60, Timezone: alex.Timezone, UsePMI: true},
		{HostID: alex.ID, Topic: "Weekly sync (across DST change)", Type: 8, Duration: 45, Timezone: alex.Timezone,
			Occurrences: weeklyAcrossDST(now, ny, 10, 0)},
		{HostID: alex.ID, Topic: "Retrospective", Type: 2, Start: half.Add(-3 * 24 * time.Hour), Duration: 60, Timezone: alex.Timezone},
		{HostID: alex.ID, Topic: "Alex Rivera's Zoom Meeting", Type: 1, Start: half.Add(-50 * time.Hour), Duration: 60, Timezone: alex.Timezone},
		{HostID: jonas.ID, Topic: "Pipeline review (Berlin)", Type: 2, Start: half.Add(5 * time.Hour), Duration: 45,
			Timezone: jonas.Timezone, Invitees: []string{alex.ID}},
		{HostID: jonas.ID, Topic: "Team offsite", Type: 2, Start: half.Add(12 * time.Hour), Duration: 1440,
			Timezone: jonas.Timezone, AllDay: true, Invitees: []string{alex.ID, yuki.ID}},
		{HostID: yuki.ID, Topic: "Support hand-off (Tokyo)", Type: 2, Start: half.Add(20 * time.Hour), Duration: 30,
			Timezone: yuki.Timezone, Invitees: []string{alex.ID}},
		{HostID: yuki.ID, Topic: "APAC roadmap", Type: 2, Start: half.Add(30 * time.Hour), Duration: 60,
			Timezone: yuki.Timezone, Invitees: []string{alex.ID}},
		{HostID: jonas.ID, Topic: "Wöchentliches Vertriebsmeeting", Type: 8, Duration: 60, Timezone: jonas.Timezone,
			Occurrences: weekdaysAt(now, mustLoad(jonas.Timezone), 8, 0, -7, 21)},
	} {
		m.Created = now.UTC().Add(-30 * 24 * time.Hour).Truncate(time.Second)
		d.addMeeting(m)
	}
}

var longAgenda = strings.Repeat("Review revenue, churn and hiring against plan; agree on next quarter's goals. ", 5)

// weekdaysAt returns the Monday-to-Friday starts at hh:mm in loc from fromDays to toDays
// around now, in UTC.
func weekdaysAt(now time.Time, loc *time.Location, hh, mm, fromDays, toDays int) []time.Time {
	var out []time.Time
	l := now.In(loc)
	for i := fromDays; i <= toDays; i++ {
		day := time.Date(l.Year(), l.Month(), l.Day()+i, hh, mm, 0, 0, loc)
		if day.Weekday() != time.Saturday && day.Weekday() != time.Sunday {
			out = append(out, day.UTC())
		}
	}
	return out
}

// weeklyAcrossDST returns weekly starts at hh:mm in loc from next week (or earlier, when
// loc's next UTC-offset change is less than a week after that, so that at least one start
// falls before it) until three weeks after the change: the UTC times shift by an hour midway
// whatever the date of now.
func weeklyAcrossDST(now time.Time, loc *time.Location, hh, mm int) []time.Time {
	change := nextOffsetChange(now, loc)
	l := now.In(loc)
	at := func(week int) time.Time { return time.Date(l.Year(), l.Month(), l.Day()+7*week, hh, mm, 0, 0, loc) }
	first := 1
	for !at(first).Before(change.AddDate(0, 0, -7)) {
		first--
	}
	var out []time.Time
	for i := first; i <= 60; i++ {
		t := at(i)
		if t.After(change.AddDate(0, 0, 21)) {
			break
		}
		out = append(out, t.UTC())
	}
	return out
}

// nextOffsetChange returns the first day within a year after now on which loc's UTC
// offset differs from now's, or now plus a year when loc has no DST.
func nextOffsetChange(now time.Time, loc *time.Location) time.Time {
	_, off := now.In(loc).Zone()
	for i := 1; i <= 366; i++ {
		t := now.AddDate(0, 0, i)
		if _, o := t.In(loc).Zone(); o != off {
			return t
		}
	}
	return now.AddDate(1, 0, 0)
}
