package service

import "time"

// clock is the time seam of the poller and the notifier (STYLE rule 4): tests drive a
// fake one instead of sleeping.
type clock interface {
	Now() time.Time
	// Timer returns a channel that receives once at (at once when at has passed), and a
	// stop func. The deadline is absolute so that a test moving the clock between a
	// job's planning and its arming cannot shift it. name says which job armed it, so a
	// test can tell the poller's timer from the notifier's.
	Timer(name string, at time.Time) (<-chan time.Time, func() bool)
}

// Timer names.
const (
	timerPoll   = "poll"
	timerNotify = "notify"
)

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Timer(_ string, at time.Time) (<-chan time.Time, func() bool) {
	t := time.NewTimer(time.Until(at))
	return t.C, t.Stop
}

// refreshAhead is auth.SessionOptions.RefreshAhead's default (5 minutes), passed on
// divided by Options.TimeScale.
const refreshAhead = 5 * time.Minute

// scaled returns d divided by o.TimeScale when that is above 1, else d.
func (o Options) scaled(d time.Duration) time.Duration {
	if o.TimeScale <= 1 {
		return d
	}
	return time.Duration(float64(d) / o.TimeScale)
}
