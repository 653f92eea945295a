package zoomtest

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for Options.Now.
type fakeClock struct {
	mu sync.Mutex // guards t
	t  time.Time
}

func newClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newTestServer starts a fake closed at the end of the test.
func newTestServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return s
}

// noRedirect is an HTTP client that returns redirects instead of following them.
var noRedirect = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// reply is a decoded answer.
type reply struct {
	status int
	header http.Header
	body   string
}

// field returns the JSON string field k of the body.
func (r reply) field(t *testing.T, k string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body %q is not JSON: %v", r.body, err)
	}
	v, _ := m[k].(string)
	return v
}

// do sends a request and reads the answer.
func do(t *testing.T, req *http.Request) reply {
	t.Helper()
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// post sends a form POST to path, with HTTP Basic when id is not "".
func post(t *testing.T, s *Server, path, id, secret string, form url.Values) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if id != "" {
		req.SetBasicAuth(id, secret)
	}
	return do(t, req)
}

// get sends a GET to path (with query), with a bearer token when not "".
func get(t *testing.T, s *Server, path, bearer string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	return do(t, req)
}

// wantOAuthError checks a 400 {"reason","error"} answer.
func wantOAuthError(t *testing.T, r reply, errCode, reason string) {
	t.Helper()
	if r.status != http.StatusBadRequest {
		t.Errorf("status: got %d, want 400 (body %s)", r.status, r.body)
	}
	if got := r.field(t, "error"); got != errCode {
		t.Errorf("error: got %q, want %q", got, errCode)
	}
	if got := r.field(t, "reason"); reason != "" && got != reason {
		t.Errorf("reason: got %q, want %q", got, reason)
	}
}

// s256 returns the S256 code challenge of verifier (RFC 7636 §4.2).
func s256(verifier string) string {
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

const (
	testVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more"
	testRedirect = "http://127.0.0.1:53682/callback"
)

// authorize completes the consent form as the default user and returns the code. extra
// adds or overrides authorize parameters.
func authorize(t *testing.T, s *Server, clientID string, extra url.Values) string {
	t.Helper()
	form := url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {testRedirect},
		"state": {"st-1"}, "code_challenge": {s256(testVerifier)}, "code_challenge_method": {"S256"},
		"decision": {"allow"}}
	for k, v := range extra {
		form[k] = v
	}
	r := post(t, s, "/oauth/authorize", "", "", form)
	q := location(t, r)
	if q.Get("state") != "st-1" || q.Get("code") == "" {
		t.Fatalf("authorize redirect: got %v, want a code and state st-1", r.header.Get("Location"))
	}
	return q.Get("code")
}

// location returns the query of a 302's Location.
func location(t *testing.T, r reply) url.Values {
	t.Helper()
	if r.status != http.StatusFound {
		t.Fatalf("status: got %d, want 302 (body %.200s)", r.status, r.body)
	}
	u, err := url.Parse(r.header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}

// exchange redeems code as the confidential demo client with testVerifier.
func exchange(t *testing.T, s *Server, code string) reply {
	t.Helper()
	return post(t, s, "/oauth/token", "demo-client", "demo-secret", url.Values{"grant_type": {"authorization_code"},
		"code": {code}, "redirect_uri": {testRedirect}, "code_verifier": {testVerifier}})
}

// signIn returns a fresh access and refresh token of the demo client for the default user.
func signIn(t *testing.T, s *Server) (access, refresh string) {
	t.Helper()
	r := exchange(t, s, authorize(t, s, "demo-client", nil))
	if r.status != http.StatusOK {
		t.Fatalf("token: got %d %s, want 200", r.status, r.body)
	}
	return r.field(t, "access_token"), r.field(t, "refresh_token")
}

// refreshWith refreshes as the demo client.
func refreshWith(t *testing.T, s *Server, rt string) reply {
	t.Helper()
	return post(t, s, "/oauth/token", "demo-client", "demo-secret",
		url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}})
}
