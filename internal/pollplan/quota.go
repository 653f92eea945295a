package pollplan

import (
	"context"
	"net/http"
	"strconv"
	"sync"
)

// lowQuotaDiv: the account's quota is running low when less than 1/lowQuotaDiv of the
// per-second limit remains (20 of Business's 60 Medium requests). It lies above a large
// fleet's mean load (10,000 agents with a meeting a day average about 30 a second), so
// that only the agents in the seconds that come near the limit move; a threshold at the
// mean would move so many that the seconds stay as uneven as chance makes them.
//
// scripts/perf-fleet.sh compared values at 10,000 agents. With a meeting each a day: a
// sixth left 1 × 429 (seed 1); a third, none (seeds 1 to 3); a quarter, none (seeds 1 to
// 5, busiest second 58 of 60). With three meetings each (a mean of 43 a second) no value
// meets every goal: a third slowed so many agents that staleness p95 grew to half again
// the interval (a quarter: 11m9s at the 10-minute cadence; a sixth: 9m42s), for 521 × 429
// instead of 653 and 726 (two runs) at a quarter and 972 at a sixth. A separate threshold
// that only moved the phase, without slowing down, did as well with a meeting a day; with
// three it left 4,911 × 429 at a third (at the mean, it reshuffled the whole fleet at
// every poll), and 2,108 at a quarter with the slow-down at a sixth (staleness within the
// interval).
//
// With the transcript sync in the simulation (about 3 requests a second more at 10,000
// agents, as random as the polls), a quarter left 20 × 429 (recheck day) and 2 (first
// day), in the seconds where the polls alone came to 58; a third left none on both days
// (busiest second 60), with staleness p95 9m45s and 1m59s.
const lowQuotaDiv = 3

// Quota is what Zoom said about the account's quota in one answer: X-RateLimit-Limit and
// X-RateLimit-Remaining. The zero Quota means Zoom said nothing.
type Quota struct {
	Limit, Remaining int
}

// Low reports whether the quota is running low.
func (q Quota) Low() bool { return q.Limit > 0 && q.Remaining*lowQuotaDiv < q.Limit }

// tighter returns whichever of q and o leaves the smaller share of its limit.
func (q Quota) tighter(o Quota) Quota {
	switch {
	case o.Limit <= 0:
		return q
	case q.Limit <= 0:
		return o
	case o.Remaining*q.Limit < q.Remaining*o.Limit:
		return o
	}
	return q
}

// QuotaOf reads the quota headers of an answer; ok is false when they are missing or not
// numbers.
func QuotaOf(h http.Header) (q Quota, ok bool) {
	limit, err1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	rem, err2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	if err1 != nil || err2 != nil || limit <= 0 || rem < 0 {
		return Quota{}, false
	}
	return Quota{Limit: limit, Remaining: rem}, true
}

// QuotaWatch remembers the tightest quota that Zoom's answers reported since the last
// Take. Its Transport feeds it.
type QuotaWatch struct {
	mu sync.Mutex // guards q
	q  Quota
}

// Take returns the tightest quota seen since the last Take and forgets it.
func (w *QuotaWatch) Take() Quota {
	w.mu.Lock()
	defer w.mu.Unlock()
	q := w.q
	w.q = Quota{}
	return q
}

// see records one answer's quota.
func (w *QuotaWatch) see(h http.Header) {
	if q, ok := QuotaOf(h); ok {
		w.mu.Lock()
		w.q = w.q.tighter(q)
		w.mu.Unlock()
	}
}

// Transport returns base (http.DefaultTransport when nil) wrapped so that every answer's
// quota headers reach w.
func (w *QuotaWatch) Transport(base http.RoundTripper) http.RoundTripper {
	if base == nil {
		base = http.DefaultTransport
	}
	return watchTransport{w: w, base: base}
}

type watchTransport struct {
	w    *QuotaWatch
	base http.RoundTripper
}

func (t watchTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := t.base.RoundTrip(r)
	if err == nil {
		t.w.see(resp.Header)
		if o, ok := r.Context().Value(watchKey{}).(*QuotaWatch); ok {
			o.see(resp.Header)
		}
	}
	return resp, err
}

type watchKey struct{}

// WithWatch returns a context whose requests through a QuotaWatch's Transport report their
// answers' quota to w as well: the transcript sync's requests share the poller's client
// and learn the quota of their own answers.
func WithWatch(ctx context.Context, w *QuotaWatch) context.Context {
	return context.WithValue(ctx, watchKey{}, w)
}
