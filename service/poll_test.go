package service

import (
	"context"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

const sam = "sam@example.com" // a seeded user without meetings

// settled returns the fake's count of meetings requests once it reached at least want:
// the fake counts a request after answering it, so the last poll's requests may still be
// on their way into the counters when the poller has already moved on.
func settled(t *testing.T, z *zoomtest.Server, want int) int {
	t.Helper()
	testenv.Eventually(t, waitFor, "fake's request counters", func() bool { return meetingRequests(z) >= want })
	return meetingRequests(z)
}

// drive advances clk from poll timer to poll timer until the next poll would be at or
// after end, and returns the deadlines it advanced to.
func drive(t *testing.T, clk *fakeClock, end time.Time) []time.Time {
	t.Helper()
	var fired []time.Time
	for {
		at := clk.waitTimer(t, timerPoll)
		if !at.Before(end) {
			return fired
		}
		clk.advance(at)
		fired = append(fired, at)
	}
}

// signedInService returns a running, signed-in Service on a fake Zoom with AutoApprove for
// email, after its first poll.
func signedInService(t *testing.T, env *fakeEnv, clk *fakeClock, tweak func(*Options)) *Service {
	t.Helper()
	opts := env.testOptions(t, clk, nil)
	if tweak != nil {
		tweak(&opts)
	}
	s := newService(t, opts)
	run(t, s)
	login(t, s)
	return s
}

// TestPollCadence counts the polls (one GET /users/me/upcoming_meetings each) and the
// polls that also fetch the hosted list: the first and then every third
// (pollplan.HostedEvery), at either cadence.
func TestPollCadence(t *testing.T) {
	tests := []struct {
		name       string
		starts     []time.Duration // meetings of 30 minutes, relative to the start
		allDay     bool            // make them all-day meetings instead
		window     time.Duration
		wantPolls  int
		wantHosted int
	}{
		// 0, 10, ... 50; the hosted list at 0 and 30.
		{"all-day meeting today", []time.Duration{-time.Hour}, true, time.Hour, 6, 2},
		{"idle hour without meetings", nil, false, time.Hour, 6, 2},
		{"meeting tomorrow", []time.Duration{24 * time.Hour}, false, time.Hour, 6, 2},
		// 0, 2, ... 28; the hosted list at 0, 6, ... 24.
		{"meeting in 10 minutes", []time.Duration{10 * time.Minute}, false, 30 * time.Minute, 15, 5},
		{"meeting live", []time.Duration{-10 * time.Minute}, false, 20 * time.Minute, 10, 4},
		// 0, 10, 20, then the first 2-minute mark after 25 (15 minutes before): 26 ... 38;
		// the hosted list at 0, 20, 30 and 36.
		{"meeting in 40 minutes", []time.Duration{40 * time.Minute}, false, 40 * time.Minute, 10, 4},
		// The meeting ends at 30: 0, 2, ... 30 (planned at 28, while live), then 40, 50;
		// the hosted list at 0, 6, ... 30.
		{"meeting ends within the hour", []time.Duration{0}, false, time.Hour, 18, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// On a 10-minute mark: with phase 0 (no jitter) the agent polls on the marks.
			begin := time.Now().Truncate(10 * time.Minute)
			clk := newFakeClock(begin)
			env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
			for _, d := range tt.starts {
				m := zoomtest.Meeting{Topic: "m", Type: 2, Start: begin.Add(d), Duration: 30}
				if tt.allDay {
					m.AllDay, m.Duration = true, 1440
				}
				if _, err := env.zoom.AddMeeting(sam, m); err != nil {
					t.Fatal(err)
				}
			}
			signedInService(t, env, clk, nil)
			fired := drive(t, clk, begin.Add(tt.window))
			want := tt.wantPolls + tt.wantHosted
			settled(t, env.zoom, want)
			polls, hosted := listRequests(env.zoom)
			if polls != tt.wantPolls || hosted != tt.wantHosted {
				t.Errorf("in %v: %d polls, %d with the hosted list; want %d, %d", tt.window, polls, hosted, tt.wantPolls, tt.wantHosted)
				for _, at := range fired {
					t.Logf("fired at +%v", at.Sub(begin))
				}
			}
		})
	}
}

