package service

import (
	"context"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/internal/testenv"
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
	testenv.Eventually(t, waitFor, "the sign-in's poll recorded", func() bool {
		s.fetchMu.Lock()
		defer s.fetchMu.Unlock()
		return s.fetching == nil && !s.meetingList().FetchedAt.IsZero()
	})
	polls, hosted := 0, 0
	for i := range 9 { // the polls at 0, 10, ... 80 minutes
		// The edit comes before the poll's timer fires: a poll that reached Zoom first
		// would rightly show the old topic.
		topic := "soon, edited before poll " + string(rune('0'+i))
		if err := env.zoom.SetMeetingTopic(soon, topic); err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			clk.advance(clk.waitTimer(t, timerPoll))
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
		testenv.Eventually(t, waitFor, "the poll's list", func() bool { return shown(s, soon, topic) })
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
	testenv.Eventually(t, waitFor, "the deleted meeting gone", func() bool {
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

// TestSkippedHostedListFallsBack fails upcoming_meetings at a poll that skips the hosted
// list, in each way real accounts may answer it (5xx, an HTML page, 404): the poll falls
// back to the hosted list, which shows an edit of a meeting beyond upcoming_meetings' 24
// hours, and the list is neither stale nor in error. A rate limit gets no such request.
func TestSkippedHostedListFallsBack(t *testing.T) {
	tests := []struct {
		name  string
		fault zoomtest.Fault
	}{
		{"503", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503}},
		{"html", zoomtest.Fault{Kind: zoomtest.FaultHTML200}},
		{"404", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 404}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, env, clk, later := skippedPollSetup(t)
			tt.fault.Path, tt.fault.Count = "/v2/users/me/upcoming_meetings", 1
			env.zoom.SetFaults(tt.fault)
			clk.advance(clk.waitTimer(t, timerPoll))
			settled(t, env.zoom, 4) // the failed upcoming_meetings and the hosted list
			testenv.Eventually(t, waitFor, "the hosted list's edit", func() bool { return shown(s, later, "later, edited") })
			checkList(t, s, false, "")
			if polls, hosted := listRequests(env.zoom); polls != 2 || hosted != 2 {
				t.Errorf("requests: %d upcoming_meetings, %d hosted lists; want 2 and 2", polls, hosted)
			}
		})
	}
	t.Run("429", func(t *testing.T) {
		s, env, clk, later := skippedPollSetup(t)
		env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS, Path: "/v2/users/me/upcoming_meetings", Count: 1})
		clk.advance(clk.waitTimer(t, timerPoll))
		clk.waitTimer(t, timerPoll) // the retry is planned: the failed poll is over
		checkList(t, s, true, KindRateLimited)
		if polls, hosted := listRequests(env.zoom); polls != 2 || hosted != 1 {
			t.Errorf("requests: %d upcoming_meetings, %d hosted lists; want 2 and 1 (no fallback after a 429)", polls, hosted)
		}
		if shown(s, later, "later, edited") {
			t.Error("the edit shows after a 429, want the list kept as it was")
		}
	})
}

// skippedPollSetup signs sam in with a meeting in 3 days, waits for the sign-in's poll
// (both lists) to be recorded, and edits that meeting's topic to "later, edited": the next
// poll skips the hosted list, so only a fallback to it shows the edit.
func skippedPollSetup(t *testing.T) (*Service, *fakeEnv, *fakeClock, int64) {
	t.Helper()
	begin := time.Now().Truncate(10 * time.Minute)
	clk := newFakeClock(begin)
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	later, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "later", Type: 2, Start: begin.Add(72 * time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	s := signedInService(t, env, clk, nil)
	settled(t, env.zoom, 2)
	testenv.Eventually(t, waitFor, "the sign-in's poll recorded", func() bool {
		s.fetchMu.Lock()
		defer s.fetchMu.Unlock()
		return s.fetching == nil && !s.meetingList().FetchedAt.IsZero()
	})
	if err := env.zoom.SetMeetingTopic(later, "later, edited"); err != nil {
		t.Fatal(err)
	}
	return s, env, clk, later
}
