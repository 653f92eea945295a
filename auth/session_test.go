package auth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// sessRedirect is a redirect URI registered for the fake's seeded clients.
const sessRedirect = "http://127.0.0.1:53682/callback"

// sessFake starts a fake Zoom closed at the end of the test.
func sessFake(t testing.TB, opts zoomtest.Options) *zoomtest.Server {
	t.Helper()
	srv := zoomtest.NewServer(opts)
	t.Cleanup(srv.Close)
	return srv
}

// sessConfig is the confidential demo client's configuration for srv.
func sessConfig(srv *zoomtest.Server) Config {
	return Config{ClientID: "demo-client", ClientSecret: "demo-secret", OAuthURL: srv.URL,
		APIURL: srv.URL + "/v2", RedirectPorts: []int{53682}, HTTPClient: srv.Client()}
}

// signInForTest drives the fake's scriptable consent (POST /oauth/authorize with
// decision=allow, PKCE S256) and exchanges the code with x/oauth2, as the browser flow would.
func signInForTest(t testing.TB, srv *zoomtest.Server) *oauth2.Token {
	t.Helper()
	return signInAs(t, srv, sessConfig(srv), "")
}

// signInAs is signInForTest for a given client configuration and user ("" for the default).
func signInAs(t testing.TB, srv *zoomtest.Server, cfg Config, email string) *oauth2.Token {
	t.Helper()
	verifier := oauth2.GenerateVerifier()
	form := url.Values{"client_id": {cfg.ClientID}, "redirect_uri": {sessRedirect},
		"response_type": {"code"}, "state": {"st-1"}, "decision": {"allow"},
		"code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)}, "code_challenge_method": {"S256"}}
	if email != "" {
		form.Set("user", email)
	}
	noRedirect := &http.Client{Timeout: 10 * time.Second, Transport: srv.Transport(),
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(srv.URL+"/oauth/authorize", form)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: got status %d and no code, want 302 with a code", resp.StatusCode)
	}
	ctx, cancel := context.WithTimeout(context.WithValue(context.Background(), oauth2.HTTPClient, srv.Client()), 10*time.Second)
	defer cancel()
	tok, err := cfg.OAuth2(sessRedirect).Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", TokenErrorFrom(err))
	}
	return tok
}

// sessTestOptions are SessionOptions with short backoffs for tests, and a frequent clock
// check so that Run notices at once when a test moves the session's clock.
func sessTestOptions(store tokenstore.Store) SessionOptions {
	return SessionOptions{Store: store, backoffMin: 20 * time.Millisecond, backoffMax: 200 * time.Millisecond,
		jitter: func(d time.Duration) time.Duration { return d }, wakeCheck: 10 * time.Millisecond}
}

// newTestSession returns a session closed at the end of the test.
func newTestSession(t testing.TB, cfg Config, opts SessionOptions) *Session {
	t.Helper()
	s := NewSession(cfg, opts)
	t.Cleanup(func() { s.Close() })
	return s
}

// signedInSession returns a session of srv's default user, signed in with a file store and a
// lock file in a temporary directory.
func signedInSession(t testing.TB, srv *zoomtest.Server, opts SessionOptions) *Session {
	t.Helper()
	dir := t.TempDir()
	if opts.Store == nil {
		opts.Store = tokenstore.NewFile(filepath.Join(dir, "tokens.json"))
	}
	if opts.LockPath == "" {
		opts.LockPath = filepath.Join(dir, "session.lock")
	}
	s := newTestSession(t, sessConfig(srv), opts)
	if err := s.SignIn(context.Background(), signInForTest(t, srv)); err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	return s
}

// sharedFileOptions are sessTestOptions on clock with a token file and a lock file in a
// fresh directory, shared by every session made with them (as by processes of one user).
func sharedFileOptions(t testing.TB, clock *sessClock) SessionOptions {
	t.Helper()
	dir := t.TempDir()
	opts := sessTestOptions(tokenstore.NewFile(filepath.Join(dir, "tokens.json")))
	opts.LockPath, opts.now = filepath.Join(dir, "session.lock"), clock.now
	return opts
}

// twoProcesses returns session a, signed in to srv, and session b, which loaded the token
// a stored, as two processes of one user sharing the token file and the lock.
func twoProcesses(t testing.TB, srv *zoomtest.Server, clock *sessClock) (a, b *Session) {
	t.Helper()
	opts := sharedFileOptions(t, clock)
	a = signedInSession(t, srv, opts)
	b = newTestSession(t, sessConfig(srv), opts)
	if err := b.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	return a, b
}

// waitState waits until the session's state satisfies ok, failing after a generous deadline.
func waitState(t testing.TB, s *Session, what string, ok func(State) bool) State {
	t.Helper()
	ch, cancel := s.Subscribe()
	defer cancel()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case st := <-ch:
			if ok(st) {
				return st
			}
		case <-deadline:
			t.Fatalf("waiting for %s: last state %+v", what, s.State())
		}
	}
}

