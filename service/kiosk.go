package service

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/openurl"
)

// Kiosk sign-out timing (issue "Shared PCs": a short visible warning comes first).
const (
	// KioskWarning is how long before an automatic kiosk sign-out the window warns; an
	// idle time shorter than twice this warns for half of it instead.
	KioskWarning = 30 * time.Second
	// kioskSignOutTimeout bounds the revocation at Zoom of an automatic sign-out.
	kioskSignOutTimeout = 30 * time.Second
	// timerKiosk names the kiosk sign-out timer.
	timerKiosk = "kiosk"
)

// kioskOptions forces what a shared computer needs, whatever the settings say: tokens
// live in memory only (never a keyring or a file, so the next person cannot find them),
// nothing of the account is cached on disk (an empty cache directory disables it), and
// Start puts nothing on the clipboard (the next person would find the join link there).
// The zoommtg:// handlers it starts are tracked in launched, as the browser launchers are.
func kioskOptions(o Options, launched *openurl.Launched) Options {
	if o.Store == nil || o.Store.Kind() != tokenstore.KindMemory {
		o.Store = tokenstore.NewMemory()
	}
	o.Settings.TokenStore = string(tokenstore.KindMemory)
	o.Dirs.Cache = ""
	o.Clipboard = nil // a join link with its passcode must not stay on a shared clipboard
	// Meetings start through zoommtg:// handed straight to the Zoom client: a start link
	// in the shared browser would stay in its history, and start the meeting as its host
	// for whoever opens it next while the ZAK lives.
	o.Settings.UseZoommtg = true
	if o.defaultOpen {
		open := o.OpenURL
		o.OpenURL = func(u string) error {
			if strings.HasPrefix(u, "zoommtg:") {
				return openurl.Handler(u, launched)
			}
			return open(u)
		}
	}
	return o
}

// kioskMode reports whether the service runs a shared computer: sign-in is then by the
// device flow only (the QR code), so no browser on the computer keeps a Zoom session.
func (s *Service) kioskMode() bool {
	return s.opts.Kiosk || s.opts.Settings.Kiosk
}

// kioskTimer plans the automatic sign-outs of kiosk mode: after Settings.KioskIdleSignOut
// without input (reported by Activity), and each day at Settings.KioskSignOutAt (local
// time). A warning period of kioskWarn precedes each; Status.KioskSignOutAt is set during
// it so the window can show a countdown.
type kioskTimer struct {
	idle  time.Duration // 0: no idle sign-out
	hour  int           // daily sign-out time; hour < 0: none
	min   int
	warn  time.Duration
	input chan struct{} // wakes the loop after Activity (1 slot)

	mu        sync.Mutex // guards the fields below
	active    bool       // a session (token) exists
	lastInput time.Time  // the latest input, or the sign-in
	since     time.Time  // when the session began (for the daily sign-out)
	warnUntil time.Time  // the sign-out being warned about; zero when not warning
}

// newKioskTimer returns the timer for the settings, or nil when neither sign-out is set.
func newKioskTimer(idle time.Duration, at string) *kioskTimer {
	k := &kioskTimer{idle: idle, hour: -1, warn: KioskWarning, input: make(chan struct{}, 1)}
	if t, err := time.Parse("15:04", at); err == nil {
		k.hour, k.min = t.Hour(), t.Minute()
	}
	if idle > 0 && idle < 2*k.warn {
		k.warn = idle / 2
	}
	if k.idle <= 0 && k.hour < 0 {
		return nil
	}
	return k
}

// deadline returns the next automatic sign-out (locked), or false when none is due.
func (k *kioskTimer) deadline() (time.Time, bool) {
	if !k.active {
		return time.Time{}, false
	}
	var d time.Time
	if k.idle > 0 {
		d = k.lastInput.Add(k.idle)
	}
	if k.hour >= 0 {
		s := k.since
		at := time.Date(s.Year(), s.Month(), s.Day(), k.hour, k.min, 0, 0, s.Location())
		if !at.After(s) {
			at = at.AddDate(0, 0, 1)
		}
		if d.IsZero() || at.Before(d) {
			d = at
		}
	}
	return d, true
}

