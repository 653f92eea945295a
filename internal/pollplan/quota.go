package pollplan

import (
	"net/http"
	"strconv"
	"sync"
)

// lowQuotaDiv: the account's quota is running low when less than 1/lowQuotaDiv of the
// per-second limit remains (10 of Business's 60 Medium requests). It lies above a large
// fleet's mean load (10,000 agents average about 45 a second), so that only the agents
// in the seconds that come near the limit move; a threshold at the mean would move so
// many that the seconds stay as uneven as chance makes them. internal/perf/cmd/fleet compares
// values: 1/4 and 1/6 did about as well, 1/10 left twice as many 429s.
const lowQuotaDiv = 6

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
	}
	return resp, err
}
