package service

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestSignOutRetriesRevocation: a sign-out whose revocation Zoom does not confirm keeps
// "sign-out not confirmed by Zoom" in the status and retries with backoff until Zoom has
// revoked both the access and the refresh token, even when Zoom ends only the token it is
// sent (RevokeAccessOnly).
func TestSignOutRetriesRevocation(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex, RevokeAccessOnly: true})
	s := newService(t, env.testOptions(t, clk, nil))
	run(t, s)
	login(t, s)
	before := env.zoom.Secrets()
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/revoke", Count: 2})

	res, err := s.Logout(context.Background())
	if err != nil || res.Revoked {
		t.Fatalf("Logout = %+v, %v; want an unconfirmed revocation", res, err)
	}
	st, _ := s.Status(context.Background())
	if st.LastError == nil || st.LastError.Reason != ReasonRevokeFailed {
		t.Fatalf("status error = %+v, want %s (sign-out not confirmed)", st.LastError, ReasonRevokeFailed)
	}
	if !anyActive(env.zoom, before) {
		t.Fatal("the grant is already dead at Zoom; the test needs it alive")
	}

	// The first retry meets the second failure; the next one, later, gets through.
	first := clk.waitTimer(t, timerRevoke)
	clk.advance(first)
	testenv.Eventually(t, waitFor, "a later retry armed", func() bool {
		at, ok := clk.pending(timerRevoke)
		return ok && at.Sub(first) >= revokeRetryFirst
	})
	second, _ := clk.pending(timerRevoke)
	if got := second.Sub(first); got != 2*revokeRetryFirst {
		t.Errorf("backoff = %v, want %v", got, 2*revokeRetryFirst)
	}
	clk.advance(second)
	testenv.Eventually(t, waitFor, "every token revoked at Zoom", func() bool { return !anyActive(env.zoom, before) })
	var last Status
	defer func() {
		if t.Failed() {
			t.Logf("last status error: %+v", last.LastError)
		}
	}()
	testenv.Eventually(t, waitFor, "the status error cleared", func() bool {
		last, _ = s.Status(context.Background())
		return last.LastError == nil
	})
}

// anyActive reports whether Zoom still accepts any of the secrets.
func anyActive(z *zoomtest.Server, secrets []string) bool {
	for _, sec := range secrets {
		if z.GrantActive(sec) {
			return true
		}
	}
	return false
}

// TestPendingRevocationSurvivesRestart: a revocation still unconfirmed when the service
// stops is retried at the next start. The token waits in the encrypted store (the keyring;
// here a memory stand-in), and the record on disk names it by hash only.
func TestPendingRevocationSurvivesRestart(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
	kept := map[string]tokenstore.Store{}
	var keptMu sync.Mutex
	opts := env.testOptions(t, clk, nil)
	opts.pendingStore = func(hash string) tokenstore.Store {
		keptMu.Lock()
		defer keptMu.Unlock()
		if kept[hash] == nil {
			kept[hash] = tokenstore.NewMemory()
		}
		return kept[hash]
	}
	if err := os.MkdirAll(opts.Dirs.State, 0o700); err != nil {
		t.Fatal(err)
	}
	first, err := New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	login(t, first)
	secrets := env.zoom.Secrets()
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/revoke", Count: 1})
	if res, err := first.Logout(context.Background()); err != nil || res.Revoked {
		t.Fatalf("Logout = %+v, %v; want an unconfirmed revocation", res, err)
	}
	_ = first.Close()
	record, err := os.ReadFile(filepath.Join(opts.Dirs.State, filePending))
	if err != nil {
		t.Fatalf("no pending revocation record: %v", err)
	}
	for _, sec := range secrets {
		if len(sec) >= 16 && strings.Contains(string(record), sec) {
			t.Fatal("the pending revocation record holds a token")
		}
	}

	second := newService(t, opts)
	if st, _ := second.Status(context.Background()); st.LastError == nil || st.LastError.Reason != ReasonRevokeFailed {
		t.Errorf("status at the next start = %+v, want sign-out not confirmed", st.LastError)
	}
	run(t, second)
	testenv.Eventually(t, waitFor, "every token revoked at Zoom", func() bool { return !anyActive(env.zoom, secrets) })
	testenv.Eventually(t, waitFor, "the record removed", func() bool {
		_, err := os.Stat(filepath.Join(opts.Dirs.State, filePending))
		return os.IsNotExist(err)
	})
	for hash, st := range kept {
		if _, err := st.Load(context.Background()); err == nil {
			t.Errorf("the kept token of %s is still stored", hash[:8])
		}
	}
}