// Activity records user input: the idle sign-out moves to Settings.KioskIdleSignOut from
// now and a warning in progress ends. When the sign-out is already overdue by the wall
// clock (the computer was suspended past it, and the first input after the wake comes
// before the loop's next wall-clock check), it signs out instead, revoking the grant, so
// the next person never gets the previous session. Outside kiosk mode it does nothing.
func (s *Service) Activity(ctx context.Context) error {
	k := s.kiosk
	if k == nil {
		return nil
	}
	now := s.clk.Now()
	k.mu.Lock()
	d, ok := k.deadline()
	overdue := ok && !now.Before(d)
	if !overdue {
		k.lastInput = now
	}
	k.mu.Unlock()
	if overdue {
		s.kioskFire(ctx)
		return nil
	}
	wake(k.input)
	return nil
}

// kioskSignOutAt is the sign-out being warned about, or zero (for Status).
func (s *Service) kioskSignOutAt() time.Time {
	if s.kiosk == nil {
		return time.Time{}
	}
	s.kiosk.mu.Lock()
	defer s.kiosk.mu.Unlock()
	return s.kiosk.warnUntil
}

// kioskLoop signs out automatically in kiosk mode (a Run job): it follows
// the session, arms one timer for the next warning or sign-out, and re-plans on input.
func (s *Service) kioskLoop(ctx context.Context) {
	states, stop := s.sess.Subscribe()
	defer stop()
	s.kioskSession(s.sess.State())
	for {
		at, ok := s.kioskPlan()
		var fire <-chan time.Time
		stopTimer := func() bool { return false }
		if ok {
			fire, stopTimer = s.clk.Timer(timerKiosk, at)
		}
		select {
		case <-ctx.Done():
			stopTimer()
			return
		case _, open := <-states:
			stopTimer()
			if !open {
				return
			}
			s.kioskSession(s.sess.State())
		case <-s.kiosk.input:
			stopTimer()
		case <-fire:
			s.kioskFire(ctx)
		}
	}
}

// kioskSession notes a session beginning or ending.
func (s *Service) kioskSession(st auth.State) {
	k := s.kiosk
	active := st.Kind != auth.SignedOut && st.Kind != auth.SigningIn
	k.mu.Lock()
	defer k.mu.Unlock()
	if active && !k.active {
		now := s.clk.Now()
		k.since, k.lastInput = now, now
	}
	k.active = active
	if !active {
		k.warnUntil = time.Time{}
	}
}

// kioskPlan returns when the loop should wake next: the start of the warning, or the
// sign-out itself during the warning. Entering or leaving the warning publishes Status.
func (s *Service) kioskPlan() (time.Time, bool) {
	k := s.kiosk
	now := s.clk.Now()
	k.mu.Lock()
	d, ok := k.deadline()
	was := k.warnUntil
	switch {
	case !ok:
		k.warnUntil = time.Time{}
	case !now.Before(d.Add(-k.warn)):
		k.warnUntil = d
	default:
		k.warnUntil = time.Time{}
	}
	changed := !was.Equal(k.warnUntil)
	warning := !k.warnUntil.IsZero()
	k.mu.Unlock()
	if changed {
		s.publish()
	}
	if !ok || warning {
		return d, ok
	}
	return d.Add(-k.warn), true
}

// kioskFire signs out when the planned sign-out is due; otherwise (the warning begins)
// the next kioskPlan publishes it.
func (s *Service) kioskFire(ctx context.Context) {
	k := s.kiosk
	k.mu.Lock()
	d, ok := k.deadline()
	due := ok && !s.clk.Now().Before(d)
	if due {
		k.active, k.warnUntil = false, time.Time{} // the Logout below publishes this
	}
	k.mu.Unlock()
	if !due {
		return
	}
	s.log.Info("service: kiosk automatic sign-out")
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), kioskSignOutTimeout)
	defer cancel()
	res, err := s.Logout(ctx)
	if err != nil || !res.Revoked {
		s.log.Warn("service: kiosk sign-out was not confirmed by Zoom", "message", res.Message)
	}
	s.kioskSession(s.sess.State())
}
