package pollplan

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// day is a Monday 00:00 UTC; the plans depend on no wall clock.
var day = time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)

// seeded returns a deterministic random source in [0, d).
func seeded(seed uint64) func(time.Duration) time.Duration {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return func(d time.Duration) time.Duration {
		if d <= 0 {
			return 0
		}
		return time.Duration(r.Int64N(int64(d)))
	}
}

// zero is the random source that always says 0: phase 0, no jitter.
func zero(time.Duration) time.Duration { return 0 }

// meeting is a timed meeting of 30 minutes starting at start.
func meeting(start time.Time) zoomapi.Meeting {
	return zoomapi.Meeting{StartTime: start, Duration: 30}
}

// polls runs p from a start at begin until end, every poll succeeding with ms, and returns
// the poll times.
func polls(p *Planner, begin, end time.Time, ms []zoomapi.Meeting) []time.Time {
	var out []time.Time
	for at := p.Resume(begin, ms); at.Before(end); at = p.Success(at, ms, Quota{}) {
		out = append(out, at)
	}
	return out
}

// TestAgentsStartedTogetherDoNotPollTogether starts two agents at the same instant (a 9:00
// wake) with the same meetings and checks that no poll of the one falls in the same second
// as a poll of the other, all day, far and near a meeting. With a random source that
// always says 0 (no phase, no jitter: the poller before this package) they poll in step.
func TestAgentsStartedTogetherDoNotPollTogether(t *testing.T) {
	begin, end := day.Add(9*time.Hour), day.Add(18*time.Hour)
	ms := []zoomapi.Meeting{meeting(day.Add(10 * time.Hour)), meeting(day.Add(14*time.Hour + 30*time.Minute))}
	run := func(r1, r2 func(time.Duration) time.Duration) (a, b []time.Time) {
		return polls(New(r1, 0), begin, end, ms), polls(New(r2, 0), begin, end, ms)
	}
	a, b := run(seeded(1), seeded(2))
	if len(a) < 54 || len(b) < 54 {
		t.Fatalf("polls: got %d and %d, want at least 54 each (9 hours at 10 minutes)", len(a), len(b))
	}
	seconds := map[int64]bool{}
	for _, at := range a {
		seconds[at.Unix()] = true
	}
	for _, at := range b {
		if seconds[at.Unix()] {
			t.Errorf("both agents poll at %v", at.Format(time.TimeOnly))
		}
	}
	a0, b0 := run(zero, zero)
	if len(a0) != len(b0) || a0[0] != b0[0] || a0[len(a0)-1] != b0[len(b0)-1] {
		t.Errorf("without a random source: got %d and %d polls, want the same instants (the test must be able to fail)", len(a0), len(b0))
	}
}

// TestFleetSpread starts 1,000 agents at the same instant and checks that their first
// polls, and their polls an hour later, spread evenly over the 10-minute interval.
func TestFleetSpread(t *testing.T) {
	begin := day.Add(9 * time.Hour)
	r := seeded(7)
	first := make([]int, 60) // 10-second buckets of the interval
	later := make([]int, 60)
	for range 1000 {
		p := New(r, 0)
		at := p.Resume(begin, nil)
		first[int(at.Sub(begin)/(10*time.Second))]++
		for at.Before(begin.Add(time.Hour)) {
			at = p.Success(at, nil, Quota{})
		}
		later[int(at.Sub(begin.Add(time.Hour))/(10*time.Second))%60]++
	}
	for name, buckets := range map[string][]int{"first polls": first, "an hour later": later} {
		if m := maxOf(buckets); m > 40 { // 16.7 expected per bucket
			t.Errorf("%s: %d polls in one 10-second bucket, want them spread (at most 40): %v", name, m, buckets)
		}
	}
}

func maxOf(xs []int) int {
	m := 0
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}

// TestCadence counts the polls in a window with phase 0 and no jitter, started on a
// 10-minute mark, for the meetings of each case.
func TestCadence(t *testing.T) {
	begin := day.Add(9 * time.Hour)
	tests := []struct {
		name   string
		starts []time.Duration // meetings of 30 minutes, relative to begin
		allDay bool
		window time.Duration
		want   int
	}{
		{"idle hour", nil, false, time.Hour, 6},
		{"all-day meeting", []time.Duration{-time.Hour}, true, time.Hour, 6},
		{"meeting tomorrow", []time.Duration{24 * time.Hour}, false, time.Hour, 6},
		{"meeting in 10 minutes", []time.Duration{10 * time.Minute}, false, 30 * time.Minute, 15},
		{"meeting live", []time.Duration{-10 * time.Minute}, false, 20 * time.Minute, 10},
		// 0, 10, 20, then near from 25: the 2-minute marks 26 ... 38.
		{"meeting in 40 minutes", []time.Duration{40 * time.Minute}, false, 40 * time.Minute, 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ms []zoomapi.Meeting
			for _, d := range tt.starts {
				m := meeting(begin.Add(d))
				if tt.allDay {
					m.IsAllDay, m.Duration = true, 1440
				}
				ms = append(ms, m)
			}
			got := polls(New(zero, 0), begin, begin.Add(tt.window), ms)
			if len(got) != tt.want {
				t.Errorf("polls in %v: got %d, want %d: %v", tt.window, len(got), tt.want, got)
			}
		})
	}
}

