package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// sessClock is a wall clock that tests move forward (a suspend, or simply time passing),
// shared by sessions and the fake.
type sessClock struct {
	mu  sync.Mutex // guards off
	off time.Duration
}

func (c *sessClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *sessClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// tokenRequests is how many requests the fake's token endpoint received.
func tokenRequests(srv *zoomtest.Server) int { return srv.Stats().Routes["POST /oauth/token"].Count }

func TestRefreshRotatesAndPersists(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(Config) Config
	}{
		{name: "confidential client", cfg: func(c Config) Config { return c }},
		{name: "public PKCE client", cfg: func(c Config) Config { c.ClientID, c.ClientSecret = "demo-public", ""; return c }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := sessFake(t, zoomtest.Options{})
			clock := &sessClock{}
			opts := sessTestOptions(tokenstore.NewFile(filepath.Join(t.TempDir(), "tokens.json")))
			opts.now = clock.now
			cfg := tt.cfg(sessConfig(srv))
			s := newTestSession(t, cfg, opts)
			old := signInAs(t, srv, cfg, "")
			if err := s.SignIn(context.Background(), old); err != nil {
				t.Fatal(err)
			}
			clock.advance(time.Hour) // past expiry: Token must wait for the refresh
			got, err := s.Token(context.Background())
			if err != nil {
				t.Fatalf("Token after expiry: %v", err)
			}
			checkRotated(t, srv, s, old, got)
		})
	}
}

// checkRotated checks a refresh from old to got at the fake, in the store and in State.
func checkRotated(t *testing.T, srv *zoomtest.Server, s *Session, old, got *oauth2.Token) {
	t.Helper()
	if got.AccessToken == old.AccessToken || got.RefreshToken == old.RefreshToken {
		t.Errorf("Token after expiry: got the old token, want a rotated one")
	}
	if srv.GrantActive(old.RefreshToken) || !srv.GrantActive(got.RefreshToken) {
		t.Errorf("at the fake: old refresh token active %v, new %v; want false, true",
			srv.GrantActive(old.RefreshToken), srv.GrantActive(got.RefreshToken))
	}
	stored, err := s.opts.Store.Load(context.Background())
	if err != nil || stored.RefreshToken != got.RefreshToken {
		t.Errorf("stored refresh token: got err %v, rotated one stored %v; want it stored", err, err == nil && stored.RefreshToken == got.RefreshToken)
	}
	if api, _ := got.Extra("api_url").(string); api != srv.URL {
		t.Errorf("api_url extra after refresh: got %q, want %q", api, srv.URL)
	}
	st := s.State()
	if st.Kind != SignedIn || st.LastRefresh.IsZero() || !st.NextRefresh.Before(st.Expiry) {
		t.Errorf("State: got %q last %v next %v expiry %v; want signed in, next refresh before expiry",
			st.Kind, st.LastRefresh, st.NextRefresh, st.Expiry)
	}
	if got, want := srv.Stats().Refreshes, 1; got != want {
		t.Errorf("refreshes at the fake: got %d, want %d", got, want)
	}
}

func TestRefreshSingleFlight(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	opts := sessTestOptions(nil)
	opts.now = clock.now
	s := signedInSession(t, srv, opts)
	clock.advance(time.Hour)
	const callers = 50
	tokens := make(chan string, callers)
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			tok, err := s.Token(context.Background())
			if err != nil {
				t.Errorf("Token: %v", err)
				return
			}
			tokens <- tok.AccessToken
		})
	}
	wg.Wait()
	close(tokens)
	distinct := map[string]bool{}
	for tok := range tokens {
		distinct[tok] = true
	}
	if got := len(distinct); got != 1 {
		t.Errorf("distinct access tokens among %d callers: got %d, want 1", callers, got)
	}
	if got, want := srv.Stats().Refreshes, 1; got != want {
		t.Errorf("refreshes at the fake: got %d, want %d", got, want)
	}
}

func TestRefreshAdoptsAnotherProcessRotation(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	a, b := twoProcesses(t, srv, clock)
	clock.advance(time.Hour)
	ta, err := a.Token(context.Background())
	if err != nil {
		t.Fatalf("a.Token: %v", err)
	}
	tb, err := b.Token(context.Background())
	if err != nil {
		t.Fatalf("b.Token: %v", err)
	}
	if tb.AccessToken != ta.AccessToken || tb.RefreshToken != ta.RefreshToken {
		t.Errorf("b's token: got another token than a's, want a's rotated token adopted")
	}
	st := srv.Stats()
	if st.Refreshes != 1 || st.InvalidGrant != 0 {
		t.Errorf("at the fake: got %d refreshes, %d invalid_grant; want 1, 0", st.Refreshes, st.InvalidGrant)
	}
}

