package zoomtest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// testNow is the fixed start of the test clock: a Wednesday afternoon in New York.
var testNow = time.Date(2026, 11, 25, 19, 7, 0, 0, time.UTC)

// restEnv is a fake Zoom on a manual clock with an access token of alex@example.com.
type restEnv struct {
	s     *Server
	clock *fakeClock
	token string
}

// newRESTEnv starts a fake with opts on the test clock; scopes restrict alex's token
// (default: the client's classic scopes).
func newRESTEnv(t *testing.T, opts Options, scopes ...string) *restEnv {
	t.Helper()
	clock := &fakeClock{t: testNow}
	opts.Now = clock.Now
	s := NewServer(opts)
	t.Cleanup(s.Close)
	return &restEnv{s: s, clock: clock, token: s.issueTestToken(t, "alex@example.com", scopes...)}
}

// issueTestToken returns an access token of demo-client for the user with email, built on
// the OAuth half's IssueToken. A new token revokes the user's previous demo-client grant.
func (s *Server) issueTestToken(t *testing.T, email string, scopes ...string) string {
	t.Helper()
	at, _, err := s.IssueToken("demo-client", email, scopes...)
	if err != nil {
		t.Fatalf("IssueToken(%q): %v", email, err)
	}
	return at
}

// response is a read answer of the fake.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends method path (relative to the server URL) with the env's bearer token (none when
// token is ""), then advances the clock 100 ms so tests stay under the per-second limits.
func (e *restEnv) do(t *testing.T, method, path, token, body string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, e.s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	e.clock.Advance(100 * time.Millisecond)
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// get is do("GET") with the env's token.
func (e *restEnv) get(t *testing.T, path string) response {
	t.Helper()
	return e.do(t, http.MethodGet, path, e.token, "")
}

// decode unmarshals r's body into v, failing the test when status differs from want.
func (r response) decode(t *testing.T, want int, v any) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status = %d, want %d; body %s", r.status, want, r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// apiErr decodes a Zoom REST error body and checks status and code.
func (r response) apiErr(t *testing.T, status, code int) string {
	t.Helper()
	var e apiError
	r.decode(t, status, &e)
	if e.Code != code {
		t.Fatalf("code = %d, want %d (message %q)", e.Code, code, e.Message)
	}
	return e.Message
}

func readCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }
