package zoomapi_test

import (
	"context"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

const redirectURI = "http://127.0.0.1:53682/callback"

// env is a fake Zoom with a client signed in through the fake's OAuth endpoints.
type env struct {
	s      *zoomtest.Server
	c      *zoomapi.Client
	tok    *oauth2.Token
	log    *requestLog
	sleeps *sleepLog
	// now is the fake's clock, shared with every client of the env: a Retry-After computed
	// from a pinned fake clock must be read against that same clock, not the wall clock.
	now func() time.Time
}

// newEnv starts a fake (Business plan unless opts says otherwise, so that the per-second
// limits do not interfere with request counts) and a client for it whose retry waits are
// recorded instead of spent.
func newEnv(t testing.TB, opts zoomtest.Options, copts ...zoomapi.Option) *env {
	t.Helper()
	if opts.Plan == "" {
		opts.Plan = zoomtest.PlanBusiness
	}
	s := zoomtest.NewServer(opts)
	t.Cleanup(s.Close)
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	e := &env{s: s, log: &requestLog{}, sleeps: &sleepLog{}, now: now}
	e.tok = signIn(t, s)
	e.c = e.client(e.tok, copts...)
	return e
}

// client returns a zoomapi client that sends tok through the request log.
func (e *env) client(tok *oauth2.Token, copts ...zoomapi.Option) *zoomapi.Client {
	return e.clientOn(http.DefaultTransport.(*http.Transport).Clone(), tok, copts...)
}

// strictClient is a client without keep-alive: net/http re-sends an idempotent request
// by itself when a reused connection fails, which would hide attempts from the log.
func (e *env) strictClient(copts ...zoomapi.Option) *zoomapi.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableKeepAlives = true
	return e.clientOn(tr, e.tok, copts...)
}

func (e *env) clientOn(base http.RoundTripper, tok *oauth2.Token, copts ...zoomapi.Option) *zoomapi.Client {
	hc := &http.Client{Timeout: 10 * time.Second, Transport: &oauth2.Transport{
		Source: oauth2.StaticTokenSource(tok),
		Base:   &loggingTransport{log: e.log, base: base},
	}}
	c := zoomapi.NewClient(hc, e.s.URL+"/v2", copts...)
	zoomapi.SetClock(c, e.now, e.sleeps.sleep)
	return c
}

// scopedClient returns a client whose token holds only scopes (fake's IssueToken seam).
func (e *env) scopedClient(t *testing.T, scopes ...string) *zoomapi.Client {
	t.Helper()
	access, _, err := e.s.IssueToken("demo-client", "", scopes...)
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	return e.client(&oauth2.Token{AccessToken: access, TokenType: "bearer"})
}

// signIn drives the fake's authorization code + PKCE flow as a browser and the app would:
// the consent form's POST answers 302 with the code, which oauth2 exchanges with Basic
// client authentication (docs/zoom-reference.md, "Authorization code + PKCE").
func signIn(t testing.TB, s *zoomtest.Server) *oauth2.Token {
	t.Helper()
	conf := &oauth2.Config{
		ClientID: "demo-client", ClientSecret: "demo-secret", RedirectURL: redirectURI,
		Endpoint: oauth2.Endpoint{AuthURL: s.URL + "/oauth/authorize", TokenURL: s.URL + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInHeader},
	}
	verifier := oauth2.GenerateVerifier()
	form := url.Values{
		"client_id": {"demo-client"}, "redirect_uri": {redirectURI}, "response_type": {"code"},
		"state": {"st4te"}, "code_challenge": {oauth2.S256ChallengeFromVerifier(verifier)},
		"code_challenge_method": {"S256"}, "decision": {"allow"},
	}
	noRedirect := &http.Client{Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(s.URL+"/oauth/authorize", form)
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || err != nil || loc.Query().Get("state") != "st4te" {
		t.Fatalf("authorize: got status %d, want 302 to the redirect URI with the state", resp.StatusCode)
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, noRedirect)
	tok, err := conf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("token exchange failed: %T", err) // the error may quote the code: type only
	}
	return tok
}

// logged is one request the client sent.
type logged struct {
	Method, Path string
	Query        url.Values
	Range        string
}

// requestLog records requests; mu guards reqs.
type requestLog struct {
	mu   sync.Mutex
	reqs []logged
}

func (l *requestLog) all() []logged {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]logged(nil), l.reqs...)
}

// count returns how many requests went to method and path.
func (l *requestLog) count(method, path string) int {
	n := 0
	for _, r := range l.all() {
		if r.Method == method && r.Path == path {
			n++
		}
	}
	return n
}

func (l *requestLog) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reqs = nil
}

// loggingTransport records every request and can rewrite responses (modify).
type loggingTransport struct {
	log    *requestLog
	base   http.RoundTripper
	modify func(*http.Response)
	onSend func(*http.Request)
}

func (lt *loggingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	lt.log.mu.Lock()
	lt.log.reqs = append(lt.log.reqs, logged{r.Method, r.URL.Path, r.URL.Query(), r.Header.Get("Range")})
	lt.log.mu.Unlock()
	if lt.onSend != nil {
		lt.onSend(r)
	}
	resp, err := lt.base.RoundTrip(r)
	if err == nil && lt.modify != nil {
		lt.modify(resp)
	}
	return resp, err
}

// sleepLog records the client's retry waits and returns at once; mu guards waits.
type sleepLog struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleepLog) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.waits = nil
}

func (s *sleepLog) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

// authTransport returns a transport that adds e's bearer token.
func authTransport(e *env) http.RoundTripper {
	return &oauth2.Transport{Source: oauth2.StaticTokenSource(e.tok), Base: http.DefaultTransport.(*http.Transport).Clone()}
}