// TestSignInRetriesPendingRevocation: a sign-in that reaches Zoom shows the network is back,
// so a pending revocation is retried at once rather than at the end of its backoff.
func TestSignInRetriesPendingRevocation(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
	s := newService(t, env.testOptions(t, clk, nil))
	run(t, s)
	login(t, s)
	alexTokens := env.zoom.Secrets()
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/revoke", Count: 1})
	if res, err := s.Logout(context.Background()); err != nil || res.Revoked {
		t.Fatalf("Logout = %+v, %v; want an unconfirmed revocation", res, err)
	}
	clk.waitTimer(t, timerRevoke) // the backoff is armed; the clock never reaches it here
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	err := s.Login(ctx, LoginRequest{Method: MethodDevice}, approver(t, env.zoom, sam))
	if err != nil {
		t.Fatalf("Login as another user: %v", err)
	}
	testenv.Eventually(t, waitFor, "the first user's grant revoked", func() bool { return !anyActive(env.zoom, alexTokens) })
}

// TestPendingRevocationSurvivesRestartWithFileStore: with --token-store=file, a sign-out
// while Zoom is unreachable keeps the grant's token beside the token file, in a file as
// protected as the token file was (0600), and the next start revokes it once Zoom answers.
func TestPendingRevocationSurvivesRestartWithFileStore(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
	tokenFile := filepath.Join(t.TempDir(), "tokens", "tokens.json")
	opts := env.testOptions(t, clk, map[string]string{"token-store": "file", "token-file": tokenFile})
	opts.Store = nil // the store the settings name
	if err := os.MkdirAll(opts.Dirs.State, 0o700); err != nil {
		t.Fatal(err)
	}
	first, err := New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	login(t, first)
	secrets := env.zoom.Secrets()
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/revoke", Count: 1})
	if res, err := first.Logout(context.Background()); err != nil || res.Revoked {
		t.Fatalf("Logout = %+v, %v; want an unconfirmed revocation", res, err)
	}
	_ = first.Close()
	if _, err := os.Stat(tokenFile); !os.IsNotExist(err) {
		t.Errorf("token file after sign-out: %v, want it deleted", err)
	}
	kept, _ := filepath.Glob(tokenFile + ".revoke-*")
	if len(kept) != 1 {
		t.Fatalf("kept token files = %v, want one", kept)
	}
	if fi, err := os.Stat(kept[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("kept token file mode: %v, %v; want 0600", fi, err)
	}
	record, err := os.ReadFile(filepath.Join(opts.Dirs.State, filePending))
	if err != nil {
		t.Fatalf("no pending revocation record: %v", err)
	}
	for _, sec := range secrets {
		if len(sec) >= 16 && strings.Contains(string(record), sec) {
			t.Fatal("the pending revocation record holds a token")
		}
	}

	second := newService(t, opts)
	if st, _ := second.Status(context.Background()); st.LastError == nil || st.LastError.Reason != ReasonRevokeFailed {
		t.Errorf("status at the next start = %+v, want sign-out not confirmed", st.LastError)
	}
	run(t, second)
	testenv.Eventually(t, waitFor, "every token revoked at Zoom", func() bool { return !anyActive(env.zoom, secrets) })
	testenv.Eventually(t, waitFor, "the kept token file removed", func() bool {
		left, _ := filepath.Glob(tokenFile + ".revoke-*")
		return len(left) == 0
	})
	testenv.Eventually(t, waitFor, "the record removed", func() bool {
		_, err := os.Stat(filepath.Join(opts.Dirs.State, filePending))
		return os.IsNotExist(err)
	})
}

// TestNetworkChangeRetriesPendingRevocation: a network change (the OS source is
// internal/netwatch; here a stand-in the test triggers) retries a pending revocation
// networkSettle after the last change of a burst, long before its backoff.
func TestNetworkChangeRetriesPendingRevocation(t *testing.T) {
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
	opts := env.testOptions(t, clk, nil)
	changed := make(chan func(), 1)
	opts.netChanges = func(ctx context.Context, f func()) error {
		changed <- f
		<-ctx.Done()
		return ctx.Err()
	}
	s := newService(t, opts)
	run(t, s)
	var networkChanged func()
	select {
	case networkChanged = <-changed:
	case <-time.After(waitFor):
		t.Fatal("the service does not watch the network")
	}
	login(t, s)
	secrets := env.zoom.Secrets()
	env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/revoke", Count: 1})
	if res, err := s.Logout(context.Background()); err != nil || res.Revoked {
		t.Fatalf("Logout = %+v, %v; want an unconfirmed revocation", res, err)
	}
	backoff := clk.waitTimer(t, timerRevoke)

	for range 3 { // a burst: link, address, route
		networkChanged()
	}
	want := clk.Now().Add(networkSettle)
	testenv.Eventually(t, waitFor, "the retry moved to just after the change", func() bool {
		at, ok := clk.pending(timerRevoke)
		return ok && at.Equal(want)
	})
	if !want.Before(backoff) {
		t.Fatalf("retry at %v, not before the backoff's %v", want, backoff)
	}
	// The service may take the burst's last change only now and settle again from there:
	// follow the retry timer, as long as it stays before the backoff's.
	testenv.Eventually(t, waitFor, "every token revoked at Zoom before the backoff", func() bool {
		if at, ok := clk.pending(timerRevoke); ok && at.Before(backoff) {
			clk.advance(at)
		}
		return !anyActive(env.zoom, secrets)
	})
}
