package auth

import (
	"context"
	"errors"
	"maps"
	"net/http"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// brokenStore is a tokenstore.Store whose calls fail with err when set.
type brokenStore struct {
	tokenstore.Store
	mu                     sync.Mutex // guards the errors
	loadErr, saveErr, dErr error
}

func (b *brokenStore) set(load, save, del error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.loadErr, b.saveErr, b.dErr = load, save, del
}

func (b *brokenStore) Load(ctx context.Context) (*oauth2.Token, error) {
	b.mu.Lock()
	err := b.loadErr
	b.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return b.Store.Load(ctx)
}

func (b *brokenStore) Save(ctx context.Context, t *oauth2.Token) error {
	b.mu.Lock()
	err := b.saveErr
	b.mu.Unlock()
	if err != nil {
		return err
	}
	return b.Store.Save(ctx, t)
}

func (b *brokenStore) Delete(ctx context.Context) error {
	b.mu.Lock()
	err := b.dErr
	b.mu.Unlock()
	if err != nil {
		return err
	}
	return b.Store.Delete(ctx)
}

// runSession runs s.Run until the end of the test.
func runSession(t testing.TB, s *Session) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) && err != nil {
			t.Errorf("Run: got %v, want %v or nil", err, context.Canceled)
		}
	})
}

// recordKinds collects the state kinds s publishes from now on.
func recordKinds(t testing.TB, s *Session) func() map[StateKind]bool {
	t.Helper()
	ch, cancel := s.Subscribe()
	var mu sync.Mutex // guards seen
	seen := map[StateKind]bool{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for st := range ch {
			mu.Lock()
			seen[st.Kind] = true
			mu.Unlock()
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return func() map[StateKind]bool {
		mu.Lock()
		defer mu.Unlock()
		return maps.Clone(seen)
	}
}

func TestFaultLostRefreshReply(t *testing.T) {
	tests := []struct {
		name       string
		grace      time.Duration
		wantKind   StateKind
		wantReason Reason
	}{
		{name: "no grace: grant dead", grace: 0, wantKind: NeedsSignIn, wantReason: ReasonRevoked},
		{name: "grace: retry succeeds", grace: time.Minute, wantKind: SignedIn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := sessFake(t, zoomtest.Options{RefreshGrace: tt.grace})
			clock := &sessClock{}
			opts := sessTestOptions(nil)
			opts.now = clock.now
			s := signedInSession(t, srv, opts)
			srv.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultDropAfterCommit, Path: "/oauth/token", Count: 1})
			kinds := recordKinds(t, s)
			runSession(t, s)
			before := tokenRequests(srv)
			clock.advance(time.Hour)
			since := clock.now()
			st := waitState(t, s, string(tt.wantKind), func(st State) bool {
				return (st.Kind == tt.wantKind && st.LastRefresh.After(since)) || st.Kind == NeedsSignIn
			})
			if st.Kind != tt.wantKind || st.Reason != tt.wantReason {
				t.Errorf("State: got %q reason %q (err %v), want %q reason %q", st.Kind, st.Reason, st.Err, tt.wantKind, tt.wantReason)
			}
			if !kinds()[Offline] {
				t.Errorf("states seen: got %v, want Offline after the dropped reply", kinds())
			}
			if got := tokenRequests(srv) - before; got != 2 {
				t.Errorf("token requests: got %d, want 2 (the dropped one and one retry)", got)
			}
		})
	}
}

