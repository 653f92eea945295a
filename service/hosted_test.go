package service

import (
	"context"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestHostedListEveryThirdIdlePoll polls for an idle hour and a half with a meeting sam
// hosts in 3 hours and one in 3 days: the hosted list is fetched at the first poll and then
// every third, and in between the merged list keeps the meeting beyond upcoming_meetings'
// 24 hours, shows an edit of the meeting within them at once, and keeps it the user's own
// although upcoming_meetings says nothing of is_host (UpcomingBare, as Zoom's sample).
func TestHostedListEveryThirdIdlePoll(t *testing.T) {
	begin := time.Now().Truncate(10 * time.Minute)
	clk := newFakeClock(begin)
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam, Shapes: zoomtest.Shapes{UpcomingBare: true}})
	soon, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "soon", Type: 2, Start: begin.Add(3 * time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	later, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "later", Type: 2, Start: begin.Add(72 * time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	s := signedInService(t, env, clk, nil)
	settled(t, env.zoom, 2) // the sign-in's poll
	// Zoom answering is not the fetch being over: a refresh while it is still in flight
	// would share it instead of asking again.
	eventually(t, "the sign-in's poll recorded", func() bool {
		s.fetchMu.Lock()
		defer s.fetchMu.Unlock()
		return s.fetching == nil && !s.meetingList().FetchedAt.IsZero()
	})
	polls, hosted := 0, 0
	for i := range 9 { // the polls at 0, 10, ... 80 minutes
		if i > 0 {
			clk.advance(clk.waitTimer(t, timerPoll))
		}
		topic := "soon, edited before poll " + string(rune('0'+i))
		if err := env.zoom.SetMeetingTopic(soon, topic); err != nil {
			t.Fatal(err)
		}
		polls++
		if i%pollplan.HostedEvery == 0 {
			hosted++
		}
		if i == 0 {
			// The sign-in's poll was made before this edit; the user's refresh asks again.
			if _, err := s.Meetings(context.Background(), true); err != nil {
				t.Fatalf("Meetings(refresh): %v", err)
			}
			polls, hosted = polls+1, hosted+1
		}
		settled(t, env.zoom, polls+hosted)
		eventually(t, "the poll's list", func() bool { return shown(s, soon, topic) })
		if gotPolls, gotHosted := listRequests(env.zoom); gotPolls != polls || gotHosted != hosted {
			t.Errorf("after poll %d: %d polls, %d with the hosted list; want %d, %d", i, gotPolls, gotHosted, polls, hosted)
		}
		ml := s.meetingList()
		if m, ok := find(ml.Meetings, later); !ok || m.Topic != "later" || !m.IsHost {
			t.Errorf("after poll %d: meeting in 3 days = %+v, %v; want it listed as hosted", i, m.Topic, ok)
		}
		if m, _ := find(ml.Meetings, soon); !m.IsHost {
			t.Errorf("after poll %d: meeting in 3 hours not listed as hosted", i)
		}
	}
}

// TestSkippedHostedListDropsWhatUpcomingNoLongerLists deletes, between two hosted lists, a
// meeting within the next 24 hours: the poll that skips the hosted list drops it, since
// upcoming_meetings no longer lists it, while the meeting beyond 24 hours stays.
func TestSkippedHostedListDropsWhatUpcomingNoLongerLists(t *testing.T) {
	begin := time.Now().Truncate(10 * time.Minute)
	clk := newFakeClock(begin)
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	soon, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "soon", Type: 2, Start: begin.Add(3 * time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	later, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "later", Type: 2, Start: begin.Add(72 * time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	s := signedInService(t, env, clk, nil)
	settled(t, env.zoom, 2)
	if err := env.zoom.DeleteMeeting(soon); err != nil {
		t.Fatal(err)
	}
	clk.advance(clk.waitTimer(t, timerPoll))
	settled(t, env.zoom, 3)
	eventually(t, "the deleted meeting gone", func() bool {
		_, ok := find(s.meetingList().Meetings, soon)
		return !ok
	})
	if _, hosted := listRequests(env.zoom); hosted != 1 {
		t.Errorf("hosted lists = %d, want 1 (the second poll skips it)", hosted)
	}
	if _, ok := find(s.meetingList().Meetings, later); !ok {
		t.Error("the meeting in 3 days is gone after a poll that skipped the hosted list")
	}
}

// shown reports whether s lists meeting id with topic.
func shown(s *Service, id int64, topic string) bool {
	m, ok := find(s.meetingList().Meetings, id)
	return ok && m.Topic == topic
}

// find returns meeting id of ms.
func find(ms []zoomapi.Meeting, id int64) (zoomapi.Meeting, bool) {
	for _, m := range ms {
		if int64(m.ID) == id {
			return m, true
		}
	}
	return zoomapi.Meeting{}, false
}
