package reliability

import (
	"context"
	"flag"
	"net"
	"net/http"
	"os"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// long selects the longer soak: go test ./reliability/ -long (or RELIABILITY_LONG=1).
var long = flag.Bool("long", false, "run the longer soak (also RELIABILITY_LONG=1)")

// waitFor bounds every wait for a condition in this package.
const waitFor = 30 * time.Second

// isLong reports whether the longer soak was asked for.
func isLong() bool { return *long || os.Getenv("RELIABILITY_LONG") == "1" }

// Seeded accounts of the fake (zoomtest.DefaultClients, seed.go).
const (
	clientID     = "demo-client"
	clientSecret = "demo-secret"
	userEmail    = "alex@example.com"
)

// newFake starts a fake Zoom closed at the end of the test.
func newFake(t testing.TB, opts zoomtest.Options) *zoomtest.Server {
	t.Helper()
	s := zoomtest.NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// authConfig is the confidential demo client against s, with an HTTP client of the
// given timeout (30 s when zero) and redirect ports.
func authConfig(s *zoomtest.Server, timeout time.Duration, ports ...int) auth.Config {
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	return auth.Config{ClientID: clientID, ClientSecret: clientSecret, OAuthURL: s.URL,
		APIURL: s.URL + "/v2", RedirectPorts: ports, HTTPClient: &http.Client{Timeout: timeout}}
}

// issue grants the demo client to alex at s without the browser dance and returns the
// token as a sign-in flow would, expiring after the fake's current access lifetime.
func issue(t testing.TB, s *zoomtest.Server) *oauth2.Token {
	t.Helper()
	access, refresh, err := s.IssueToken(clientID, userEmail)
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	ttl, _ := s.TokenLifetimes()
	tok := &oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(ttl), ExpiresIn: int64(ttl / time.Second)}
	return tok.WithExtra(map[string]any{"api_url": s.URL})
}

// signedIn returns a session of cfg holding tok, closed at the end of the test.
func signedIn(t testing.TB, cfg auth.Config, opts auth.SessionOptions, tok *oauth2.Token) *auth.Session {
	t.Helper()
	sess := auth.NewSession(cfg, opts)
	t.Cleanup(func() { sess.Close() })
	if err := sess.SignIn(context.Background(), tok); err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	return sess
}

// freePortNoT returns a loopback port that was free a moment ago, or 0 when none could
// be bound (a later bind then fails with a clear error).
func freePortNoT() int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// routeCount sums the requests the fake counted for the given routes, e.g.
// "POST /oauth/token".
func routeCount(s *zoomtest.Server, routes ...string) int {
	st := s.Stats()
	n := 0
	for _, r := range routes {
		n += st.Routes[r].Count
	}
	return n
}

// skipSoakInShort skips a test that runs for tens of seconds by design (a soak or a matrix
// of every fault on every endpoint) in the developer's loop, go test -short. The full
// suite, scripts/test.sh, always runs it.
func skipSoakInShort(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("a soak: scripts/test.sh runs it; go test -short skips it")
	}
}