// TestNearCadenceBeforeStart checks for many phases that the near cadence starts within 2
// minutes (and its jitter) of the meeting coming within 15 minutes, and keeps polls at
// most 2 minutes (and jitter) apart until the meeting ends: a change made before the near
// window shows at least 13 minutes before the start.
func TestNearCadenceBeforeStart(t *testing.T) {
	start := day.Add(10 * time.Hour)
	ms := []zoomapi.Meeting{meeting(start)}
	r := seeded(3)
	for range 200 {
		p := New(r, 0)
		ps := polls(p, day.Add(9*time.Hour), start.Add(30*time.Minute), ms)
		var firstNear time.Time
		for i, at := range ps {
			if at.Before(start.Add(-NearWindow)) {
				continue
			}
			if firstNear.IsZero() {
				firstNear = at
			} else if gap := at.Sub(ps[i-1]); gap > Near+maxJitter {
				t.Fatalf("phase %.3f: polls %v apart near the meeting, want at most %v", p.Phase(), gap, Near+maxJitter)
			}
		}
		if late := firstNear.Sub(start.Add(-NearWindow)); late > Near+maxJitter {
			t.Fatalf("phase %.3f: first near poll %v into the near window, want at most %v", p.Phase(), late, Near+maxJitter)
		}
	}
}

func TestFailureBackoff(t *testing.T) {
	now := day.Add(9 * time.Hour)
	p := New(zero, 0)
	for i, want := range []time.Duration{1, 2, 4, 8, 15, 15} {
		if got := p.Failure(now, errors.New("reset")).Sub(now); got != want*time.Minute {
			t.Errorf("backoff after failure %d: got %v, want %v", i+1, got, want*time.Minute)
		}
	}
	if p.Pressure() != 0 {
		t.Errorf("pressure after network failures: got %d, want 0", p.Pressure())
	}
	p.Success(now, nil, Quota{})
	if p.Failures() != 0 {
		t.Errorf("failures after a success: got %d, want 0", p.Failures())
	}
	jittered := New(func(d time.Duration) time.Duration { return d - 1 }, 0)
	if got := jittered.Failure(now, errors.New("reset")).Sub(now); got < time.Minute || got >= time.Minute+15*time.Second {
		t.Errorf("jittered backoff: got %v, want in [1m, 1m15s)", got)
	}
}

// TestRateLimited: a per-second 429 backs off, never before its X-RateLimit-Reset, and
// leaves the agent slowed down for the polls after it.
func TestRateLimited(t *testing.T) {
	now := day.Add(9 * time.Hour)
	qps := &zoomapi.Error{Status: http.StatusTooManyRequests, Code: 429, LimitType: "QPS", RetryAfter: now.Add(time.Second)}
	p := New(seeded(5), 0)
	if at := p.Failure(now, qps); at.Sub(now) < BackoffMin {
		t.Errorf("after a 429: next poll in %v, want at least %v", at.Sub(now), BackoffMin)
	}
	daily := &zoomapi.Error{Status: http.StatusTooManyRequests, Code: 429, RetryAfter: now.Add(15 * time.Hour)}
	if at := p.Failure(now, daily); !at.Equal(daily.RetryAfter) {
		t.Errorf("after a daily 429: next poll at %v, want its Retry-After %v", at, daily.RetryAfter)
	}
	if p.Pressure() != maxPressure {
		t.Errorf("pressure after a 429: got %d, want %d", p.Pressure(), maxPressure)
	}
}