func TestSessionLoad(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	tok := signInForTest(t, srv)
	unavailable := errors.Join(tokenstore.ErrUnavailable, errors.New("no secret service"))
	tests := []struct {
		name     string
		stored   *oauth2.Token
		loadErr  error
		wantKind StateKind
		wantErr  error
	}{
		{name: "nothing stored", wantKind: SignedOut},
		{name: "token stored", stored: tok, wantKind: SignedIn},
		{name: "store unavailable", loadErr: unavailable, wantKind: SignedOut, wantErr: tokenstore.ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &brokenStore{Store: tokenstore.NewMemory()}
			if tt.stored != nil {
				if err := store.Save(context.Background(), tt.stored); err != nil {
					t.Fatal(err)
				}
			}
			store.set(tt.loadErr, nil, nil)
			s := newTestSession(t, sessConfig(srv), sessTestOptions(store))
			err := s.Load(context.Background())
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Errorf("Load: got error %v, want %v", err, tt.wantErr)
			}
			st := s.State()
			if st.Kind != tt.wantKind {
				t.Errorf("State().Kind: got %q, want %q", st.Kind, tt.wantKind)
			}
			if tt.wantErr != nil && !errors.Is(st.Err, tt.wantErr) {
				t.Errorf("State().Err: got %v, want it to wrap %v", st.Err, tt.wantErr)
			}
			if st.StoreKind != "memory" {
				t.Errorf("State().StoreKind: got %q, want %q", st.StoreKind, "memory")
			}
		})
	}
}

func TestSessionSignInPersistsFirst(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	tests := []struct {
		name    string
		saveErr error
		wantErr error
	}{
		{name: "saved"},
		{name: "store fails", saveErr: tokenstore.ErrUnavailable, wantErr: ErrTokenNotSaved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			store := &brokenStore{Store: tokenstore.NewMemory()}
			store.set(nil, tt.saveErr, nil)
			s := newTestSession(t, sessConfig(srv), sessTestOptions(store))
			tok := signInForTest(t, srv)
			err := s.SignIn(context.Background(), tok)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil) != (err == nil) {
				t.Fatalf("SignIn: got error %v, want %v", err, tt.wantErr)
			}
			if got := s.State(); got.Kind != SignedIn || !errors.Is(got.Err, tt.wantErr) {
				t.Errorf("State: got %q err %v, want %q err %v", got.Kind, got.Err, SignedIn, tt.wantErr)
			}
			store.set(nil, nil, nil)
			stored, err := store.Load(context.Background())
			if tt.saveErr == nil && (err != nil || stored.RefreshToken != tok.RefreshToken) {
				t.Errorf("stored token: got err %v, same refresh token %v; want the signed-in token", err, err == nil && stored.RefreshToken == tok.RefreshToken)
			}
			if got, err := s.Token(context.Background()); err != nil || got.AccessToken != tok.AccessToken {
				t.Errorf("Token: got err %v, want the signed-in access token", err)
			}
		})
	}
}

func TestSessionAPIURL(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	s := newTestSession(t, Config{OAuthURL: srv.URL, APIURL: "https://api.example.test/v2/"}, SessionOptions{})
	if got, want := s.APIURL(), "https://api.example.test/v2"; got != want {
		t.Errorf("APIURL before sign-in: got %q, want %q", got, want)
	}
	if err := s.SignIn(context.Background(), signInForTest(t, srv)); err != nil {
		t.Fatal(err)
	}
	if got, want := s.APIURL(), srv.URL+"/v2"; got != want {
		t.Errorf("APIURL with api_url extra: got %q, want %q", got, want)
	}
}

func TestSessionSubscribeLatestWins(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	s := newTestSession(t, sessConfig(srv), SessionOptions{})
	ch, cancel := s.Subscribe()
	if got := <-ch; got.Kind != SignedOut {
		t.Errorf("first state: got %q, want %q", got.Kind, SignedOut)
	}
	s.BeginSignIn()
	if err := s.SignIn(context.Background(), signInForTest(t, srv)); err != nil {
		t.Fatal(err)
	}
	if got := <-ch; got.Kind != SignedIn {
		t.Errorf("after SigningIn then SignedIn unread: got %q, want the latest, %q", got.Kind, SignedIn)
	}
	cancel()
	if _, ok := <-ch; ok {
		t.Error("channel still open after cancel")
	}
	cancel() // a second cancel is harmless
}

