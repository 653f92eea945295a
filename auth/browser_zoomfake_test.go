package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
	"golang.org/x/oauth2"
)

// flowFake starts a fake Zoom whose seeded clients have the redirect URIs of ports
// registered instead of the defaults, so parallel test processes never share a port.
func flowFake(t *testing.T, opts zoomtest.Options, ports ...int) *zoomtest.Server {
	t.Helper()
	uris := make([]string, len(ports))
	for i, p := range ports {
		uris[i] = fmt.Sprintf("http://127.0.0.1:%d/callback", p)
	}
	opts.Clients = zoomtest.DefaultClients()
	for i := range opts.Clients {
		opts.Clients[i].RedirectURIs = uris
	}
	s := zoomtest.NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// fakeConfig is a Config for one of the fake's seeded clients.
func fakeConfig(s *zoomtest.Server, clientID, secret string, ports ...int) Config {
	return Config{ClientID: clientID, ClientSecret: secret, OAuthURL: s.URL, APIURL: s.URL + "/v2",
		RedirectPorts: ports, HTTPClient: s.Client()}
}

// visitAuthorize plays a browser without JavaScript: GET the authorize URL and follow the fake's
// redirect to the loopback callback.
func visitAuthorize(t *testing.T, u string) int {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(u)
	if err != nil {
		t.Fatalf("visit authorize URL: %v", err)
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}

// checkToken checks a token the fake issued by the given grant.
func checkToken(t *testing.T, s *zoomtest.Server, tok *oauth2.Token, grant string) {
	t.Helper()
	if tok == nil || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token: got %+v, want access and refresh tokens", tok)
	}
	if !s.GrantActive(tok.AccessToken) || !s.GrantActive(tok.RefreshToken) {
		t.Errorf("the fake does not know the token as an active grant")
	}
	if got, want := tok.Extra("api_url"), any(s.URL); got != want {
		t.Errorf("api_url: got %v, want %v", got, want)
	}
	if tok.Expiry.IsZero() || time.Until(tok.Expiry) > time.Hour {
		t.Errorf("expiry: got %v, want within the hour", tok.Expiry)
	}
	if got := s.Stats().TokenGrants; got[grant] != 1 {
		t.Errorf("token grants: got %v, want one %s", got, grant)
	}
}

func TestBrowserZoomFake(t *testing.T) {
	tests := []struct {
		name, client, secret string
		autoDeny             bool
		spoil                func(b *BrowserLogin)
		wantErr              error // nil: want a token
	}{
		{"confidential client", "demo-client", "demo-secret", false, nil, nil},
		{"public client", "demo-public", "", false, nil, nil},
		{"user declines", "demo-client", "demo-secret", true, nil, ErrAccessDenied},
		{"wrong secret", "demo-client", "wrong-secret", false, nil, ErrInvalidClient},
		{"wrong PKCE verifier", "demo-public", "", false, func(b *BrowserLogin) { b.verifier = oauth2.GenerateVerifier() }, ErrInvalidGrant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ports := freeFlowPorts(t, 2)
			opts := zoomtest.Options{AutoApprove: "alex@example.com"}
			if tt.autoDeny {
				opts = zoomtest.Options{AutoDeny: true}
			}
			s := flowFake(t, opts, ports...)
			b := startTestBrowser(t, fakeConfig(s, tt.client, tt.secret, ports...), BrowserOptions{})
			if tt.spoil != nil {
				tt.spoil(b)
			}
			visitAuthorize(t, b.URL())
			tok, err := b.Wait(t.Context())
			checkFlowResult(t, tok, err, tt.wantErr)
			if tt.wantErr == nil {
				checkToken(t, s, tok, "authorization_code")
			}
		})
	}
}

// TestBrowserZoomFakeSecondPort registers only the second port: the first is busy, so
// the sign-in must use the second and the fake must accept it as registered.
func TestBrowserZoomFakeSecondPort(t *testing.T) {
	ports := freeFlowPorts(t, 2)
	occupyPorts(t, ports[0])
	s := flowFake(t, zoomtest.Options{AutoApprove: "alex@example.com"}, ports[1])
	b := startTestBrowser(t, fakeConfig(s, "demo-client", "demo-secret", ports...), BrowserOptions{})
	visitAuthorize(t, b.URL())
	tok, err := b.Wait(t.Context())
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	checkToken(t, s, tok, "authorization_code")
}

// TestBrowserChromium signs in through a real headless Chromium launched by
// pkg/browser (xdg-open, $BROWSER). Run it with scripts/testenv.sh.
func TestBrowserChromium(t *testing.T) {
	testenv.Browser(t) // scripts/testenv.sh makes the shim the default browser
	tests := []struct {
		name    string
		opts    zoomtest.Options
		wantErr error
	}{
		{"approve", zoomtest.Options{AutoApprove: "alex@example.com"}, nil},
		{"deny", zoomtest.Options{AutoDeny: true}, ErrAccessDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ports := freeFlowPorts(t, 1)
			s := flowFake(t, tt.opts, ports...)
			b := startTestBrowser(t, fakeConfig(s, "demo-public", "", ports...), BrowserOptions{Timeout: time.Minute})
			if err := <-b.Open(); err != nil {
				t.Fatalf("Open: %v", err)
			}
			tok, err := b.Wait(t.Context())
			checkFlowResult(t, tok, err, tt.wantErr)
			if tt.wantErr == nil {
				checkToken(t, s, tok, "authorization_code")
			}
			if got := s.Stats().Routes["GET /oauth/authorize"].Count; got != 1 {
				t.Errorf("authorize requests: got %d, want 1 (from Chromium)", got)
			}
		})
	}
}

// TestBrowserZoomFakeExchangeCancelled cancels while the token request hangs.
func TestBrowserZoomFakeExchangeCancelled(t *testing.T) {
	ports := freeFlowPorts(t, 1)
	s := flowFake(t, zoomtest.Options{AutoApprove: "alex@example.com"}, ports...)
	s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultLatency, Path: "/oauth/token", Latency: time.Minute})
	b := startTestBrowser(t, fakeConfig(s, "demo-client", "demo-secret", ports...), BrowserOptions{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := b.Wait(ctx); done <- err }()
	resp, err := (&http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}).Get(b.URL())
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	_ = resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize redirect %v: want one with a code", err)
	}
	go func() { _, _, _ = doRequest(context.Background(), b, "GET", "/callback?"+loc.RawQuery, "") }()
	flowWaitFor(t, func() bool { return b.accepted.Load() })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Wait: got %v, want context.Canceled", err)
	}
	checkClosed(t, b)
}
