package service

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// suspendCheck is the wall-clock check of the real clocks in these tests: short, so that
// a test does not wait a minute for the first check after a simulated wake.
const suspendCheck = 5 * time.Millisecond

// wallClock is a wall clock that a test can move forward without the monotonic clock,
// as a suspend does: Go's timers (and so realClock's checks) keep monotonic time.
type wallClock struct {
	mu     sync.Mutex // guards offset
	offset time.Duration
}

func (w *wallClock) now() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return time.Now().Add(w.offset)
}

// suspend moves the wall clock d ahead, as waking from a suspend of d does.
func (w *wallClock) suspend(d time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.offset += d
}

// realClockOn returns a realClock on a wallClock that checks every suspendCheck.
func realClockOn(w *wallClock) realClock {
	return realClock{now: w.now, check: suspendCheck}
}

// setNow moves the fake clock to at without firing timers: the input that arrives on
// wake before the timer's next wall-clock check.
func (c *fakeClock) setNow(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = at
}

func TestRealClockNowIsWallClock(t *testing.T) {
	// A monotonic reading would make comparisons ignore the time spent suspended.
	if got := (realClock{}).Now().String(); strings.Contains(got, "m=") {
		t.Errorf("realClock.Now() = %s, want no monotonic reading (m=...)", got)
	}
}

func TestUntilWall(t *testing.T) {
	now := time.Date(2026, 11, 23, 8, 57, 0, 0, time.UTC)
	tests := []struct {
		name     string
		at       time.Time
		wantWait time.Duration
		wantDue  bool
	}{
		{"passed while suspended", now.Add(-2 * time.Minute), 0, true},
		{"due now", now, 0, true},
		{"sooner than a check", now.Add(10 * time.Second), 10 * time.Second, false},
		{"later: capped at a check", now.Add(time.Hour), wallCheck, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wait, due := untilWall(now, tt.at, wallCheck)
			if wait != tt.wantWait || due != tt.wantDue {
				t.Errorf("untilWall: got %v, %v, want %v, %v", wait, due, tt.wantWait, tt.wantDue)
			}
		})
	}
}

// TestRealClockTimerFollowsWallClock checks that a timer planned an hour ahead fires once
// the wall clock has passed its deadline (a wake after a long suspend), without the hour
// passing on the monotonic clock.
func TestRealClockTimerFollowsWallClock(t *testing.T) {
	tests := []struct {
		name    string
		timer   string
		in      time.Duration
		suspend time.Duration
	}{
		{"poll, suspended past it", timerPoll, time.Hour, 2 * time.Hour},
		{"kiosk, suspended past it", timerKiosk, 10 * time.Minute, time.Hour},
		{"already due", timerNotify, -time.Minute, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &wallClock{}
			c := realClockOn(w)
			fire, stop := c.Timer(tt.timer, c.Now().Add(tt.in))
			t.Cleanup(func() { stop() })
			w.suspend(tt.suspend)
			select {
			case <-fire:
			case <-time.After(waitFor):
				t.Fatalf("timer %s did not fire within %v after the wall clock passed it", tt.timer, waitFor)
			}
			if stop() {
				t.Errorf("stop after firing: got true, want false")
			}
		})
	}
}

func TestRealClockTimerStop(t *testing.T) {
	c := realClockOn(&wallClock{})
	_, stop := c.Timer(timerPoll, c.Now().Add(time.Hour))
	if !stop() {
		t.Errorf("first stop: got false, want true (the timer was pending)")
	}
	if stop() {
		t.Errorf("second stop: got true, want false")
	}
}

