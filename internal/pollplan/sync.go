package pollplan

import (
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// The transcript sync's pace (the service's search index). The sync is background work on
// the account's shared quota, so it yields to everything else: it slows down at a quota
// that the meetings' polls still find roomy, and it begins every pass slowly.
//
// A pass is a run of requests (months of recordings listed, then one transcript or chat
// downloaded per request). Its first request comes at a random instant of SyncSpread, an
// hour (of SyncActiveGap while the user searches): agents that start, sign in or wake
// together, or whose rechecks came due during the night's suspend, spread their passes
// over the hour instead of beginning them at the same instant, when the meetings' polls
// of the wake are busiest. That first request cannot ask the account first, so its spread
// alone keeps a fleet's first requests to a few a second. The gap after a request is the base gap (SyncIdleGap, or
// SyncActiveGap while the user searches) times the pace's multiplier, stretched by up to
// half at random. The multiplier begins a pass at syncMaxMul, the slowest pace (one
// request an hour), and:
//   - halves (to 1 at least) after each answer that finds the account quiet, at most a
//     tenth of its per-second limit used (Quota.Quiet), unless this pass found it busy or
//     a 429 came since the last complete pass;
//   - shrinks by syncEase after an answer that finds at most a quarter used, or that
//     says nothing about the quota (Zoom may send no quota headers on a success);
//   - doubles (up to syncMaxMul) after an answer that finds more used (Quota.Crowded);
//   - goes to syncMaxMul at a 429, and the sync waits out a backoff; until a pass
//     completes, the passes after it ease by syncEase only, and a search does not speed
//     them up.
//
// So a lone agent on a quiet account reaches its full pace about an hour after its first
// request, while a fleet whose passes begin together starts at a 180th of it and climbs
// only as far as the account has room: 10,000 agents beginning passes at once send about
// 3 requests a second, not 500. A slow start of a tenth of the pace (as first built) let
// 10,000 agents climb to 8 a second within the hour, since an agent learns of the
// account's load only once per request, and passed Business's 60 a second at the wake.
const (
	SyncIdleGap   = 20 * time.Second
	SyncActiveGap = 2 * time.Second
	SyncSpread    = time.Hour
	// SyncRecheck is the wait after a complete pass before the next one begins, lengthened
	// by up to a third at random; with the next pass's spread, a pass follows the last
	// about every hour (from 30 minutes to an hour and 40).
	SyncRecheck = 30 * time.Minute
	// SyncBusyRecheck replaces SyncRecheck after a pass that found the account busy (an
	// answer over a quarter of the second's limit used, or a 429): new recordings can
	// wait a little longer for their transcripts (a search still starts a pass at once),
	// while the meetings' polls cannot. On a Business account of 10,000 agents with three
	// meetings a day each, the hourly rechecks alone added 2.6 requests a second.
	SyncBusyRecheck = 2 * time.Hour
	// SyncBackoffMin and SyncBackoffMax bound the wait after a failed request: 1, 2, 4, 8,
	// 16, then 30 minutes, each lengthened by up to a half at random, and never before
	// Zoom's Retry-After or X-RateLimit-Reset.
	SyncBackoffMin = time.Minute
	SyncBackoffMax = 30 * time.Minute

	syncUsedDiv        = 4   // the sync yields once a quarter of the second's limit is used (polls: two thirds)
	syncActiveStartMul = 5.0 // a search brings a slow start down to this (10 s between requests)
	syncMaxMul         = 180.0
	syncEase           = 0.8
	syncQuietDiv       = 10 // a quiet account: at most a tenth of the second's limit used
	syncStretch        = 0.5
)

// Pacer paces one agent's transcript sync. It is not safe for concurrent use: the sync's
// one goroutine owns it.
type Pacer struct {
	rand     func(time.Duration) time.Duration // returns a duration in [0, d)
	mul      float64                           // the multiplier of the base gap, 1 .. syncMaxMul
	pressed  bool                              // a quota in this pass said the account is busy, or limited
	limited  bool                              // a 429 came since the last complete pass
	first    bool                              // no request of this pass was answered yet
	frac     float64                           // this wait's random part, in [0, 1)
	failures int                               // consecutive failed requests
}

// NewPacer returns a Pacer whose random parts come from rand, which returns a duration in
// [0, d).
func NewPacer(rand func(time.Duration) time.Duration) *Pacer {
	p := &Pacer{rand: rand, mul: syncMaxMul}
	p.draw()
	return p
}

func (p *Pacer) draw() {
	p.frac = float64(p.rand(phaseSteps)) / float64(phaseSteps)
}

// Begin starts a pass: Wait gives the delay of its first request from now on, and the pace
// starts slowly again.
func (p *Pacer) Begin() {
	p.mul = syncMaxMul
	p.pressed, p.first = p.limited, true
	p.draw()
}

// Wait returns how long after the previous request of the pass (after Begin: after the
// pass began) the next one goes. active says that the user searched recently: a search
// waits for the sync's results, so it shortens the gap and a slow start (not a slow-down
// that the account's quota asked for).
func (p *Pacer) Wait(active bool) time.Duration {
	if p.first {
		span := SyncSpread
		if active {
			span = SyncActiveGap
		}
		return time.Duration(p.frac * float64(span))
	}
	base := SyncIdleGap
	if active {
		base = SyncActiveGap
		if !p.pressed {
			p.mul = min(p.mul, syncActiveStartMul)
		}
	}
	return time.Duration(float64(base) * p.mul * (1 + syncStretch*p.frac))
}

// Answered records a request that succeeded; q is the quota its answer reported (zero
// when it said nothing, which counts as room to spare).
func (p *Pacer) Answered(q Quota) {
	p.failures, p.first = 0, false
	switch {
	case q.Crowded():
		p.mul, p.pressed = min(p.mul*2, syncMaxMul), true
	case q.Quiet() && !p.pressed:
		p.mul = max(p.mul/2, 1)
	default:
		p.mul = max(p.mul*syncEase, 1)
	}
	p.draw()
}

// Failed records a failed request at now and returns how long the sync waits before it
// tries again. A 429 also slows the pace to its slowest, so that the requests after the
// recovery leave the account's quota to the rest.
func (p *Pacer) Failed(now time.Time, err error) time.Duration {
	p.failures++
	p.first = false
	if zoomapi.IsRateLimited(err) {
		p.mul, p.pressed, p.limited = syncMaxMul, true, true
	}
	d := min(SyncBackoffMin<<min(p.failures-1, 5), SyncBackoffMax)
	d += p.rand(d / 2)
	if ra, ok := zoomapi.RetryAfter(err); ok && ra.Sub(now) > d {
		d = ra.Sub(now)
	}
	p.draw()
	return d
}

// Recheck returns the wait after a complete pass before the next one begins: SyncRecheck,
// or SyncBusyRecheck when the pass found the account busy, lengthened by up to a third.
func (p *Pacer) Recheck() time.Duration {
	wait := SyncRecheck
	if p.pressed || p.limited {
		wait = SyncBusyRecheck
	}
	p.limited = false
	return wait + p.rand(wait/3)
}

// Crowded reports whether more than a quarter of the quota's per-second limit is used: the
// transcript sync slows down (a Quota the polls find Low is Crowded too). An answer reads
// the quota part-way through its second, on average half-way, so a quarter used by then
// means that the account is heading for about half of its limit in that second.
func (q Quota) Crowded() bool { return q.Limit > 0 && (q.Limit-q.Remaining)*syncUsedDiv > q.Limit }

// Quiet reports whether at most a tenth of the quota's per-second limit is used: the
// transcript sync speeds up quickly. A quota that says nothing is not quiet.
func (q Quota) Quiet() bool { return q.Limit > 0 && (q.Limit-q.Remaining)*syncQuietDiv <= q.Limit }
