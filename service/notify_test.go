package service

import (
	"slices"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestNextNotification checks which meetings are announced: an all-day meeting (Zoom's
// is_all_day) starting at midnight must not "start in 5 min" at 23:55.
func TestNextNotification(t *testing.T) {
	now := time.Date(2026, 11, 23, 23, 57, 0, 0, time.UTC)
	midnight := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	timed := zoomapi.Meeting{ID: 1, Topic: "Late call", StartTime: midnight, Duration: 30}
	allDay := zoomapi.Meeting{ID: 2, Topic: "Offsite", StartTime: midnight, Duration: 1440, IsAllDay: true}
	laterAllDay := allDay
	laterAllDay.ID, laterAllDay.StartTime = 3, midnight.Add(24*time.Hour)
	tests := []struct {
		name     string
		ms       []zoomapi.Meeting
		wantDue  []int64
		wantNext time.Time
	}{
		{"timed meeting in 3 minutes", []zoomapi.Meeting{timed}, []int64{1}, time.Time{}},
		{"all-day meeting in 3 minutes", []zoomapi.Meeting{allDay}, nil, time.Time{}},
		{"all-day tomorrow plans nothing", []zoomapi.Meeting{laterAllDay}, nil, time.Time{}},
		{"both", []zoomapi.Meeting{allDay, timed}, []int64{1}, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Service{clk: newFakeClock(now), meetings: MeetingList{Meetings: tt.ms}}
			due, next, ok := s.nextNotification(announcer{lead: 5 * time.Minute}, map[notifyKey]bool{})
			var got []int64
			for _, m := range due {
				got = append(got, int64(m.ID))
			}
			if !slices.Equal(got, tt.wantDue) {
				t.Errorf("due: got %v, want %v", got, tt.wantDue)
			}
			if ok != !tt.wantNext.IsZero() || !next.Equal(tt.wantNext) {
				t.Errorf("next: got %v, %v, want %v", next, ok, tt.wantNext)
			}
		})
	}
}