func TestFaultTransientRecovers(t *testing.T) {
	const failures = 3
	tests := []struct {
		name  string
		fault zoomtest.Fault
	}{
		{"503", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503}},
		{"500", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 500}},
		{"connection reset", zoomtest.Fault{Kind: zoomtest.FaultReset}},
		{"truncated json", zoomtest.Fault{Kind: zoomtest.FaultMalformedJSON}},
		{"html login page", zoomtest.Fault{Kind: zoomtest.FaultHTML200}},
		{"rate limited", zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := sessFake(t, zoomtest.Options{})
			clock := &sessClock{}
			opts := sessTestOptions(nil)
			opts.now = clock.now
			s := signedInSession(t, srv, opts)
			f := tt.fault
			f.Path, f.Count = "/oauth/token", failures
			srv.SetFaults(f)
			kinds := recordKinds(t, s)
			runSession(t, s)
			before := tokenRequests(srv)
			clock.advance(time.Hour)
			since := clock.now()
			waitState(t, s, "signed in after recovery", func(st State) bool {
				return st.Kind == SignedIn && st.LastRefresh.After(since)
			})
			if !kinds()[Offline] {
				t.Errorf("states seen: got %v, want Offline while failing", kinds())
			}
			st := srv.Stats()
			if got := tokenRequests(srv) - before; got != failures+1 || st.Refreshes != 1 || st.InvalidGrant != 0 {
				t.Errorf("at the fake: got %d token requests, %d refreshes, %d invalid_grant; want %d, 1, 0",
					got, st.Refreshes, st.InvalidGrant, failures+1)
			}
		})
	}
}

func TestFaultNoStormWhileOffline(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	opts := sessTestOptions(nil)
	opts.now = clock.now
	s := signedInSession(t, srv, opts)
	srv.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503, Path: "/oauth/token"})
	runSession(t, s)
	before := tokenRequests(srv)
	clock.advance(time.Hour)
	start := time.Now()
	var wg sync.WaitGroup
	var mu sync.Mutex // guards calls, offline
	calls, offline := 0, 0
	for range 50 {
		wg.Go(func() {
			pace := time.NewTicker(5 * time.Millisecond) // each caller retries every 5 ms
			defer pace.Stop()
			for ; time.Since(start) < time.Second; <-pace.C {
				_, err := s.HTTPClient().Get(srv.URL + "/v2/users/me")
				mu.Lock()
				calls++
				if errors.Is(err, ErrOffline) {
					offline++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	got := tokenRequests(srv) - before
	bound := int(elapsed/opts.backoffMin) + 2
	t.Logf("offline for %v: %d API calls (%d failed offline), %d token requests (bound %d)", elapsed.Round(time.Millisecond), calls, offline, got, bound)
	if got > bound {
		t.Errorf("token requests while offline: got %d, want at most %d (backoff)", got, bound)
	}
	if offline == 0 {
		t.Errorf("API calls failing with ErrOffline: got 0, want some")
	}
	srv.SetFaults()
	waitState(t, s, "signed in after Zoom is back", func(st State) bool { return st.Kind == SignedIn })
	resp, err := s.HTTPClient().Get(srv.URL + "/v2/users/me")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("API call after recovery: got %v %v, want 200", resp, err)
	}
	resp.Body.Close()
}

func TestFaultStoreUnavailableOnRefresh(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	store := &brokenStore{Store: tokenstore.NewMemory()}
	opts := sessTestOptions(store)
	opts.now = clock.now
	s := signedInSession(t, srv, opts)
	store.set(tokenstore.ErrUnavailable, tokenstore.ErrUnavailable, nil)
	clock.advance(time.Hour)
	tok, err := s.Token(context.Background())
	if err != nil || !tok.Valid() {
		t.Fatalf("Token with an unreadable store: got %v, want a refreshed token from memory", err)
	}
	if st := s.State(); !errors.Is(st.Err, ErrTokenNotSaved) || !errors.Is(st.Err, tokenstore.ErrUnavailable) {
		t.Errorf("State.Err: got %v, want %v wrapping %v", st.Err, ErrTokenNotSaved, tokenstore.ErrUnavailable)
	}
}

func TestFaultRevokedGrantOnAPICall(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	s := signedInSession(t, srv, sessTestOptions(nil))
	srv.RevokeUserGrants("alex@example.com")
	resp, err := s.HTTPClient().Get(s.APIURL() + "/users/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status: got %d, want %d", resp.StatusCode, http.StatusUnauthorized)
	}
	if st := s.State(); st.Kind != NeedsSignIn || st.Reason != ReasonRevoked {
		t.Errorf("State: got %q reason %q, want %q reason %q", st.Kind, st.Reason, NeedsSignIn, ReasonRevoked)
	}
	if _, err := s.HTTPClient().Get(s.APIURL() + "/users/me"); !errors.Is(err, ErrNeedsSignIn) {
		t.Errorf("next call: got %v, want %v", err, ErrNeedsSignIn)
	}
}