// TestIdleHourBudget checks the figure the cadence is designed for: at most 9 requests per
// idle signed-in hour, counting the hourly token refresh: 6 polls, 2 of them with the
// hosted list.
func TestIdleHourBudget(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	signedInService(t, env, clk, nil)
	clk.waitTimer(t, timerPoll) // the first poll after sign-in is done
	settled(t, env.zoom, 2)
	before := env.zoom.Stats()
	polls := len(drive(t, clk, clk.Now().Add(time.Hour+time.Second)))
	settled(t, env.zoom, 2+polls+polls/pollplan.HostedEvery)
	total := 1 // the hourly token refresh, which the session runs on the wall clock
	for route, rs := range env.zoom.Stats().Routes {
		total += rs.Count - before.Routes[route].Count
	}
	if total > 9 {
		t.Errorf("requests per idle signed-in hour = %d, want at most 9", total)
	}
}

func TestPollOfflineBackoffAndRecovery(t *testing.T) {
	tests := []struct {
		name     string
		fault    zoomtest.Fault
		wantKind string
	}{
		{"connection reset", zoomtest.Fault{Kind: zoomtest.FaultReset, Path: "/v2/"}, KindNetwork},
		{"zoom answers 503", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/v2/"}, KindZoom},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock(time.Now())
			env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
			s := signedInService(t, env, clk, nil)
			now := clk.waitTimer(t, timerPoll)
			env.zoom.SetFaults(tt.fault)
			now = checkBackoff(t, clk, now)
			checkList(t, s, true, tt.wantKind)
			env.zoom.SetFaults()
			clk.advance(now)
			// Back on the agent's slots: with phase 0, the next 10-minute mark.
			if got, want := clk.waitTimer(t, timerPoll), now.Truncate(pollFar).Add(pollFar); !got.Equal(want) {
				t.Errorf("after recovery next poll at %v, want %v", got, want)
			}
			checkList(t, s, false, "")
		})
	}
}

// checkBackoff fires the poll timer at now and checks the growing waits after each
// failure; it returns the time of the last planned poll.
func checkBackoff(t *testing.T, clk *fakeClock, now time.Time) time.Time {
	t.Helper()
	for i, want := range []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 15 * time.Minute, 15 * time.Minute} {
		clk.advance(now)
		at := clk.waitTimer(t, timerPoll)
		if got := at.Sub(now); got != want {
			t.Errorf("backoff after failure %d = %v, want %v", i+1, got, want)
		}
		now = at
	}
	return now
}

// checkList checks that the cached list is kept, its Stale flag and the error kind.
func checkList(t *testing.T, s *Service, wantStale bool, wantKind string) {
	t.Helper()
	ml, _ := s.Meetings(context.Background(), false)
	st, _ := s.Status(context.Background())
	gotKind := ""
	if st.LastError != nil {
		gotKind = st.LastError.Kind
	}
	if ml.Stale != wantStale || st.MeetingsStale != wantStale || gotKind != wantKind || ml.FetchedAt.IsZero() {
		t.Errorf("list Stale %v (status %v), error kind %q, fetched %v; want stale %v, kind %q, the list kept",
			ml.Stale, st.MeetingsStale, gotKind, ml.FetchedAt, wantStale, wantKind)
	}
}

func TestPollRateLimited(t *testing.T) {
	tests := []struct {
		name  string
		kind  zoomtest.FaultKind
		daily bool
	}{
		{"per second", zoomtest.FaultRateLimitQPS, false},
		{"daily", zoomtest.FaultRateLimitDaily, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock(time.Now())
			env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
			s := signedInService(t, env, clk, nil)
			first := clk.waitTimer(t, timerPoll)
			env.zoom.SetFaults(zoomtest.Fault{Kind: tt.kind, Path: "/v2/users/me"})
			clk.advance(first)
			next := clk.waitTimer(t, timerPoll)
			st, _ := s.Status(context.Background())
			if st.LastError == nil || st.LastError.Kind != KindRateLimited {
				t.Fatalf("LastError = %+v, want kind %s", st.LastError, KindRateLimited)
			}
			want := first.Add(backoffMin)
			if tt.daily {
				want = st.LastError.RetryAfter
				if want.IsZero() {
					t.Fatalf("daily limit: RetryAfter is zero, want Zoom's Retry-After")
				}
			}
			if next.Before(want) {
				t.Errorf("next poll at %v, want not before %v", next, want)
			}
		})
	}
}