// TestPressure: quota running low slows the agent down, by a random amount, and a poll
// with room to spare lowers the pressure again.
func TestPressure(t *testing.T) {
	now := day.Add(9 * time.Hour)
	gaps := func(q Quota) time.Duration {
		var total time.Duration
		r := seeded(9)
		for range 200 {
			p := New(r, 0)
			at := p.Success(now, nil, q)
			total += p.Success(at, nil, q).Sub(at)
		}
		return total / 200
	}
	calm, busy := gaps(Quota{Limit: 60, Remaining: 40}), gaps(Quota{Limit: 60, Remaining: 5})
	if calm > Far+maxJitter || busy < calm+Far/4 {
		t.Errorf("mean interval: calm %v, quota running low %v; want about %v, and at least a quarter interval more", calm, busy, Far)
	}
	p := New(zero, 0)
	p.Success(now, nil, Quota{Limit: 60, Remaining: 1})
	p.Success(now, nil, Quota{Limit: 60, Remaining: 1})
	for i := range calmToEase {
		if p.Pressure() != 2 {
			t.Errorf("pressure after low, low and %d calm polls: got %d, want 2", i, p.Pressure())
		}
		p.Success(now, nil, Quota{Limit: 60, Remaining: 59})
	}
	if p.Pressure() != 1 {
		t.Errorf("pressure after low, low and %d calm polls: got %d, want 1", calmToEase, p.Pressure())
	}
}

func TestQuotaWatch(t *testing.T) {
	remaining := []string{"30", "4", "50", ""}
	i := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if remaining[i] != "" {
			w.Header().Set("X-RateLimit-Limit", "60")
			w.Header().Set("X-RateLimit-Remaining", remaining[i])
		}
		i++
	}))
	t.Cleanup(srv.Close)
	var qw QuotaWatch
	c := &http.Client{Transport: qw.Transport(nil), Timeout: 10 * time.Second}
	for range 3 {
		resp, err := c.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if got, want := qw.Take(), (Quota{Limit: 60, Remaining: 4}); got != want || !got.Low() {
		t.Errorf("Take: got %+v, want %+v, low", got, want)
	}
	resp, err := c.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := qw.Take(); got != (Quota{}) || got.Low() {
		t.Errorf("Take after an answer without headers: got %+v, want zero, not low", got)
	}
}

// TestCrowdedSecondMovesPhase: an agent whose poll found its second nearly used up moves
// to a new phase; one with room to spare keeps its phase, and its polls keep to the same
// second of the interval, so that the count of a second is steady from one interval to
// the next.
func TestCrowdedSecondMovesPhase(t *testing.T) {
	now := day.Add(9 * time.Hour)
	p := New(seeded(11), 0)
	at := p.Resume(now, nil)
	phase := p.Phase()
	second := at.Sub(at.Truncate(Far)) / time.Second
	for range 5 {
		at = p.Success(at, nil, Quota{Limit: 60, Remaining: 30})
		if got := at.Sub(at.Truncate(Far)) / time.Second; got != second || p.Phase() != phase {
			t.Fatalf("calm poll at second %d of the interval, phase %v; want second %d, phase %v", got, p.Phase(), second, phase)
		}
	}
	p.Success(at, nil, Quota{Limit: 60, Remaining: 2})
	if p.Phase() == phase {
		t.Errorf("phase after a crowded second: got %v again, want a new one", phase)
	}
}

// hostedPolls polls n times at the far cadence after a wake at now and returns the indexes
// of the polls that fetched the hosted list.
func hostedPolls(p *Planner, now time.Time, n int) []int {
	var got []int
	at := p.Resume(now, nil)
	for i := range n {
		h := p.FetchHosted(at)
		if h {
			got = append(got, i)
		}
		p.Fetched(at, h)
		at = p.Success(at, nil, Quota{})
	}
	return got
}

// TestHostedListAfterWake: after a wake an agent fetches the hosted list at one of its
// first HostedEvery polls, chosen at random so that a fleet waking together spreads them,
// and then at every HostedEvery-th; after a sign-in, at the first.
func TestHostedListAfterWake(t *testing.T) {
	now := day.Add(9 * time.Hour)
	firsts := map[int]int{}
	for seed := range uint64(300) {
		got := hostedPolls(New(seeded(seed), 0), now, 9)
		if len(got) != 3 || got[1]-got[0] != HostedEvery || got[2]-got[1] != HostedEvery {
			t.Fatalf("seed %d: hosted list at polls %v, want every %d", seed, got, HostedEvery)
		}
		firsts[got[0]]++
	}
	for i := range HostedEvery {
		if firsts[i] < 60 {
			t.Errorf("first hosted list at poll %d for %d of 300 agents, want about 100 (%v)", i, firsts[i], firsts)
		}
	}
	if got := hostedPolls(New(zero, 0), now, 6); len(got) != 2 || got[0] != HostedEvery-1 {
		t.Errorf("without jitter: hosted list at polls %v, want %d and %d", got, HostedEvery-1, 2*HostedEvery-1)
	}
	p := New(seeded(1), 0)
	p.Resume(now, nil)
	p.Fetched(now, true)
	p.Reset()
	if !p.FetchHosted(now.Add(Near)) {
		t.Error("after a sign-in: the poll skips the hosted list, want both lists")
	}
}
