package ui

import (
	"slices"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// titles returns "Group:topic" for each meeting of gs, in order.
func titles(gs []meetingGroup) []string {
	var out []string
	for _, g := range gs {
		for _, m := range g.Meetings {
			out = append(out, g.Title+":"+m.Topic)
		}
	}
	return out
}

// at is a meeting named topic starting at t (UTC, as Zoom sends it) for 30 minutes.
func at(topic string, t time.Time) zoomapi.Meeting {
	return zoomapi.Meeting{Topic: topic, StartTime: t.UTC(), Duration: 30}
}

func TestGroupMeetings(t *testing.T) {
	ny, berlin := mustZone("America/New_York"), mustZone("Europe/Berlin")
	tests := []struct {
		name string
		now  time.Time
		ms   []zoomapi.Meeting
		want []string
	}{{
		name: "local midnight, not UTC midnight",
		// 23:30 in New York is 04:30 UTC the next day: still today for the viewer.
		now: time.Date(2026, 11, 25, 20, 0, 0, 0, ny),
		ms: []zoomapi.Meeting{
			at("late", time.Date(2026, 11, 25, 23, 30, 0, 0, ny)),
			at("just after midnight", time.Date(2026, 11, 26, 0, 0, 0, 0, ny)),
			at("day after tomorrow", time.Date(2026, 11, 27, 0, 0, 0, 0, ny)),
		},
		want: []string{"Today:late", "Tomorrow:just after midnight", "Later:day after tomorrow"},
	}, {
		name: "same instants seen from Berlin",
		now:  time.Date(2026, 11, 26, 2, 0, 0, 0, berlin),
		ms: []zoomapi.Meeting{
			at("late", time.Date(2026, 11, 25, 23, 30, 0, 0, ny)),
			at("just after midnight", time.Date(2026, 11, 26, 0, 0, 0, 0, ny)),
		},
		want: []string{"Today:late", "Today:just after midnight"},
	}, {
		name: "DST ends tonight (25-hour day)",
		// 2026-11-01 02:00 EDT becomes 01:00 EST in New York.
		now: time.Date(2026, 10, 31, 22, 0, 0, 0, ny),
		ms: []zoomapi.Meeting{
			at("23:59 Sat", time.Date(2026, 10, 31, 23, 59, 0, 0, ny)),
			at("23:30 Sun", time.Date(2026, 11, 1, 23, 30, 0, 0, ny)),
			at("00:00 Mon", time.Date(2026, 11, 2, 0, 0, 0, 0, ny)),
		},
		want: []string{"Today:23:59 Sat", "Tomorrow:23:30 Sun", "Later:00:00 Mon"},
	}, {
		name: "DST starts tonight (23-hour day)",
		// 2026-03-08 02:00 EST becomes 03:00 EDT.
		now: time.Date(2026, 3, 7, 23, 0, 0, 0, ny),
		ms: []zoomapi.Meeting{
			at("00:30 Sun", time.Date(2026, 3, 8, 0, 30, 0, 0, ny)),
			at("23:45 Sun", time.Date(2026, 3, 8, 23, 45, 0, 0, ny)),
			at("00:15 Mon", time.Date(2026, 3, 9, 0, 15, 0, 0, ny)),
		},
		want: []string{"Tomorrow:00:30 Sun", "Tomorrow:23:45 Sun", "Later:00:15 Mon"},
	}, {
		name: "live since yesterday stays, ended yesterday goes, no fixed time is later",
		now:  time.Date(2026, 11, 26, 0, 10, 0, 0, ny),
		ms: []zoomapi.Meeting{
			{Topic: "overnight", StartTime: time.Date(2026, 11, 25, 23, 50, 0, 0, ny), Duration: 60},
			at("ended", time.Date(2026, 11, 25, 22, 0, 0, 0, ny)),
			{Topic: "recurring, no time", Type: 3},
		},
		want: []string{"Today:overnight", "Later:recurring, no time"},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := titles(groupMeetings(tt.ms, tt.now))
			if !slices.Equal(got, tt.want) {
				t.Errorf("GroupMeetings = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsLive(t *testing.T) {
	start := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	m := zoomapi.Meeting{StartTime: start, Duration: 30}
	tests := []struct {
		name string
		m    zoomapi.Meeting
		now  time.Time
		want bool
	}{
		{"before", m, start.Add(-time.Second), false},
		{"at start", m, start, true},
		{"last second", m, start.Add(30*time.Minute - time.Second), true},
		{"at end", m, start.Add(30 * time.Minute), false},
		{"started by Zoom, overrunning", zoomapi.Meeting{StartTime: start, Duration: 30, Status: "started"}, start.Add(time.Hour), true},
		{"no duration counts a minute", zoomapi.Meeting{StartTime: start}, start.Add(59 * time.Second), true},
		{"no fixed time", zoomapi.Meeting{Type: 3}, start, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isLive(tt.m, tt.now); got != tt.want {
				t.Errorf("IsLive = %v, want %v", got, tt.want)
			}
		})
	}
}
