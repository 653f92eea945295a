package service

import (
	"sync"
	"time"
)

// clock is the time seam of the poller and the notifier: tests drive a
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

// Wall-clock checks. Go's timers and the monotonic clock stop while the computer is
// suspended, so a timer armed for 09:00 before a suspend would fire the time spent asleep
// after 09:00. realClock's timers wake at least this often to compare the deadline with
// the wall clock, so after a wake a due poll or notification comes within a minute and a
// kiosk sign-out within 30 s (one wake a minute per job keeps the agent idle).
const (
	wallCheck      = time.Minute
	wallCheckKiosk = 30 * time.Second
)

// realClock is the wall clock. Now carries no monotonic reading, so every comparison of
// the service's deadlines is by the wall clock, which goes on during a suspend.
type realClock struct {
	now   func() time.Time // test seam; nil: time.Now
	check time.Duration    // test seam; 0: wallCheck, or wallCheckKiosk for timerKiosk
}

func (c realClock) Now() time.Time {
	if c.now != nil {
		return c.now().Round(0)
	}
	return time.Now().Round(0) // Round(0) drops the monotonic reading
}

// Timer fires once the wall clock reaches at, re-checking at least every wallCheck.
func (c realClock) Timer(name string, at time.Time) (<-chan time.Time, func() bool) {
	every := c.check
	if every <= 0 {
		every = wallCheck
		if name == timerKiosk {
			every = wallCheckKiosk
		}
	}
	w := &wallTimer{clk: c, at: at.Round(0), every: every, ch: make(chan time.Time, 1)}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.arm()
	return w.ch, w.stop
}

// wallTimer is realClock's timer: a chain of monotonic timers no longer than every, each
// checking the wall clock.
type wallTimer struct {
	clk   realClock
	at    time.Time
	every time.Duration
	ch    chan time.Time // receives once (1 slot)

	mu   sync.Mutex  // guards t and done
	t    *time.Timer // the pending check
	done bool        // fired or stopped
}

// arm fires when the wall clock has reached w.at, else plans the next check; w.mu is held.
func (w *wallTimer) arm() {
	now := w.clk.Now()
	wait, due := untilWall(now, w.at, w.every)
	if due {
		w.done = true
		w.ch <- now
		return
	}
	w.t = time.AfterFunc(wait, w.check)
}

// check runs on the monotonic timer.
func (w *wallTimer) check() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.arm()
	}
}

// stop stops the timer and reports whether it had not fired yet.
func (w *wallTimer) stop() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return false
	}
	w.done = true
	w.t.Stop()
	return true
}

// untilWall returns how long to wait before the next look at the wall clock (at most
// every), or due when now has reached at.
func untilWall(now, at time.Time, every time.Duration) (wait time.Duration, due bool) {
	d := at.Sub(now)
	if d <= 0 {
		return 0, true
	}
	return min(d, every), false
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