func TestRefreshRejected(t *testing.T) {
	tests := []struct {
		name       string
		cfg        func(Config) Config
		break_     func(t *testing.T, srv *zoomtest.Server, clock *sessClock)
		wantReason Reason
	}{
		{name: "sign out of all devices", wantReason: ReasonRevoked,
			break_: func(t *testing.T, srv *zoomtest.Server, _ *sessClock) { srv.RevokeUserGrants("alex@example.com") }},
		{name: "newer authorization", wantReason: ReasonRevoked,
			break_: func(t *testing.T, srv *zoomtest.Server, _ *sessClock) { signInForTest(t, srv) }},
		{name: "refresh token expired", wantReason: ReasonExpired,
			break_: func(t *testing.T, srv *zoomtest.Server, c *sessClock) { c.advance(100 * 24 * time.Hour) }},
		{name: "client secret rotated", wantReason: ReasonUnknown,
			cfg: func(c Config) Config { c.ClientSecret = "old-secret"; return c }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := &sessClock{}
			srv := sessFake(t, zoomtest.Options{Now: clock.now})
			cfg := sessConfig(srv)
			if tt.cfg != nil {
				cfg = tt.cfg(cfg)
			}
			opts := sessTestOptions(tokenstore.NewMemory())
			opts.now = clock.now
			s := newTestSession(t, cfg, opts)
			if err := s.SignIn(context.Background(), signInForTest(t, srv)); err != nil {
				t.Fatal(err)
			}
			if tt.break_ != nil {
				tt.break_(t, srv, clock)
			}
			clock.advance(time.Hour)
			_, err := s.Token(context.Background())
			if !errors.Is(err, ErrNeedsSignIn) {
				t.Fatalf("Token: got %v, want %v", err, ErrNeedsSignIn)
			}
			if st := s.State(); st.Kind != NeedsSignIn || st.Reason != tt.wantReason {
				t.Errorf("State: got %q reason %q, want %q reason %q", st.Kind, st.Reason, NeedsSignIn, tt.wantReason)
			}
			before := tokenRequests(srv)
			if _, err := s.Token(context.Background()); !errors.Is(err, ErrNeedsSignIn) {
				t.Errorf("second Token: got %v, want %v", err, ErrNeedsSignIn)
			}
			s.BeginSignIn() // the user starts signing in again: still no refresh of the dead grant
			if _, err := s.Token(context.Background()); !errors.Is(err, ErrNeedsSignIn) {
				t.Errorf("Token while signing in: got %v, want %v", err, ErrNeedsSignIn)
			}
			if got := tokenRequests(srv); got != before {
				t.Errorf("token requests after NeedsSignIn: got %d more, want none (no retry loop)", got-before)
			}
			s.AbortSignIn(nil)
			if st := s.State(); st.Kind != NeedsSignIn || st.Reason != tt.wantReason {
				t.Errorf("State after AbortSignIn: got %q reason %q, want %q reason %q", st.Kind, st.Reason, NeedsSignIn, tt.wantReason)
			}
		})
	}
}

