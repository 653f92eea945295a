package perf

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// RefreshOptions configures RefreshLatency. Zero fields take the defaults given.
type RefreshOptions struct {
	// Duration is how long both clients call the API. Default 60 s.
	Duration time.Duration
	// Lifetime is the access token lifetime the fake issues. Default 20 s: x/oauth2's
	// ReuseTokenSource treats a token as expired 10 s early, so shorter tokens would be
	// refreshed on every call.
	Lifetime time.Duration
	// TokenLatency is injected into every token endpoint answer. Default 100 ms.
	TokenLatency time.Duration
	// Period is the time between calls of each caller. Default 100 ms: with the defaults
	// both clients together stay at half of the fake's Business per-second limit (80/s).
	Period time.Duration
	// Callers is the number of concurrent callers per client. Default 2.
	Callers int
	// Near is how close to a token request a call must be to count as at the boundary.
	// Default 250 ms.
	Near time.Duration
}

func (o RefreshOptions) withDefaults() RefreshOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&o.Duration, 60*time.Second)
	def(&o.Lifetime, 20*time.Second)
	def(&o.TokenLatency, 100*time.Millisecond)
	def(&o.Period, 100*time.Millisecond)
	def(&o.Near, 250*time.Millisecond)
	if o.Callers <= 0 {
		o.Callers = 2
	}
	return o
}

// RefreshSide is what one client saw: latencies of GET /users/me near a token request
// of its own and away from any, the token requests it made and the calls that failed.
type RefreshSide struct {
	Name          string
	Near, Away    Latencies
	TokenRequests int
	Failures      int
	FirstFailure  string // the first failed call's error, for diagnosis
}

// RefreshReport compares the session's background refresh (auth.Session with Run) with
// on-demand refresh (oauth2.ReuseTokenSource under oauth2.NewClient) in one run.
type RefreshReport struct {
	Options                 RefreshOptions
	Background, OnDemand    RefreshSide
	Refreshes, InvalidGrant int // at the fake, both clients together
}

// RefreshLatency runs both clients side by side against one fake Zoom whose token
// endpoint answers after opts.TokenLatency and whose access tokens live opts.Lifetime,
// each signed in as a different user so their grants are independent.
func RefreshLatency(ctx context.Context, opts RefreshOptions) (*RefreshReport, error) {
	opts = opts.withDefaults()
	s, err := zoomtest.Start(zoomtest.Options{AccessTokenTTL: opts.Lifetime, Plan: zoomtest.PlanBusiness})
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultLatency, Path: "/oauth/token", Latency: opts.TokenLatency})
	bg, err := newBackgroundClient(ctx, s, "alex@example.com")
	if err != nil {
		return nil, err
	}
	defer bg.close()
	od, err := newOnDemandClient(ctx, s, "jonas@example.com")
	if err != nil {
		return nil, err
	}
	rep := &RefreshReport{Options: opts}
	var wg sync.WaitGroup
	wg.Go(func() {
		rep.Background = measure(ctx, "background (auth.Session.Run)", bg.client, bg.api, bg.tokens, opts)
	})
	wg.Go(func() {
		rep.OnDemand = measure(ctx, "on demand (oauth2.ReuseTokenSource)", od.client, od.api, od.tokens, opts)
	})
	wg.Wait()
	st := s.Stats()
	rep.Refreshes, rep.InvalidGrant = st.Refreshes, st.InvalidGrant
	return rep, nil
}

// refreshClient is an authenticated client and the record of its token requests.
type refreshClient struct {
	client *http.Client
	api    string
	tokens *tokenLog
	close  func()
}

// newBackgroundClient signs a session in as email and runs its background refresher.
func newBackgroundClient(ctx context.Context, s *zoomtest.Server, email string) (*refreshClient, error) {
	log := &tokenLog{base: http.DefaultTransport}
	cfg := auth.Config{ClientID: "demo-client", ClientSecret: "demo-secret", OAuthURL: s.URL,
		APIURL: s.URL + "/v2", HTTPClient: &http.Client{Timeout: 30 * time.Second, Transport: log}}
	tok, err := issue(s, email)
	if err != nil {
		return nil, err
	}
	sess := auth.NewSession(cfg, auth.SessionOptions{})
	if err := sess.SignIn(ctx, tok); err != nil {
		sess.Close()
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() { defer close(done); _ = sess.Run(runCtx) }()
	return &refreshClient{client: sess.HTTPClient(), api: sess.APIURL(), tokens: log,
		close: func() { cancel(); <-done; sess.Close() }}, nil
}

// newOnDemandClient is the plain x/oauth2 way: a ReuseTokenSource that refreshes when a
// call finds the token expired (10 s before Expiry), inside that call.
func newOnDemandClient(ctx context.Context, s *zoomtest.Server, email string) (*refreshClient, error) {
	log := &tokenLog{base: http.DefaultTransport}
	cfg := auth.Config{ClientID: "demo-client", ClientSecret: "demo-secret", OAuthURL: s.URL}
	tok, err := issue(s, email)
	if err != nil {
		return nil, err
	}
	octx := context.WithValue(context.WithoutCancel(ctx), oauth2.HTTPClient,
		&http.Client{Timeout: 30 * time.Second, Transport: log})
	ts := cfg.OAuth2("").TokenSource(octx, tok)
	return &refreshClient{client: oauth2.NewClient(octx, ts), api: s.URL + "/v2", tokens: log, close: func() {}}, nil
}

// issue grants the demo client to email and returns the token a sign-in would give.
func issue(s *zoomtest.Server, email string) (*oauth2.Token, error) {
	access, refresh, err := s.IssueToken("demo-client", email)
	if err != nil {
		return nil, fmt.Errorf("issue token: %w", err)
	}
	ttl, _ := s.TokenLifetimes()
	// ExpiresIn as in a token response: the session caps its refresh margin by it.
	t := &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(ttl), ExpiresIn: int64(ttl / time.Second)}
	return t.WithExtra(map[string]any{"api_url": s.URL}), nil
}

// call performs GET /users/me and returns how long it took.
func call(ctx context.Context, c *http.Client, api string) (time.Duration, error) {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, api+"/users/me", nil)
	if err != nil {
		return 0, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("GET /users/me: HTTP %d", resp.StatusCode)
	}
	return time.Since(start), nil
}
