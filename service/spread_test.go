package service

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// seededJitter is a deterministic random source for the poller's phase and jitter.
func seededJitter(seed uint64) func(time.Duration) time.Duration {
	r := rand.New(rand.NewPCG(seed, ^seed))
	return func(d time.Duration) time.Duration {
		if d <= 0 {
			return 0
		}
		return time.Duration(r.Int64N(int64(d)))
	}
}

// storedSession signs in once with a service of its own, so that the returned store holds
// a session that a service started later with the same settings (extra) loads.
func storedSession(t *testing.T, env *fakeEnv, clk *fakeClock, extra map[string]string) tokenstore.Store {
	t.Helper()
	opts := env.testOptions(t, clk, extra)
	s := newService(t, opts)
	run(t, s)
	login(t, s)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return opts.Store
}

// startPair starts two agents at begin, each with a stored session, a clock of its own and
// the given random source, and returns their clocks. They use two different Zoom apps:
// a second sign-in of one user to one app would revoke the first (Zoom error 4741).
func startPair(t *testing.T, env *fakeEnv, begin time.Time, ja, jb func(time.Duration) time.Duration) (a, b *fakeClock) {
	t.Helper()
	apps := []map[string]string{nil, {"client-id": "nodevice-client", "client-secret": "nodevice-secret"}}
	var clks []*fakeClock
	for i, jitter := range []func(time.Duration) time.Duration{ja, jb} {
		clk := newFakeClock(begin)
		opts := env.testOptions(t, clk, apps[i])
		opts.Store = storedSession(t, env, clk, apps[i])
		opts.jitter = jitter
		run(t, newService(t, opts))
		clks = append(clks, clk)
	}
	return clks[0], clks[1]
}

// TestAgentsStartedTogetherPollApart starts two agents at the same instant, each with a
// stored session, and checks that their first polls, and the ones after, do not come at
// the same instant. With the random source that always says 0 (the agent before polls were
// spread) both poll at once, so the check can fail.
func TestAgentsStartedTogetherPollApart(t *testing.T) {
	begin := time.Now().Truncate(time.Second)
	// The fake's clock stands still at begin; Business's 60 requests a second are enough.
	env := newFake(t, newFakeClock(begin), zoomtest.Options{AutoApprove: sam, Plan: zoomtest.PlanBusiness})
	zero := func(time.Duration) time.Duration { return 0 }
	a, b := startPair(t, env, begin, zero, zero)
	// Both poll at once at begin, and then plan the same instant.
	if at, bt := a.waitTimer(t, timerPoll), b.waitTimer(t, timerPoll); !at.Equal(bt) {
		t.Fatalf("without a random source: polls at %v and %v, want the same instant", at, bt)
	}
	a, b = startPair(t, env, begin, seededJitter(1), seededJitter(2))
	for i := range 3 {
		at, bt := a.waitTimer(t, timerPoll), b.waitTimer(t, timerPoll)
		limit := begin.Add(time.Duration(i+1)*pollFar + pollFar/20)
		if at.Sub(bt).Abs() < time.Second || !at.Before(limit) || !bt.Before(limit) {
			t.Errorf("poll %d: agents at +%v and +%v, want them apart and before +%v",
				i+1, at.Sub(begin), bt.Sub(begin), limit.Sub(begin))
		}
		a.advance(at)
		b.advance(bt)
		for _, c := range []struct {
			clk *fakeClock
			was time.Time
		}{{a, at}, {b, bt}} {
			testenv.Eventually(t, waitFor, "the next poll planned", func() bool {
				next, ok := c.clk.pending(timerPoll)
				return ok && next.After(c.was)
			})
		}
	}
}

// TestWakeSpreadsFirstPoll: a poll timer that fires long after its time (a wake from
// suspend) does not poll at once but plans the first poll within the interval.
func TestWakeSpreadsFirstPoll(t *testing.T) {
	clk := newFakeClock(time.Now().Truncate(time.Second))
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam})
	s := signedInService(t, env, clk, func(o *Options) { o.jitter = func(d time.Duration) time.Duration { return d / 2 } })
	due := clk.waitTimer(t, timerPoll)
	before := settled(t, env.zoom, 2)
	woke := due.Add(9 * time.Hour)
	clk.advance(woke)
	testenv.Eventually(t, waitFor, "the poll re-planned after the wake", func() bool {
		next, ok := clk.pending(timerPoll)
		return ok && next.After(woke)
	})
	if next, _ := clk.pending(timerPoll); !next.Equal(woke.Add(pollFar / 2)) {
		t.Errorf("first poll after the wake at +%v, want +%v (half the interval, from the random source)", next.Sub(woke), pollFar/2)
	}
	if got := meetingRequests(env.zoom); got != before {
		t.Errorf("meeting requests at the wake: got %d, want %d (none before the planned poll)", got-before, 0)
	}
	_ = s
}

// TestPollSlowsDownWhenQuotaRunsLow: a fake on the Free plan (2 Medium requests a second)
// that reports the quota on every answer leaves none after one poll's two requests, so the
// poller raises its pressure.
func TestPollSlowsDownWhenQuotaRunsLow(t *testing.T) {
	clk := newFakeClock(time.Now().Truncate(time.Second))
	env := newFake(t, clk, zoomtest.Options{AutoApprove: sam, Plan: zoomtest.PlanFree, RateLimitHeaders: true})
	s := signedInService(t, env, clk, nil)
	clk.waitTimer(t, timerPoll)
	s.mu.Lock()
	defer s.mu.Unlock()
	if got := s.sched.plan.Pressure(); got != 1 {
		t.Errorf("pressure after a poll that used up the second's quota: got %d, want 1", got)
	}
}
