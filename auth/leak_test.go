package auth

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// syncBuffer captures output written from other goroutines.
type syncBuffer = testenv.SyncBuffer

// leakRecorder collects every log line, state and error text of a scenario.
type leakRecorder struct {
	logs  syncBuffer
	mu    sync.Mutex // guards texts
	texts []string
}

func (r *leakRecorder) add(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.texts = append(r.texts, fmt.Sprintf(format, args...))
}

// watch records every state s publishes until the end of the test.
func (r *leakRecorder) watch(t *testing.T, s *Session) {
	ch, cancel := s.Subscribe()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for st := range ch {
			r.add("%+v %v", st, st.Err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
}

// check fails if any secret appears in what was recorded.
func (r *leakRecorder) check(t *testing.T, secrets []string) {
	t.Helper()
	r.mu.Lock()
	all := append([]string{r.logs.String()}, r.texts...)
	r.mu.Unlock()
	for _, secret := range secrets {
		for _, text := range all {
			if strings.Contains(text, secret) {
				t.Errorf("secret of %d chars (prefix %.6q) leaked into %.200q", len(secret), secret, text)
			}
		}
	}
	t.Logf("scanned %d bytes of logs and %d states/errors for %d secrets", len(r.logs.String()), len(r.texts), len(secrets))
}

func TestLeakNoSecretsInLogsOrErrors(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	rec := &leakRecorder{}
	clock := &sessClock{}
	opts := sessTestOptions(nil)
	opts.now = clock.now
	opts.Logger = slog.New(slog.NewJSONHandler(&rec.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := signedInSession(t, srv, opts)
	rec.watch(t, s)
	ctx := context.Background()
	try := func(what string, err error) {
		if err != nil {
			rec.add("%s: %v %+v", what, err, err)
		}
	}
	call := func(what string) {
		resp, err := s.HTTPClient().Get(s.APIURL() + "/users/me")
		try(what, err)
		if err == nil {
			resp.Body.Close()
		}
	}
	// 1. Refresh, then transient faults and recovery.
	clock.advance(time.Hour)
	_, err := s.Token(ctx)
	try("refresh", err)
	for _, kind := range []zoomtest.FaultKind{zoomtest.FaultStatus, zoomtest.FaultReset, zoomtest.FaultMalformedJSON, zoomtest.FaultHTML200} {
		srv.SetFaults(zoomtest.Fault{Kind: kind, Path: "/oauth/token", Count: 1})
		clock.advance(time.Hour)
		_, err := s.Token(ctx)
		try(string(kind), err)
		call(string(kind))
		testenv.Eventually(t, 20*time.Second, "recovery after "+string(kind), func() bool {
			_, err := s.Token(ctx)
			try(string(kind)+" retry", err)
			return err == nil
		})
	}
	// 2. A lost refresh reply kills the grant; API calls then fail.
	srv.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultDropAfterCommit, Path: "/oauth/token", Count: 1})
	clock.advance(time.Hour)
	_, err = s.Token(ctx)
	try("dropped reply", err)
	testenv.Eventually(t, 20*time.Second, "needs sign-in after the lost reply", func() bool {
		_, err := s.Token(ctx)
		try("after lost reply", err)
		return s.State().Kind == NeedsSignIn
	})
	call("needs sign-in")
	// 3. Sign in again, then sign out online and (after signing in again) offline.
	try("sign in", s.SignIn(ctx, signInForTest(t, srv)))
	res, err := s.SignOut(ctx)
	try("sign out", err)
	rec.add("%+v %v", res, res.RevokeErr)
	try("sign in", s.SignIn(ctx, signInForTest(t, srv)))
	secrets := append(srv.Secrets(), "demo-secret")
	srv.Close()
	res, err = s.SignOut(ctx)
	try("offline sign out", err)
	rec.add("%+v %v", res, res.RevokeErr)
	if res.Revoked || res.RevokeErr == nil {
		t.Errorf("offline sign-out: got revoked %v err %v, want not revoked with an error", res.Revoked, res.RevokeErr)
	}
	if len(secrets) < 10 {
		t.Fatalf("secrets issued by the fake: got %d, want at least 10 (tokens, codes)", len(secrets))
	}
	rec.check(t, secrets)
}
