package reliability

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// browserLogin starts a browser sign-in against a fake that approves at once, on a free
// port registered for the demo client, and returns it with the fake.
func browserLogin(t *testing.T) (*auth.BrowserLogin, *zoomtest.Server, int) {
	t.Helper()
	port := freePortNoT()
	s := newFake(t, zoomtest.Options{AutoApprove: userEmail, Clients: []zoomtest.Client{{ID: clientID,
		Secret: clientSecret, RedirectURIs: []string{fmt.Sprintf("http://127.0.0.1:%d/callback", port)}}}})
	b, err := auth.StartBrowser(context.Background(), authConfig(s, 0, port), auth.BrowserOptions{Timeout: waitFor})
	if err != nil {
		t.Fatalf("StartBrowser: %v", err)
	}
	t.Cleanup(func() { b.Close() })
	return b, s, port
}

// TestLoopbackListenerAddress checks that the redirect listener is bound to 127.0.0.1
// only (RFC 8252 §8.3), never a wildcard: the kernel lists exactly one listening socket on
// the port, at 127.0.0.1, and another loopback address is refused.
func TestLoopbackListenerAddress(t *testing.T) {
	b, _, port := browserLogin(t)
	if got, want := b.RedirectURI(), fmt.Sprintf("http://127.0.0.1:%d/callback", port); got != want {
		t.Errorf("RedirectURI: got %q, want %q", got, want)
	}
	if runtime.GOOS == "linux" {
		got := listeners(t, port)
		if len(got) != 1 || got[0] != "127.0.0.1" {
			t.Errorf("listening sockets on port %d: got %v, want [127.0.0.1]", port, got)
		}
	}
	if c, err := net.DialTimeout("tcp", net.JoinHostPort("127.0.0.2", strconv.Itoa(port)), time.Second); err == nil {
		c.Close()
		t.Errorf("dial 127.0.0.2:%d: connected, want refused (listener bound beyond 127.0.0.1)", port)
	}
}

// listeners returns the local addresses of the sockets listening on port, from
// /proc/net/tcp and /proc/net/tcp6 (state 0A is LISTEN).
func listeners(t *testing.T, port int) []string {
	t.Helper()
	var out []string
	for _, f := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			fields := strings.Fields(line)
			if len(fields) < 4 || fields[3] != "0A" {
				continue
			}
			host, p, ok := strings.Cut(fields[1], ":")
			if pn, err := strconv.ParseUint(p, 16, 16); ok && err == nil && int(pn) == port {
				out = append(out, procAddr(host))
			}
		}
	}
	return out
}

// procAddr decodes a /proc/net/tcp address (hex, little-endian 32-bit words).
func procAddr(h string) string {
	var ip net.IP
	for i := 0; i+8 <= len(h); i += 8 {
		w, _ := strconv.ParseUint(h[i:i+8], 16, 32)
		ip = append(ip, byte(w), byte(w>>8), byte(w>>16), byte(w>>24))
	}
	return ip.String()
}

// TestCallbackRejectsForgeries sends the genuine callback with a forged Host header
// (DNS rebinding, a page on localhost) and with a wrong state (RFC 6749 §10.12): each is
// refused and the sign-in keeps waiting; the genuine callback then signs in.
func TestCallbackRejectsForgeries(t *testing.T) {
	b, _, port := browserLogin(t)
	callback := authorize(t, b.URL())
	wrongState := withQuery(t, callback, "state", "forged-state")
	tests := []struct {
		name, url, host string
	}{
		{"localhost host header", callback, "localhost:" + strconv.Itoa(port)},
		{"foreign host header", callback, "evil.example:" + strconv.Itoa(port)},
		{"no port in host header", callback, "127.0.0.1"},
		{"wrong state", wrongState, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := getStatus(t, tt.url, tt.host); got < 400 {
				t.Errorf("GET callback: got HTTP %d, want a 4xx refusal", got)
			}
		})
	}
	if got := getStatus(t, callback, ""); got != http.StatusOK {
		t.Errorf("genuine callback: got HTTP %d, want 200", got)
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if tok, err := b.Wait(ctx); err != nil || tok.AccessToken == "" {
		t.Errorf("Wait after the forgeries: got error %v, want a token", err)
	}
}

// withQuery returns raw with query parameter k set to v.
func withQuery(t *testing.T, raw, k, v string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set(k, v)
	u.RawQuery = q.Encode()
	return u.String()
}

// getStatus GETs u with the Host header host (when set) and returns the status.
func getStatus(t *testing.T, u, host string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
	if err != nil {
		t.Fatalf("GET callback: %v", err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestAuthorizeURLUsesPKCE checks the authorize request: S256 PKCE challenge (Zoom's
// default without a method is plain), a state, and no scope (docs/zoom-reference.md).
func TestAuthorizeURLUsesPKCE(t *testing.T) {
	b, _, _ := browserLogin(t)
	u, err := url.Parse(b.URL())
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	for k, want := range map[string]bool{"code_challenge": true, "state": true, "scope": false} {
		if got := q.Get(k) != ""; got != want {
			t.Errorf("authorize URL parameter %s present: got %v, want %v", k, got, want)
		}
	}
	if got := q.Get("code_challenge_method"); got != "S256" {
		t.Errorf("code_challenge_method: got %q, want S256", got)
	}
}

// TestFakeEnforcesPKCE checks the other side of PKCE (RFC 7636 §4.6): a code obtained
// with the app's challenge cannot be exchanged with another verifier, as an attacker who
// intercepted the redirect would try.
func TestFakeEnforcesPKCE(t *testing.T) {
	b, s, port := browserLogin(t)
	code := mustQuery(t, authorize(t, b.URL()), "code")
	oc := authConfig(s, 0, port).OAuth2(b.RedirectURI())
	_, err := oc.Exchange(context.Background(), code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" {
		t.Errorf("Exchange with a wrong verifier: got %v, want invalid_grant", auth.TokenErrorFrom(err))
	}
	if got := s.Stats().TokenGrants["authorization_code"]; got != 0 {
		t.Errorf("authorization_code grants: got %d, want 0", got)
	}
}

// mustQuery returns parameter k of raw.
func mustQuery(t *testing.T, raw, k string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil || u.Query().Get(k) == "" {
		t.Fatalf("no %s in the redirect", k)
	}
	return u.Query().Get(k)
}
