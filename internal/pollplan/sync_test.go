package pollplan

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// roomy is an answer that leaves most of Business's 60 Medium requests of the second.
var roomy = Quota{Limit: 60, Remaining: 50}

// TestSyncPassesBegunTogetherSpread begins the passes of 1,000 agents at the same instant
// (a 9:00 wake after a night in which every agent's hourly recheck came due) and counts
// their first requests per second: spread over SyncSpread, the busiest second holds a
// few, not a thousand. Without a random part (the zero source) they all go at once.
func TestSyncPassesBegunTogetherSpread(t *testing.T) {
	first := func(rand func(time.Duration) time.Duration) map[time.Duration]int {
		perSecond := map[time.Duration]int{}
		for range 1000 {
			p := NewPacer(rand)
			p.Begin()
			w := p.Wait(false)
			if w < 0 || w >= SyncSpread {
				t.Fatalf("first request after %v, want within [0, %v)", w, SyncSpread)
			}
			perSecond[w.Truncate(time.Second)]++
		}
		return perSecond
	}
	busiest := 0
	for _, n := range first(seeded(7)) {
		busiest = max(busiest, n)
	}
	// 1,000 over 3,600 seconds is 0.3 a second on average.
	if busiest > 5 {
		t.Errorf("busiest second holds %d first requests of 1,000, want at most 5", busiest)
	}
	if n := first(zero)[0]; n != 1000 {
		t.Errorf("zero source: %d of 1,000 first requests in second 0, want all (the test must be able to fail)", n)
	}
	// Two agents begun at the same instant do not send their first request in the same second.
	a, b := NewPacer(seeded(1)), NewPacer(seeded(2))
	a.Begin()
	b.Begin()
	if wa, wb := a.Wait(false), b.Wait(false); wa.Truncate(time.Second) == wb.Truncate(time.Second) {
		t.Errorf("two agents' first requests at %v and %v: the same second", wa, wb)
	}
}

// gaps answers n requests of a pass with q and returns the waits between them.
func gaps(p *Pacer, n int, active bool, q Quota) []time.Duration {
	var out []time.Duration
	for range n {
		p.Answered(q)
		out = append(out, p.Wait(active))
	}
	return out
}

// quiet is an answer from an account that does little else: 1 of 60 used in the second.
var quiet = Quota{Limit: 60, Remaining: 59}

// TestSyncSlowStart checks a lone agent's pass: it begins at the slowest pace, never goes
// faster than SyncIdleGap, and on a quiet account reaches it about an hour after its first
// request; an account with less room (roomy, not quiet) eases it more slowly.
func TestSyncSlowStart(t *testing.T) {
	p := NewPacer(zero)
	p.Begin()
	if w := p.Wait(false); w != 0 {
		t.Fatalf("zero source: first request after %v, want at once", w)
	}
	g := gaps(p, 40, false, quiet)
	if g[0] < 60*SyncIdleGap {
		t.Errorf("second request after %v, want a slow start (at least %v)", g[0], 60*SyncIdleGap)
	}
	var total time.Duration
	for i, w := range g {
		if w < SyncIdleGap || (i > 0 && w > g[i-1]) {
			t.Fatalf("gaps %v: want never below %v and never growing on a quiet account", g, SyncIdleGap)
		}
		if w > SyncIdleGap {
			total += w
		}
	}
	if g[len(g)-1] != SyncIdleGap || total > 75*time.Minute {
		t.Errorf("full pace %v after %v of slow start, want %v within about an hour", g[len(g)-1], total, SyncIdleGap)
	}
	// An answer without quota headers (Zoom may send none on success) counts as roomy:
	// it keeps the full pace.
	if w := gaps(p, 1, false, Quota{})[0]; w != SyncIdleGap {
		t.Errorf("after an answer without quota: %v, want %v", w, SyncIdleGap)
	}
	// A search shortens the gap and the slow start of a new pass.
	if w := gaps(p, 1, true, roomy)[0]; w != SyncActiveGap {
		t.Errorf("while the user searches: %v, want %v", w, SyncActiveGap)
	}
	p.Begin()
	p.Answered(roomy)
	if w := p.Wait(true); w > 5*SyncActiveGap {
		t.Errorf("a search at a pass's slow start: %v, want at most %v", w, 5*SyncActiveGap)
	}
	if q, r := gaps(NewPacer(zero), 3, false, quiet)[2], gaps(NewPacer(zero), 3, false, roomy)[2]; r <= q {
		t.Errorf("after 3 answers: %v with a sixth of the quota used, %v with a sixtieth; want the busier account eased more slowly", r, q)
	}
}

