package auth

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// freeFlowPorts returns n loopback ports that were free a moment ago: the flows need fixed,
// registered ports, and picking them fresh keeps parallel test processes apart.
func freeFlowPorts(t *testing.T, n int) []int {
	t.Helper()
	ports := make([]int, n)
	lns := make([]net.Listener, n)
	for i := range n {
		ln, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("reserve a port: %v", err)
		}
		lns[i], ports[i] = ln, ln.Addr().(*net.TCPAddr).Port
	}
	for _, ln := range lns {
		_ = ln.Close()
	}
	return ports
}

// occupyPorts binds the ports for the rest of the test.
func occupyPorts(t *testing.T, ports ...int) {
	t.Helper()
	for _, p := range ports {
		ln, err := net.Listen("tcp4", "127.0.0.1:"+strconv.Itoa(p))
		if err != nil {
			t.Fatalf("occupy port %d: %v", p, err)
		}
		t.Cleanup(func() { _ = ln.Close() })
	}
}

// stubExchange is an exchange seam that answers a fixed token and counts its calls.
type stubExchange struct {
	mu    sync.Mutex
	codes []string
	err   error
}

func (s *stubExchange) exchange(_ context.Context, code string) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.codes = append(s.codes, code)
	if s.err != nil {
		return nil, s.err
	}
	return &oauth2.Token{AccessToken: "at-" + code, TokenType: "bearer"}, nil
}

func (s *stubExchange) calls() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.codes...)
}

// flowTestConfig is a confidential-client Config for ports, pointing at a host nobody answers.
func flowTestConfig(ports ...int) Config {
	return Config{ClientID: "demo-client", ClientSecret: "demo-secret", OAuthURL: "http://127.0.0.1:9", RedirectPorts: ports}
}

// startTestBrowser starts a browser sign-in that is closed when the test ends.
func startTestBrowser(t *testing.T, cfg Config, opts BrowserOptions) *BrowserLogin {
	t.Helper()
	b, err := StartBrowser(t.Context(), cfg, opts)
	if err != nil {
		t.Fatalf("StartBrowser: %v", err)
	}
	t.Cleanup(func() { _ = b.Close() })
	return b
}

func TestBrowserAuthorizeURL(t *testing.T) {
	for _, cfg := range []Config{flowTestConfig(freeFlowPorts(t, 1)...), {ClientID: "demo-public", OAuthURL: "https://zoom.us/", RedirectPorts: freeFlowPorts(t, 1)}} {
		t.Run(cfg.ClientID, func(t *testing.T) {
			b := startTestBrowser(t, cfg, BrowserOptions{})
			u, err := url.Parse(b.URL())
			if err != nil {
				t.Fatalf("parse URL: %v", err)
			}
			if got, want := u.Scheme+"://"+u.Host+u.Path, strings.TrimRight(cfg.OAuthURL, "/")+"/oauth/authorize"; got != want {
				t.Errorf("authorize endpoint: got %q, want %q", got, want)
			}
			sum := sha256.Sum256([]byte(b.verifier))
			q := u.Query()
			for k, want := range map[string]string{
				"response_type": "code", "client_id": cfg.ClientID, "state": b.state,
				"redirect_uri":          "http://127.0.0.1:" + strconv.Itoa(cfg.RedirectPorts[0]) + "/callback",
				"code_challenge_method": "S256", "code_challenge": base64.RawURLEncoding.EncodeToString(sum[:]),
			} {
				if got := q.Get(k); got != want {
					t.Errorf("%s: got %q, want %q", k, got, want)
				}
			}
			if q.Has("scope") {
				t.Errorf("scope: got %q, want no scope parameter", q.Get("scope"))
			}
			if got, want := b.RedirectURI(), q.Get("redirect_uri"); got != want {
				t.Errorf("RedirectURI: got %q, want %q", got, want)
			}
			if len(b.state) < 32 || len(b.verifier) < 43 {
				t.Errorf("state/verifier lengths: got %d/%d, want ≥32/≥43", len(b.state), len(b.verifier))
			}
		})
	}
}

func TestBrowserFreshStateAndVerifier(t *testing.T) {
	ports := freeFlowPorts(t, 2)
	a := startTestBrowser(t, flowTestConfig(ports[0]), BrowserOptions{})
	b := startTestBrowser(t, flowTestConfig(ports[1]), BrowserOptions{})
	if a.state == b.state || a.verifier == b.verifier {
		t.Errorf("two sign-ins share state or verifier; want fresh values each time")
	}
}

