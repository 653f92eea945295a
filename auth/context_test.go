package auth

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestSessionNoStoredContext checks that the session keeps no caller's context for later
// (golang/oauth2 #388: a stored short-lived context breaks the refresh an hour
// later) and that a caller giving up does not drop Zoom's reply, which carries the only copy
// of the rotated refresh token. Every context handed to the session is cancelled before the
// refreshes; Run is not started, so nothing retries behind the test's back.
func TestSessionNoStoredContext(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	opts := sharedFileOptions(t, clock)
	s := newTestSession(t, sessConfig(srv), opts)
	short, cancel := context.WithCancel(context.Background())
	old := signInForTest(t, srv)
	if err := s.SignIn(short, old); err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if err := s.Load(short); err != nil {
		t.Fatalf("Load: %v", err)
	}
	cancel()
	for i := 1; i <= 2; i++ {
		clock.advance(time.Hour) // the access token has expired
		since := clock.now()
		if _, err := s.Token(short); err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("refresh %d: Token with a cancelled context: got %v, want %v (or a token)", i, err, context.Canceled)
		}
		st := waitState(t, s, "the refresh the cancelled caller started", func(st State) bool {
			return st.Kind != Refreshing && !st.LastRefresh.Before(since) || st.Kind == NeedsSignIn || st.Kind == Offline
		})
		if st.Kind != SignedIn {
			t.Fatalf("refresh %d: state got %q (err %v), want %q", i, st.Kind, st.Err, SignedIn)
		}
	}
	stored, err := opts.Store.Load(context.Background())
	if err != nil || stored.RefreshToken == old.RefreshToken || !srv.GrantActive(stored.RefreshToken) {
		t.Errorf("stored token: got err %v, rotated %v; want the live rotated refresh token stored",
			err, err == nil && stored.RefreshToken != old.RefreshToken)
	}
	if st := srv.Stats(); st.Refreshes != 2 || st.InvalidGrant != 0 {
		t.Errorf("at the fake: got %d refreshes, %d invalid_grant; want 2, 0", st.Refreshes, st.InvalidGrant)
	}
}

// TestRefreshRetryAfterWake checks that a wake from suspend (a wall-clock jump) makes an
// Offline session retry at once instead of sitting out a backoff planned before the suspend.
func TestRefreshRetryAfterWake(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	opts := sessTestOptions(nil)
	opts.now, opts.backoffMin, opts.backoffMax = clock.now, time.Hour, 2*time.Hour
	s := signedInSession(t, srv, opts)
	srv.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultReset, Path: "/oauth/token", Count: 1})
	clock.advance(time.Hour) // the token is due, and Zoom cannot be reached
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrOffline) {
		t.Fatalf("Token while Zoom resets connections: got %v, want %v", err, ErrOffline)
	}
	if st := s.State(); st.Kind != Offline || st.NextRefresh.Sub(clock.now()) < 30*time.Minute {
		t.Fatalf("State: got %q, next retry in %v; want %q with the hour's backoff", st.Kind, st.NextRefresh.Sub(clock.now()), Offline)
	}
	runSession(t, s)
	// Suspends of a minute each, at most 20 minutes in all, well within the hour's backoff.
	// Several, because Run may take its first clock reading after the first one.
	ch, unsubscribe := s.Subscribe()
	defer unsubscribe()
	for i := 0; !wokeSignedIn(ch, time.Second); i++ {
		if i == 20 {
			t.Fatalf("still %q after 20 wakes from suspend, want %q at once", s.State().Kind, SignedIn)
		}
		clock.advance(time.Minute)
	}
	if st := srv.Stats(); st.Refreshes != 1 || st.InvalidGrant != 0 {
		t.Errorf("at the fake: got %d refreshes, %d invalid_grant; want 1, 0", st.Refreshes, st.InvalidGrant)
	}
}

// wokeSignedIn reports whether a SignedIn state arrives on ch within d.
func wokeSignedIn(ch <-chan State, d time.Duration) bool {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case st := <-ch:
			if st.Kind == SignedIn {
				return true
			}
		case <-timer.C:
			return false
		}
	}
}
