// Package pollplan decides when a zoomtray agent next asks Zoom for its meetings.
//
// Zoom's rate limits belong to the account, shared by every app of every user in it
// (Business: 60 Medium requests a second). A company that deploys the agent to thousands
// of people must not have their polls line up, so each agent keeps its own random phase:
// it polls at phase·interval past every multiple of the interval, plus a small jitter, and
// a start, a wake from suspend or a move to the near-meeting cadence lands on the agent's
// own slot instead of on the same instant for everybody. When Zoom signals that the
// account is busy (a 429, or X-RateLimit-Remaining running low in the second of the poll)
// the agent slows down, by a random amount so that the fleet's load falls smoothly, and
// draws a new phase, so that the seconds the account fills up empty out.
//
// The service's poller and the fleet simulator (internal/perf/cmd/fleet) use this one Planner.
package pollplan

import (
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// Cadence. A meetings poll costs 2 requests, so polling every 10 minutes plus the hourly
// token refresh is 13 requests per idle signed-in hour. Near a meeting (starting within
// NearWindow, or live) the list is polled every 2 minutes so that changes and the live
// state show quickly, and a change made before the meeting enters NearWindow shows before
// it starts.
const (
	Far        = 10 * time.Minute
	Near       = 2 * time.Minute
	NearWindow = 15 * time.Minute
	BackoffMin = time.Minute
	BackoffMax = 15 * time.Minute
)

// Spreading and pressure.
const (
	// maxJitter: every poll comes at a random instant of the second its slot falls in, so
	// that two agents that drew nearly the same phase do not send their requests at the
	// same instant. It stays within that second on purpose: Zoom counts requests per
	// second, and an agent whose poll found its second crowded moves its phase (Success),
	// which only empties that second if the agent's polls keep to their second.
	maxJitter = time.Second
	// maxPressure bounds the slow-down: at pressure p an agent skips 0 to p of its slots
	// at random (p/2 on average), so the fleet's rate falls by a third at pressure 1 and
	// by half at 2, smoothly rather than in step.
	maxPressure = 2
	// calmToEase is how many polls in a row must find room to spare before the pressure
	// falls by one: a fleet that overloads its account eases off slowly, instead of
	// swinging back to full speed and into the limit again.
	calmToEase = 3
	// phaseSteps is the resolution of the phase drawn from the random source.
	phaseSteps = time.Duration(1 << 30)
)

// Planner plans the polls of one agent. It is not safe for concurrent use: its owner
// guards it (the service with its mutex).
type Planner struct {
	rand     func(time.Duration) time.Duration // returns a duration in [0, d)
	scale    float64                           // divides intervals when above 1 (simulations)
	phase    float64                           // in [0, 1): where in each interval this agent polls
	failures int                               // consecutive failed polls
	pressure int                               // 0 .. maxPressure: how much the account asked to slow down
	calm     int                               // polls with room to spare since the pressure last changed
}

// redraw moves the agent to a new random phase: its polls fell in a second the account had
// nearly used up, and with the same phase they would fall in that second again.
func (p *Planner) redraw() {
	p.phase = float64(p.rand(phaseSteps)) / float64(phaseSteps)
}

// New returns a Planner whose phase is drawn from rand, which returns a random duration in
// [0, d); Resume and a crowded second (Success, Failure) draw it anew. timeScale, when
// above 1, divides every interval and backoff, for simulations only.
func New(rand func(time.Duration) time.Duration, timeScale float64) *Planner {
	return &Planner{rand: rand, scale: timeScale, phase: float64(rand(phaseSteps)) / float64(phaseSteps)}
}

// Phase returns the agent's phase in [0, 1).
func (p *Planner) Phase() float64 { return p.phase }

// Resume plans the first poll after a start or a wake from suspend at now, from the
// meetings known before (the disk cache, or the list before the suspend): a random time
// within the interval of the cadence they call for (the near one when a meeting is live or
// about to start). So a fleet of laptops that wake at 9:00 spreads its polls over the
// interval instead of sending them all at 9:00; the polls after it keep to the agent's
// phase, which Resume sets to where this first poll falls in the interval.
func (p *Planner) Resume(now time.Time, known []zoomapi.Meeting) time.Time {
	near, nearAt := cadence(known, now)
	every := p.scaled(Far)
	if near {
		every = p.scaled(Near)
	}
	at := now.Add(p.rand(every))
	// The polls after this one keep its place in the interval: a phase drawn apart from
	// it would add a second poll within the first interval for half the agents.
	p.phase = float64(at.Sub(at.Truncate(every))) / float64(every)
	if !near && !nearAt.IsZero() {
		at = p.nearFirst(at, now, nearAt)
	}
	return at
}

// Success plans the poll after a successful one at now that returned ms. quota is the
// tightest X-RateLimit-Remaining the poll saw (zero when Zoom sent none): running low
// raises the pressure and moves the agent to a new phase, out of the crowded second, and a
// poll with room to spare lowers the pressure again.
func (p *Planner) Success(now time.Time, ms []zoomapi.Meeting, quota Quota) time.Time {
	p.failures = 0
	switch {
	case quota.Low():
		p.pressure = min(p.pressure+1, maxPressure)
		p.calm = 0
		p.redraw()
	case p.pressure > 0:
		if p.calm++; p.calm >= calmToEase {
			p.pressure, p.calm = p.pressure-1, 0
		}
	}
	// From the next second on: this poll's slot is done, and the jitter keeps a slot in
	// its own second.
	g := p.grain(p.scaled(Near))
	at := p.plan(now, now.Truncate(g).Add(g), ms)
	if !at.After(now) { // a near-cadence start within this second, or time scaled to nothing
		at = now.Add(max(g, time.Millisecond))
	}
	return at
}

// Failure plans the retry after a failed poll at now: 1, 2, 4, 8, then 15 minutes, each
// lengthened by up to a quarter at random, and never before Zoom's Retry-After or
// X-RateLimit-Reset. A 429 also sets the pressure to its maximum, so that the polls after
// the recovery stay slowed down for a while (after a 429 the whole fleet's rate falls),
// and moves the agent to a new phase.
func (p *Planner) Failure(now time.Time, err error) time.Time {
	p.failures++
	if zoomapi.IsRateLimited(err) {
		p.pressure, p.calm = maxPressure, 0
		p.redraw()
	}
	d := min(BackoffMin<<min(p.failures-1, 4), BackoffMax)
	at := now.Add(p.scaled(d + p.rand(d/4)))
	if ra, ok := zoomapi.RetryAfter(err); ok && ra.After(at) {
		at = ra
	}
	return at
}

// Reset forgets the failures, as after a new sign-in.
func (p *Planner) Reset() { p.failures = 0 }

// Failures returns the number of consecutive failed polls.
func (p *Planner) Failures() int { return p.failures }

// Pressure returns how far the account asked this agent to slow down (0: not at all).
func (p *Planner) Pressure() int { return p.pressure }

// plan returns the poll after from (the first slot at or after it) for the meetings ms
// known at now, with the slots the pressure skips and the per-poll jitter. When the near cadence
// begins before that slot (a meeting comes within NearWindow), the first near slot after
// that moment wins, without the pressure's delay, so that the meeting's changes still
// show before it starts.
func (p *Planner) plan(now, from time.Time, ms []zoomapi.Meeting) time.Time {
	near, nearAt := cadence(ms, now)
	every := p.scaled(Far)
	if near {
		every = p.scaled(Near)
	}
	at := p.slot(from, every)
	if p.pressure > 0 {
		skip := (p.rand(time.Duration(p.pressure)*every) + every/2) / every
		at = at.Add(skip * every)
	}
	at = p.jittered(at, every)
	if !near && !nearAt.IsZero() {
		at = p.nearFirst(at, now, nearAt)
	}
	return at
}

// nearFirst returns the agent's first near-cadence slot after nearAt (when a meeting comes
// within NearWindow; judged at now) when that is before at, else at.
func (p *Planner) nearFirst(at, now, nearAt time.Time) time.Time {
	enter := now.Add(p.scaled(nearAt.Sub(now)))
	if e := p.jittered(p.slot(enter, p.scaled(Near)), p.scaled(Near)); e.Before(at) {
		return e
	}
	return at
}

// slot returns the first of this agent's slots at or after t on the grid of period every:
// phase·every past a multiple of every (counted from Go's zero time, which the Unix epoch
// and every whole minute are multiples of).
func (p *Planner) slot(t time.Time, every time.Duration) time.Time {
	if every <= 0 {
		return t
	}
	at := t.Truncate(every).Add(time.Duration(p.phase * float64(every)))
	if at.Before(t) {
		at = at.Add(every)
	}
	return at
}

// jittered moves a slot to a random instant of its own second (of maxJitter): the agent's
// requests fall in the same second of Zoom's count at every poll, at a different instant.
func (p *Planner) jittered(at time.Time, every time.Duration) time.Time {
	g := p.grain(every)
	if g <= 0 {
		return at
	}
	return at.Truncate(g).Add(p.rand(g))
}

// grain is the span of the per-poll jitter at the (scaled) cadence every: a second, less
// when time is scaled.
func (p *Planner) grain(every time.Duration) time.Duration {
	return min(p.scaled(maxJitter), every/20)
}

// scaled returns d divided by the time scale when that is above 1.
func (p *Planner) scaled(d time.Duration) time.Duration {
	if p.scale <= 1 {
		return d
	}
	return time.Duration(float64(d) / p.scale)
}

// cadence reports whether ms call for the near cadence at now (a meeting is live or starts
// within NearWindow), and otherwise when the next one will (zero when none will). Meetings
// without a fixed time and all-day meetings never count: an all-day event would otherwise
// keep the cadence at 2 minutes the whole day.
func cadence(ms []zoomapi.Meeting, now time.Time) (near bool, nearAt time.Time) {
	for _, m := range ms {
		if m.StartTime.IsZero() || m.IsAllDay {
			continue
		}
		start := m.StartTime
		end := start.Add(time.Duration(max(m.Duration, 1)) * time.Minute)
		enter := start.Add(-NearWindow)
		if !now.Before(enter) && now.Before(end) {
			return true, time.Time{}
		}
		if enter.After(now) && (nearAt.IsZero() || enter.Before(nearAt)) {
			nearAt = enter
		}
	}
	return false, nearAt
}