func TestBrowserPortSelection(t *testing.T) {
	ports := freeFlowPorts(t, 3)
	tests := []struct {
		name     string
		occupied []int
		want     int // index into ports, -1 for ErrNoFreePort
	}{
		{"first free", nil, 0},
		{"skips a busy port", ports[:1], 1},
		{"skips two busy ports", ports[:2], 2},
		{"none free", ports, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			occupyPorts(t, tt.occupied...)
			b, err := StartBrowser(t.Context(), flowTestConfig(ports...), BrowserOptions{})
			if tt.want < 0 {
				checkNoFreePort(t, err, ports)
				return
			}
			if err != nil {
				t.Fatalf("StartBrowser: %v", err)
			}
			defer b.Close()
			if got, want := b.RedirectURI(), "http://127.0.0.1:"+strconv.Itoa(ports[tt.want])+"/callback"; got != want {
				t.Errorf("RedirectURI: got %q, want %q", got, want)
			}
		})
	}
}

func checkNoFreePort(t *testing.T, err error, ports []int) {
	t.Helper()
	var pe *PortsError
	if !errors.Is(err, ErrNoFreePort) || !errors.As(err, &pe) {
		t.Fatalf("error: got %v, want a *PortsError matching ErrNoFreePort", err)
	}
	if got, want := len(pe.Ports), len(ports); got != want {
		t.Errorf("ports tried: got %d, want %d", got, want)
	}
	for _, p := range ports {
		if !strings.Contains(err.Error(), strconv.Itoa(p)) {
			t.Errorf("message %q does not name port %d", err, p)
		}
	}
	if !strings.Contains(err.Error(), "registered in the Zoom app") {
		t.Errorf("message %q does not say the ports must be registered", err)
	}
}

func TestBrowserListensOnLoopbackOnly(t *testing.T) {
	ports := freeFlowPorts(t, 1)
	ln, port, err := listenLoopback(t.Context(), ports)
	if err != nil {
		t.Fatalf("listenLoopback: %v", err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if got, want := addr.IP.String(), "127.0.0.1"; got != want || port != ports[0] {
		t.Errorf("bound %s (port %d), want %s:%d", addr, port, want, ports[0])
	}
}

func TestBrowserBadPorts(t *testing.T) {
	for _, ports := range [][]int{nil, {0}, {-1, 70000}} {
		_, err := StartBrowser(t.Context(), flowTestConfig(ports...), BrowserOptions{})
		if !errors.Is(err, ErrNoFreePort) {
			t.Errorf("ports %v: got %v, want ErrNoFreePort", ports, err)
		}
	}
}

func TestBrowserConfigChecked(t *testing.T) {
	for _, cfg := range []Config{{OAuthURL: "https://zoom.us"}, {ClientID: "x", OAuthURL: "zoom.us"}, {ClientID: "x"}} {
		if _, err := StartBrowser(t.Context(), cfg, BrowserOptions{}); err == nil {
			t.Errorf("config %+v: got nil error, want a configuration error", cfg)
		}
	}
}

func TestBrowserTimeout(t *testing.T) {
	b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{Timeout: 50 * time.Millisecond})
	_, err := b.Wait(t.Context())
	if !errors.Is(err, ErrTimeout) || errors.Is(err, ErrStateMismatch) {
		t.Errorf("Wait: got %v, want ErrTimeout alone", err)
	}
	checkClosed(t, b)
}

func TestBrowserTimeoutAfterStaleTab(t *testing.T) {
	b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{Timeout: time.Minute})
	if st, _ := getCallback(t, b, "code=c&state=stale", ""); st != http.StatusBadRequest {
		t.Fatalf("stale callback: got status %d, want 400", st)
	}
	b.deadline = time.Now() // the minute is up
	_, err := b.Wait(t.Context())
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, ErrStateMismatch) {
		t.Errorf("Wait: got %v, want ErrTimeout joined with ErrStateMismatch", err)
	}
}

func TestBrowserCancel(t *testing.T) {
	tests := []struct {
		name   string
		cancel func(b *BrowserLogin, cancelWait, cancelStart context.CancelFunc)
	}{
		{"wait context", func(_ *BrowserLogin, c, _ context.CancelFunc) { c() }},
		{"start context", func(_ *BrowserLogin, _, c context.CancelFunc) { c() }},
		{"Close", func(b *BrowserLogin, _, _ context.CancelFunc) { _ = b.Close() }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			startCtx, cancelStart := context.WithCancel(t.Context())
			defer cancelStart()
			b, err := StartBrowser(startCtx, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{})
			if err != nil {
				t.Fatalf("StartBrowser: %v", err)
			}
			waitCtx, cancelWait := context.WithCancel(t.Context())
			defer cancelWait()
			done := make(chan error, 1)
			go func() { _, err := b.Wait(waitCtx); done <- err }()
			tt.cancel(b, cancelWait, cancelStart)
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("Wait: got %v, want context.Canceled", err)
			}
			if err := b.Close(); err != nil {
				t.Errorf("second Close: got %v, want nil", err)
			}
			checkClosed(t, b)
		})
	}
}

