package auth

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestSessionStatesPublished walks one session through every state the UI shows (issue 3:
// signed out, signing in, signed in, refreshing, offline, needs sign-in) and checks that a
// subscriber receives each. A step's last state is the one its subscriber slot holds
// (latest wins); Refreshing is held still by keeping the lock file, as another process
// refreshing would.
func TestSessionStatesPublished(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	opts := sessTestOptions(tokenstore.NewMemory())
	opts.LockPath, opts.now = filepath.Join(t.TempDir(), "session.lock"), clock.now
	s := newTestSession(t, sessConfig(srv), opts)
	ch, unsubscribe := s.Subscribe()
	defer unsubscribe()
	bg := context.Background()
	gone, cancel := context.WithCancel(bg)
	cancel()
	release := func() {}
	steps := []struct {
		name       string
		do         func()
		want       StateKind
		wantReason Reason
	}{
		{"new session", func() {}, SignedOut, ""},
		{"sign-in flow begins", s.BeginSignIn, SigningIn, ""},
		{"token adopted", func() { _ = s.SignIn(bg, signInForTest(t, srv)) }, SignedIn, ""},
		{"refresh waits for the lock", func() {
			release = holdLock(t, opts.LockPath)
			clock.advance(time.Hour)
			_, _ = s.Token(gone) // starts the refresh and gives up waiting at once
		}, Refreshing, ""},
		{"refresh done", func() { release(); _, _ = s.Token(bg) }, SignedIn, ""},
		{"zoom unreachable", func() {
			srv.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/token", Count: 1})
			clock.advance(time.Hour)
			_, _ = s.Token(bg)
		}, Offline, ""},
		{"grant revoked", func() {
			srv.RevokeUserGrants("alex@example.com")
			clock.advance(time.Minute) // past the backoff
			_, _ = s.Token(bg)
		}, NeedsSignIn, ReasonRevoked},
		{"signed out", func() { _, _ = s.SignOut(bg) }, SignedOut, ""},
	}
	for _, step := range steps {
		step.do()
		select {
		case got := <-ch:
			if got.Kind != step.want || got.Reason != step.wantReason {
				t.Errorf("%s: got state %q reason %q (err %v), want %q reason %q",
					step.name, got.Kind, got.Reason, got.Err, step.want, step.wantReason)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("%s: no state published within 10 s; want %q", step.name, step.want)
		}
	}
}

// holdLock takes the session's lock file as another process would, until release.
func holdLock(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	release, err := fileLock{path: path}.acquire(ctx)
	if err != nil {
		t.Fatalf("hold the lock file: %v", err)
	}
	t.Cleanup(release)
	return release
}