// scriptedTokenServer answers every token request with status and body.
func scriptedTokenServer(t testing.TB, status int, contentType, body string) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.WriteHeader(status)
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestRefreshErrorMapping(t *testing.T) {
	const jsonType = "application/json;charset=UTF-8"
	tests := []struct {
		name       string
		status     int
		body       string
		wantKind   StateKind
		wantReason Reason
	}{
		{"invalid token", 400, `{"reason":"Invalid Token!","error":"invalid_grant"}`, NeedsSignIn, ReasonRevoked},
		{"newer authorization 4741", 400, `{"reason":"Token revoked by a newer authorization (4741)","error":"invalid_grant"}`, NeedsSignIn, ReasonSignedInElsewhere},
		{"expired refresh token", 400, `{"reason":"Refresh token expired","error":"invalid_grant"}`, NeedsSignIn, ReasonExpired},
		{"legacy invalid_request 401", 401, `{"reason":"Invalid Token!","error":"invalid_request"}`, NeedsSignIn, ReasonRevoked},
		{"invalid client", 400, `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`, NeedsSignIn, ReasonUnknown},
		{"server error", 503, `{"code":503,"message":"Service Unavailable"}`, Offline, ""},
		{"rate limited", 429, `{"code":429,"message":"Too many requests"}`, Offline, ""},
		{"html login page", 200, `<html><body>Sign In</body></html>`, Offline, ""},
		{"truncated json", 200, `{"access_token":"at`, Offline, ""},
		{"no access token", 200, `{"token_type":"bearer","expires_in":3599}`, Offline, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := scriptedTokenServer(t, tt.status, jsonType, tt.body)
			s := newTestSession(t, Config{ClientID: "c", ClientSecret: "s", OAuthURL: base}, sessTestOptions(nil))
			expired := &oauth2.Token{AccessToken: "at-old", RefreshToken: "rt-old", Expiry: time.Now().Add(-time.Minute)}
			if err := s.SignIn(context.Background(), expired); err != nil {
				t.Fatal(err)
			}
			_, err := s.Token(context.Background())
			var re *RefreshError
			if !errors.As(err, &re) {
				t.Fatalf("Token: got %v, want a *RefreshError", err)
			}
			if st := s.State(); st.Kind != tt.wantKind || st.Reason != tt.wantReason {
				t.Errorf("State: got %q reason %q, want %q reason %q (err %v)", st.Kind, st.Reason, tt.wantKind, tt.wantReason, err)
			}
			wantSentinel := ErrNeedsSignIn
			if tt.wantKind == Offline {
				wantSentinel = ErrOffline
			}
			if !errors.Is(err, wantSentinel) {
				t.Errorf("Token error: got %v, want it to match %v", err, wantSentinel)
			}
		})
	}
}

func TestRefreshKeepsExtras(t *testing.T) {
	base := scriptedTokenServer(t, 200, "application/json",
		`{"access_token":"at-new","token_type":"bearer","refresh_token":"rt-new","expires_in":3599}`)
	s := newTestSession(t, Config{ClientID: "c", ClientSecret: "s", OAuthURL: base}, sessTestOptions(nil))
	old := (&oauth2.Token{AccessToken: "at-old", RefreshToken: "rt-old", Expiry: time.Now().Add(-time.Minute)}).
		WithExtra(map[string]any{"api_url": "https://api.zoomgov.com", "scope": "user:read"})
	if err := s.SignIn(context.Background(), old); err != nil {
		t.Fatal(err)
	}
	got, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"api_url": "https://api.zoomgov.com", "scope": "user:read"} {
		if v, _ := got.Extra(k).(string); v != want {
			t.Errorf("Extra(%q) after refresh: got %q, want %q", k, v, want)
		}
	}
	if got, want := s.APIURL(), "https://api.zoomgov.com/v2"; got != want {
		t.Errorf("APIURL: got %q, want %q", got, want)
	}
}

func TestRefreshSaveFailureKeepsToken(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	store := &brokenStore{Store: tokenstore.NewMemory()}
	opts := sessTestOptions(store)
	opts.now = clock.now
	s := signedInSession(t, srv, opts)
	store.set(nil, errors.Join(tokenstore.ErrUnavailable, errors.New("keyring locked")), nil)
	clock.advance(time.Hour)
	got, err := s.Token(context.Background())
	if err != nil {
		t.Fatalf("Token with a failing store: got %v, want the new token", err)
	}
	if st := s.State(); st.Kind != SignedIn || !errors.Is(st.Err, ErrTokenNotSaved) {
		t.Errorf("State: got %q err %v, want %q with %v", st.Kind, st.Err, SignedIn, ErrTokenNotSaved)
	}
	store.set(nil, nil, nil)
	clock.advance(time.Hour)
	again, err := s.Token(context.Background())
	if err != nil {
		t.Fatalf("Token after the store recovered: %v (the in-memory refresh token must be used)", err)
	}
	stored, err := store.Load(context.Background())
	if err != nil || stored.RefreshToken != again.RefreshToken || again.RefreshToken == got.RefreshToken {
		t.Errorf("after recovery: want the newest rotated token stored (err %v)", err)
	}
	if st := s.State(); st.Err != nil {
		t.Errorf("State.Err after a successful save: got %v, want nil", st.Err)
	}
}

func TestRefreshSignedOutElsewhere(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	a, b := twoProcesses(t, srv, clock)
	if _, err := a.SignOut(context.Background()); err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Hour)
	before := tokenRequests(srv)
	if _, err := b.Token(context.Background()); !errors.Is(err, ErrSignedOut) {
		t.Errorf("b.Token after a signed out: got %v, want %v", err, ErrSignedOut)
	}
	if got := b.State().Kind; got != SignedOut {
		t.Errorf("b's state: got %q, want %q", got, SignedOut)
	}
	if got := tokenRequests(srv) - before; got != 0 {
		t.Errorf("token requests: got %d, want 0", got)
	}
}