func TestBrowserOpen(t *testing.T) {
	launchErr := errors.New("no browser")
	tests := []struct {
		name string
		err  error
	}{{"launched", nil}, {"launcher failed", launchErr}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opened := make(chan string, 1)
			open := func(u string) error { opened <- u; return tt.err }
			b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{open: open})
			err := <-b.Open()
			if got, want := <-opened, b.URL(); got != want {
				t.Errorf("opened %q, want %q", got, want)
			}
			if !errors.Is(err, tt.err) {
				t.Errorf("Open: got %v, want %v", err, tt.err)
			}
		})
	}
}

func TestBrowserOpenErrorHidesURL(t *testing.T) {
	var b *BrowserLogin
	open := func(u string) error { return errors.New("exec " + u + " failed for state " + b.state) }
	b = startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{open: open})
	err := <-b.Open()
	if err == nil || strings.Contains(err.Error(), b.state) || strings.Contains(err.Error(), b.URL()) {
		t.Errorf("Open error %q: want an error without the URL or state", err)
	}
}

// checkClosed fails unless the listener refuses connections.
func checkClosed(t *testing.T, b *BrowserLogin) {
	t.Helper()
	c, err := net.DialTimeout("tcp4", b.host, 2*time.Second)
	if err == nil {
		_ = c.Close()
		t.Errorf("listener %s still accepts connections after the sign-in ended", b.host)
	}
}

// TestBrowserClosesWithoutWait checks that the listener shuts itself down when the sign-in
// is over even if nobody waits (RFC 8252 §8.3): after the one accepted callback, at the
// timeout, and when StartBrowser's context ends. Wait afterwards still tells what happened.
func TestBrowserClosesWithoutWait(t *testing.T) {
	tests := []struct {
		name    string
		timeout time.Duration
		end     func(t *testing.T, b *BrowserLogin, cancelStart context.CancelFunc)
		wantErr error // nil: want the token
	}{
		{"accepted callback", time.Minute, func(t *testing.T, b *BrowserLogin, _ context.CancelFunc) {
			if st, _ := getCallback(t, b, "code=c1&state="+b.state, ""); st != http.StatusOK {
				t.Fatalf("callback: got status %d, want 200", st)
			}
		}, nil},
		{"timeout", 50 * time.Millisecond, func(*testing.T, *BrowserLogin, context.CancelFunc) {}, ErrTimeout},
		{"start context", time.Minute, func(_ *testing.T, _ *BrowserLogin, c context.CancelFunc) { c() }, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			startCtx, cancelStart := context.WithCancel(t.Context())
			defer cancelStart()
			opts := BrowserOptions{Timeout: tt.timeout, exchange: (&stubExchange{}).exchange}
			b, err := StartBrowser(startCtx, flowTestConfig(freeFlowPorts(t, 1)...), opts)
			if err != nil {
				t.Fatalf("StartBrowser: %v", err)
			}
			t.Cleanup(func() { _ = b.Close() })
			tt.end(t, b, cancelStart)
			select {
			case <-b.served:
			case <-time.After(10 * time.Second):
				t.Fatalf("listener still serving 10 s after the sign-in ended, with nobody in Wait")
			}
			checkClosed(t, b)
			tok, err := b.Wait(t.Context())
			checkFlowResult(t, tok, err, tt.wantErr)
		})
	}
}

// TestBrowserDefaultDeadline: a person may need longer than Zoom's 5-minute code lifetime
// to get through single sign-on and MFA before the redirect, so the listener waits 15
// minutes by default, and says until when.
func TestBrowserDefaultDeadline(t *testing.T) {
	before := time.Now()
	b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{})
	if got := b.Deadline().Sub(before); got < 15*time.Minute || got > 15*time.Minute+time.Minute {
		t.Errorf("deadline %v after start, want 15 minutes", got)
	}
	b2 := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{Timeout: time.Minute})
	if got := time.Until(b2.Deadline()); got > time.Minute {
		t.Errorf("deadline with Timeout 1m is %v away, want at most 1m", got)
	}
}
