package zoomapi_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestMeetingAgainstFake checks GET /meetings/{id}: an instant meeting, which no list
// returns, is found with its host; an unknown ID is Zoom's 404 with code 3001.
func TestMeetingAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	ctx := context.Background()
	created, err := e.c.CreateInstantMeeting(ctx, "Quick sync")
	if err != nil {
		t.Fatalf("CreateInstantMeeting: %v", err)
	}
	m, err := e.c.Meeting(ctx, int64(created.ID))
	if err != nil {
		t.Fatalf("Meeting(%d): %v", created.ID, err)
	}
	if m.ID != created.ID || m.Topic != "Quick sync" || m.HostID != e.s.Users()[0].ID || m.JoinURL == "" {
		t.Errorf("Meeting = id %d topic %q host %q join %q, want %d, Quick sync, %s, a join link",
			m.ID, m.Topic, m.HostID, m.JoinURL, created.ID, e.s.Users()[0].ID)
	}
	_, err = e.c.Meeting(ctx, 123)
	var ze *zoomapi.Error
	if !errors.As(err, &ze) || ze.Status != 404 || ze.Code != zoomapi.CodeMeetingNotFound {
		t.Errorf("Meeting(123) error = %v, want a 404 with code %d", err, zoomapi.CodeMeetingNotFound)
	}
}