// TestWakeBeforeMeeting is finding "after wake, notifications come late or never": a
// laptop suspended at 08:00 and opened at 08:57 still announces the 09:00 meeting and
// polls once (the poll planned for 08:10 is overdue), without extra requests.
func TestWakeBeforeMeeting(t *testing.T) {
	w := &wallClock{}
	begin := w.now().Truncate(time.Second)
	env := newFake(t, nil, zoomtest.Options{AutoApprove: sam})
	id, err := env.zoom.AddMeeting(sam, zoomtest.Meeting{Topic: "09:00", Type: 2, Start: begin.Add(time.Hour), Duration: 30})
	if err != nil {
		t.Fatal(err)
	}
	notified := make(chan zoomapi.Meeting, 4)
	opts := env.testOptions(t, nil, nil)
	opts.clock = realClockOn(w)
	opts.Settings.NotifyMinutes = 5
	opts.Notify = func(m zoomapi.Meeting) { notified <- m }
	s := newService(t, opts)
	run(t, s)
	login(t, s)
	settled(t, env.zoom, 2) // the poll after sign-in
	// Zoom answering is not the service having recorded the answer: a fetch still in flight
	// at the suspend would be stamped with the wall time after the wake and stand in for the
	// poll this test waits for.
	testenv.Eventually(t, waitFor, "the poll after sign-in recorded", func() bool {
		ml, _ := s.Meetings(context.Background(), false)
		return !ml.FetchedAt.IsZero()
	})
	select {
	case m := <-notified:
		t.Fatalf("notified %d before the wake, want nothing an hour ahead", int64(m.ID))
	default:
	}
	w.suspend(57 * time.Minute)
	select {
	case m := <-notified:
		if int64(m.ID) != id {
			t.Errorf("notified meeting %d, want %d", int64(m.ID), id)
		}
	case <-time.After(waitFor):
		t.Fatalf("no notification within %v of the wake, 3 minutes before the meeting", waitFor)
	}
	testenv.Eventually(t, waitFor, "a fresh list after the wake", func() bool {
		ml, _ := s.Meetings(context.Background(), false)
		return ml.FetchedAt.After(begin.Add(56 * time.Minute))
	})
	// The poll after the wake asks only upcoming_meetings: the hosted list kept from before
	// the suspend serves it (without jitter, the hosted list comes at the third poll).
	if got, want := settled(t, env.zoom, 3), 3; got != want {
		t.Errorf("meeting requests: got %d, want %d (the poll after sign-in, 2, one after the wake, 1)", got, want)
	}
}

// TestKioskSignOutAfterSuspend is finding "kiosk idle sign-out skipped after suspend":
// the sign-out falls due while suspended, and happens on wake with or without input.
func TestKioskSignOutAfterSuspend(t *testing.T) {
	t.Run("no input: the loop's wall-clock check", func(t *testing.T) {
		w := &wallClock{}
		f := newFake(t, nil, zoomtest.Options{})
		opts := f.testOptions(t, nil, map[string]string{"kiosk": "true", "kiosk-idle-sign-out": "10m"})
		opts.clock = realClockOn(w)
		s := newService(t, opts)
		run(t, s)
		kioskLogin(t, f, s)
		w.suspend(time.Hour)
		testenv.Eventually(t, waitFor, "signed out after the wake", func() bool { return s.status().State == "signed_out" })
		testenv.Eventually(t, waitFor, "the grant revoked at Zoom", func() bool { return f.zoom.Stats().RevokedGrants["revoke"] == 1 })
	})
	t.Run("first input after the wake signs out", func(t *testing.T) {
		start := time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)
		clk := newFakeClock(start)
		f := newFake(t, clk, zoomtest.Options{})
		s := newService(t, f.testOptions(t, clk, map[string]string{"kiosk": "true", "kiosk-idle-sign-out": "10m"}))
		run(t, s)
		kioskLogin(t, f, s)
		clk.waitTimer(t, timerKiosk)
		clk.setNow(start.Add(time.Hour)) // woken; the timer has not looked yet
		if err := s.Activity(context.Background()); err != nil {
			t.Fatalf("Activity: %v", err)
		}
		if got, want := s.status().State, StateSignedOut; got != want {
			t.Errorf("state after the first input on wake: got %q, want %q (not postponed)", got, want)
		}
		if got := f.zoom.Stats().RevokedGrants["revoke"]; got != 1 {
			t.Errorf("revoked grants at the fake: got %d, want 1", got)
		}
	})
}