func TestPollStopsWhenSignInNeeded(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	s := signedInService(t, env, clk, nil)
	first := clk.waitTimer(t, timerPoll)
	env.zoom.RevokeUserGrants(sam)
	clk.advance(first)
	testenv.Eventually(t, waitFor, "poller paused", func() bool {
		_, paused := s.nextPoll()
		_, armed := clk.pending(timerPoll)
		return paused && !armed
	})
	st, _ := s.Status(context.Background())
	if st.State != "needs_signin" {
		t.Errorf("State = %q, want needs_signin", st.State)
	}
	before := meetingRequests(env.zoom)
	login(t, s)
	clk.waitTimer(t, timerPoll)
	if got := settled(t, env.zoom, before+2) - before; got != 2 {
		t.Errorf("requests after signing in again = %d, want 2 (one poll)", got)
	}
}

func TestMeetingsRefreshCoalesces(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	s := signedInService(t, env, clk, nil)
	clk.waitTimer(t, timerPoll)
	before := meetingRequests(env.zoom)
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultLatency, Latency: 300 * time.Millisecond, Path: "/v2/users/me/meetings"})
	errs := make(chan error, 5)
	for range 5 {
		go func() {
			_, err := s.Meetings(context.Background(), true)
			errs <- err
		}()
	}
	for range 5 {
		if err := <-errs; err != nil {
			t.Fatalf("Meetings(refresh): %v", err)
		}
	}
	if got := settled(t, env.zoom, before+2) - before; got != 2 {
		t.Errorf("requests for 5 concurrent refreshes = %d, want 2 (one shared fetch)", got)
	}
}

// TestPollBacksOffOnRejectedToken checks that a 401 which survives the transport's
// refresh-and-retry, while the session is still signed in, backs off like a network
// failure instead of pausing the poller for good.
func TestPollBacksOffOnRejectedToken(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	s := signedInService(t, env, clk, nil)
	first := clk.waitTimer(t, timerPoll)
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 401, Path: "/v2/users/me/"})
	clk.advance(first)
	if got, want := clk.waitTimer(t, timerPoll).Sub(first), backoffMin; got != want {
		t.Errorf("next poll after a rejected token in %v, want %v (backoff)", got, want)
	}
	if _, paused := s.nextPoll(); paused {
		t.Errorf("poller paused, want it backing off while the session is signed in")
	}
	if got, want := s.status().State, StateSignedIn; got != want {
		t.Errorf("state: got %q, want %q", got, want)
	}
	env.zoom.SetFaults()
	clk.advance(first.Add(backoffMin))
	testenv.Eventually(t, waitFor, "a fresh list after the backoff", func() bool {
		ml, _ := s.Meetings(context.Background(), false)
		return !ml.Stale && ml.FetchedAt.Equal(first.Add(backoffMin))
	})
}

// TestNetworkChangeShortensPollBackoff: while the poller waits out the backoff of failed
// polls, a network change brings the next poll to networkSettle from now (plus a random
// part of a minute, zero here); a poller that is not failing keeps its plan.
func TestNetworkChangeShortensPollBackoff(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	changed := make(chan func(), 1)
	s := signedInService(t, env, clk, func(o *Options) {
		o.netChanges = func(ctx context.Context, f func()) error {
			changed <- f
			<-ctx.Done()
			return ctx.Err()
		}
	})
	networkChanged := <-changed
	planned := clk.waitTimer(t, timerPoll)
	networkChanged() // not failing: the plan stays
	// networkChanged re-plans under s.mu before it returns, so the schedule is the witness.
	// The armed timer is not: the poller re-arms it at the same plan (stop, then arm) on
	// the kick its own poll sends when it ends, and it may be between the two right now.
	if at, paused := s.nextPoll(); paused || !at.Equal(planned) {
		t.Fatalf("poll moved from %v to %v (paused %v) by a network change while polls succeed", planned, at, paused)
	}

	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultReset, Path: "/v2/"})
	now := checkBackoff(t, clk, planned) // the backoff has grown to 15 minutes
	clk.advance(now)
	backoff := clk.waitTimer(t, timerPoll)
	env.zoom.SetFaults()
	networkChanged()
	want := clk.Now().Add(networkSettle)
	testenv.Eventually(t, waitFor, "the poll moved to just after the change", func() bool {
		at, ok := clk.pending(timerPoll)
		return ok && at.Equal(want)
	})
	if !want.Before(backoff) {
		t.Fatalf("poll at %v, not before the backoff's %v", want, backoff)
	}
	clk.advance(want)
	testenv.Eventually(t, waitFor, "the list fresh again", func() bool {
		ml, _ := s.Meetings(context.Background(), false)
		return !ml.Stale
	})
}