// TestSyncYieldsBeforePolls checks that the sync slows down at a quota that the meetings'
// polls still find roomy (more than a quarter of the second's limit used, less than two
// thirds), comes back up when the account has room again, and that a search does not undo
// a slow-down the account asked for.
func TestSyncYieldsBeforePolls(t *testing.T) {
	busy := Quota{Limit: 60, Remaining: 40} // 20 of 60 used so far in this second
	if busy.Low() {
		t.Fatalf("%+v is low for the polls; the test needs a quota they find roomy", busy)
	}
	p := NewPacer(zero)
	p.Begin()
	g := gaps(p, 40, false, roomy)
	full := g[len(g)-1]
	slowed := gaps(p, 3, false, busy)
	if slowed[0] != 2*full || slowed[2] != 8*full {
		t.Errorf("gaps after busy answers %v, want doubling from %v", slowed, full)
	}
	if w := gaps(p, 20, false, busy)[19]; w != 180*SyncIdleGap {
		t.Errorf("gap after many busy answers: %v, want the slowest, %v (an hour)", w, 180*SyncIdleGap)
	}
	if w := p.Wait(true); w != 180*SyncActiveGap {
		t.Errorf("a search after busy answers: %v, want the account's slow-down kept (%v)", w, 180*SyncActiveGap)
	}
	if w := gaps(p, 30, false, roomy)[29]; w != SyncIdleGap {
		t.Errorf("after 30 roomy answers: %v, want the full pace again", w)
	}
	if w := gaps(p, 1, false, Quota{Limit: 60, Remaining: 45})[0]; w != SyncIdleGap {
		t.Errorf("a quarter of the limit used: %v, want the full pace kept", w)
	}
}

// TestSyncBacksOff checks the waits after failed requests: growing to 30 minutes with a
// random part of up to a half, never before Retry-After, and after a 429 the slowest pace.
func TestSyncBacksOff(t *testing.T) {
	now := day.Add(9 * time.Hour)
	p := NewPacer(seeded(3))
	p.Begin()
	gaps(p, 40, false, roomy)
	offline := errors.New("network is unreachable")
	for i, want := range []time.Duration{1, 2, 4, 8, 16, 30, 30} {
		want *= time.Minute
		if w := p.Failed(now, offline); w < want || w >= want*3/2 {
			t.Errorf("failure %d: wait %v, want in [%v, %v)", i+1, w, want, want*3/2)
		}
	}
	p.Answered(roomy)
	if w := p.Wait(false); w >= 2*SyncIdleGap {
		t.Errorf("a network failure slowed the pace to %v; only the account's quota should", w)
	}
	qps := &zoomapi.Error{Status: http.StatusTooManyRequests, Code: 429, LimitType: "QPS", RetryAfter: now.Add(2 * time.Hour)}
	if w := p.Failed(now, qps); w != 2*time.Hour {
		t.Errorf("after a 429 with Retry-After in 2 h: wait %v", w)
	}
	if w := p.Wait(false); w < 180*SyncIdleGap {
		t.Errorf("after a 429: gap %v, want the slowest pace (%v)", w, 180*SyncIdleGap)
	}
	if r := p.Recheck(); r < SyncBusyRecheck || r >= SyncBusyRecheck*4/3 {
		t.Errorf("recheck after a pass with a 429: %v, want within a third after %v", r, SyncBusyRecheck)
	}
}

// TestSyncRechecksLaterOnABusyAccount checks the wait after a complete pass: about half an
// hour after a pass whose answers found room, about two hours after one that found the
// account crowded, and half an hour again once a pass finds room.
func TestSyncRechecksLaterOnABusyAccount(t *testing.T) {
	p := NewPacer(seeded(5))
	for i, tc := range []struct {
		answers []Quota
		want    time.Duration
	}{
		{[]Quota{roomy, roomy}, SyncRecheck},
		{[]Quota{roomy, {Limit: 60, Remaining: 40}, roomy}, SyncBusyRecheck},
		{[]Quota{{}}, SyncRecheck}, // no quota headers: nothing says busy
		{[]Quota{{Limit: 60, Remaining: 50}}, SyncRecheck},
	} {
		p.Begin()
		for _, q := range tc.answers {
			p.Answered(q)
		}
		if r := p.Recheck(); r < tc.want || r >= tc.want*4/3 {
			t.Errorf("pass %d: recheck after %v, want within a third after %v", i, r, tc.want)
		}
	}
}