func TestSessionAbortSignIn(t *testing.T) {
	s := newTestSession(t, Config{}, SessionOptions{})
	s.BeginSignIn()
	if got := s.State().Kind; got != SigningIn {
		t.Fatalf("after BeginSignIn: got %q, want %q", got, SigningIn)
	}
	s.AbortSignIn(ErrAccessDenied)
	if got := s.State(); got.Kind != SignedOut || !errors.Is(got.Err, ErrAccessDenied) {
		t.Errorf("after AbortSignIn: got %q err %v, want %q err %v", got.Kind, got.Err, SignedOut, ErrAccessDenied)
	}
}

func TestSessionTokenErrors(t *testing.T) {
	s := newTestSession(t, Config{}, SessionOptions{})
	if _, err := s.Token(context.Background()); !errors.Is(err, ErrSignedOut) {
		t.Errorf("Token when signed out: got %v, want %v", err, ErrSignedOut)
	}
}

func TestSessionHTTPClient(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	s := signedInSession(t, srv, sessTestOptions(nil))
	var gotAuth []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth = append(gotAuth, r.Header.Get("Authorization"))
	}))
	t.Cleanup(other.Close)
	tests := []struct {
		name       string
		url        string
		wantStatus int
	}{
		{"zoom REST", s.APIURL() + "/users/me", http.StatusOK},
		{"other host gets no token", other.URL + "/x", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := s.HTTPClient().Get(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status: got %d, want %d", resp.StatusCode, tt.wantStatus)
			}
		})
	}
	if len(gotAuth) != 1 || gotAuth[0] != "" {
		t.Errorf("Authorization at the other host: got %q, want none", gotAuth)
	}
}

func TestSessionHTTPClientRetriesOn124(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{AccessTokenTTL: 2 * time.Second})
	clock := &sessClock{off: -time.Minute} // the session's clock lags: it thinks its token is fresh
	opts := sessTestOptions(nil)
	opts.now = clock.now
	s := signedInSession(t, srv, opts)
	old, err := s.Token(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	testenv.Eventually(t, 20*time.Second, "the fake to expire the access token", func() bool { return !srv.GrantActive(old.AccessToken) })
	tests := []struct {
		name        string
		body        func() io.Reader
		wantStatus  int
		wantRefresh int
	}{
		{"replayable body: refreshed and retried", func() io.Reader { return nil }, http.StatusOK, 1},
		{"non-replayable body: 401 returned", func() io.Reader { return struct{ io.Reader }{strings.NewReader("{}")} },
			http.StatusUnauthorized, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantStatus == http.StatusUnauthorized {
				cur, _ := s.Token(context.Background())
				testenv.Eventually(t, 20*time.Second, "the fake to expire the new token", func() bool { return !srv.GrantActive(cur.AccessToken) })
				clock.advance(-time.Minute) // refreshed tokens follow the session's clock: make it lag again
			}
			req, err := http.NewRequest(http.MethodGet, s.APIURL()+"/users/me", tt.body())
			if err != nil {
				t.Fatal(err)
			}
			resp, err := s.HTTPClient().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tt.wantStatus {
				t.Errorf("status: got %d (%s), want %d", resp.StatusCode, body, tt.wantStatus)
			}
			if got := srv.Stats().Refreshes; got != tt.wantRefresh {
				t.Errorf("refreshes at the fake: got %d, want %d", got, tt.wantRefresh)
			}
		})
	}
}

func TestSessionSignOut(t *testing.T) {
	tests := []struct {
		name        string
		offline     bool
		wantRevoked bool
	}{
		{name: "online: revoked at Zoom", wantRevoked: true},
		{name: "offline: deleted locally only", offline: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := sessFake(t, zoomtest.Options{})
			s := signedInSession(t, srv, sessTestOptions(nil))
			tok, err := s.Token(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if tt.offline {
				srv.Close()
			}
			res, err := s.SignOut(context.Background())
			if err != nil {
				t.Fatalf("SignOut: %v", err)
			}
			if res.Revoked != tt.wantRevoked || (res.RevokeErr == nil) != tt.wantRevoked || !res.Deleted {
				t.Errorf("result: got revoked %v (err %v) deleted %v, want revoked %v deleted true",
					res.Revoked, res.RevokeErr, res.Deleted, tt.wantRevoked)
			}
			if !tt.offline && (srv.GrantActive(tok.AccessToken) || srv.GrantActive(tok.RefreshToken)) {
				t.Errorf("at the fake: grant still active after sign-out, want revoked")
			}
			if _, err := s.opts.Store.Load(context.Background()); !errors.Is(err, tokenstore.ErrNotFound) {
				t.Errorf("store after sign-out: got %v, want %v", err, tokenstore.ErrNotFound)
			}
			if st := s.State(); st.Kind != SignedOut {
				t.Errorf("State: got %q, want %q", st.Kind, SignedOut)
			}
			if _, err := s.Token(context.Background()); !errors.Is(err, ErrSignedOut) {
				t.Errorf("Token after sign-out: got %v, want %v", err, ErrSignedOut)
			}
		})
	}
}
