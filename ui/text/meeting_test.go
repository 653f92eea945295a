package text

import (
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

func TestMeetingTime(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tz database:", err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, ny)
	midnightBerlin := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, berlin) }
	tests := []struct {
		name string
		m    zoomapi.Meeting
		want string
	}{
		{"today", zoomapi.Meeting{StartTime: time.Date(2026, 11, 25, 15, 0, 0, 0, ny)}, "15:00"},
		{"tomorrow", zoomapi.Meeting{StartTime: time.Date(2026, 11, 26, 9, 30, 0, 0, ny)}, "09:30"},
		{"later", zoomapi.Meeting{StartTime: time.Date(2026, 11, 30, 15, 0, 0, 0, ny)}, "Mon Nov 30 15:00"},
		{"no fixed time", zoomapi.Meeting{}, "No fixed time"},
		// Midnight in Berlin is 18:00 the day before in New York: still the 26th's event.
		{"all day tomorrow", zoomapi.Meeting{StartTime: midnightBerlin(26), Duration: 1440, IsAllDay: true, Timezone: "Europe/Berlin"}, AllDay},
		{"all day later", zoomapi.Meeting{StartTime: midnightBerlin(30), Duration: 1440, IsAllDay: true, Timezone: "Europe/Berlin"}, "Mon Nov 30 · All day"},
		{"all day no zone", zoomapi.Meeting{StartTime: time.Date(2026, 11, 25, 0, 0, 0, 0, ny), IsAllDay: true}, AllDay},
	}
	for _, tt := range tests {
		if got := MeetingTime(tt.m, now); got != tt.want {
			t.Errorf("%s: MeetingTime = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestCountdown(t *testing.T) {
	start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		left time.Duration
		want string
	}{
		{time.Minute, "in 1:00"},
		{59*time.Second + 100*time.Millisecond, "in 1:00"},
		{4*time.Minute + 5*time.Second, "in 4:05"},
		{time.Hour + 2*time.Minute + 3*time.Second, "in 1:02:03"},
		{time.Millisecond, "in 0:01"},
		{0, "started 0:00 ago"},
		{-(2*time.Minute + 10*time.Second), "started 2:10 ago"},
	}
	for _, tt := range tests {
		if got := Countdown(start, start.Add(-tt.left)); got != tt.want {
			t.Errorf("Countdown(%v left) = %q, want %q", tt.left, got, tt.want)
		}
	}
}
