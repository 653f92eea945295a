package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// buildZoomfake builds the command once per test process.
func buildZoomfake(t *testing.T) string {
	t.Helper()
	return testenv.Binary(t, "github.com/zoomtray/zoomtray/cmd/zoomfake")
}

// zoomfake is a running zoomfake process.
type zoomfake struct {
	url    string
	cmd    *exec.Cmd
	exited chan error
}

// startZoomfake runs bin with args on a free port and returns once it printed its URL.
func startZoomfake(t *testing.T, bin string, args ...string) *zoomfake {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start zoomfake: %v", err)
	}
	z := &zoomfake{cmd: cmd, exited: make(chan error, 1)}
	lines := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(stdout).ReadString('\n')
		lines <- line
		_, _ = io.Copy(io.Discard, stdout)
		z.exited <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	select {
	case line := <-lines:
		m := regexp.MustCompile(`^zoomfake listening on (http://127\.0\.0\.1:\d+)\n$`).FindStringSubmatch(line)
		if m == nil {
			t.Fatalf("first line: got %q, want zoomfake listening on http://127.0.0.1:PORT", line)
		}
		z.url = m[1]
	case <-time.After(30 * time.Second):
		t.Fatal("zoomfake did not print its URL within 30 s")
	}
	return z
}

// stop sends SIGINT and checks the process exits cleanly.
func (z *zoomfake) stop(t *testing.T) {
	t.Helper()
	z.stopWith(t, os.Interrupt)
}

// stopWith sends sig and checks the process exits cleanly.
func (z *zoomfake) stopWith(t *testing.T, sig os.Signal) {
	t.Helper()
	if err := z.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-z.exited:
		if err != nil {
			t.Errorf("exit after %v: got %v, want status 0", sig, err)
		}
	case <-time.After(30 * time.Second):
		t.Errorf("zoomfake did not exit within 30 s of %v", sig)
	}
}

var client = &http.Client{Timeout: 10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// call sends a request and returns status, Location and body.
func call(t *testing.T, method, u string, form url.Values, basic bool, bearer string) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth("demo-client", "demo-secret")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), string(b)
}

// decode returns the JSON object body, failing on another status than want.
func decode(t *testing.T, status int, body string, want int) map[string]any {
	t.Helper()
	var m map[string]any
	if status != want || json.Unmarshal([]byte(body), &m) != nil {
		t.Fatalf("got %d %s, want %d with a JSON object", status, body, want)
	}
	return m
}

func TestEndToEnd(t *testing.T) {
	z := startZoomfake(t, buildZoomfake(t))
	tok := z.url + "/oauth/token"

	// 1. Device grant.
	st, _, body := call(t, "POST", z.url+"/oauth/devicecode", nil, true, "")
	dc := decode(t, st, body, 200)
	st, _, body = call(t, "POST", z.url+"/oauth_device", url.Values{"user_code": {dc["user_code"].(string)}, "decision": {"allow"}}, false, "")
	if st != 200 || !strings.Contains(body, "Device approved") {
		t.Fatalf("approve: got %d, want 200 Device approved", st)
	}
	st, _, body = call(t, "POST", tok, url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:device_code"}, "device_code": {dc["device_code"].(string)}}, true, "")
	if m := decode(t, st, body, 200); m["api_url"] != z.url {
		t.Errorf("device token api_url: got %v, want %s", m["api_url"], z.url)
	}

	// 2. Authorization code + PKCE S256.
	verifier := strings.Repeat("v3rifier-", 6)
	sum := sha256.Sum256([]byte(verifier))
	redirect := "http://127.0.0.1:53682/callback"
	st, loc, _ := call(t, "POST", z.url+"/oauth/authorize", url.Values{"response_type": {"code"}, "client_id": {"demo-client"},
		"redirect_uri": {redirect}, "state": {"xyz"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])},
		"code_challenge_method": {"S256"}, "decision": {"allow"}}, false, "")
	u, _ := url.Parse(loc)
	if st != http.StatusFound || u.Query().Get("state") != "xyz" || !strings.HasPrefix(loc, redirect+"?") {
		t.Fatalf("authorize: got %d to %s, want 302 to the redirect URI with a code and state", st, u.Redacted())
	}
	st, _, body = call(t, "POST", tok, url.Values{"grant_type": {"authorization_code"}, "code": {u.Query().Get("code")},
		"redirect_uri": {redirect}, "code_verifier": {verifier}}, true, "")
	oldRefresh := decode(t, st, body, 200)["refresh_token"].(string)

	// 3. Refresh; the old refresh token then gets Zoom's body.
	st, _, body = call(t, "POST", tok, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {oldRefresh}}, true, "")
	access := decode(t, st, body, 200)["access_token"].(string)
	st, _, body = call(t, "POST", tok, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {oldRefresh}}, true, "")
	if want := `{"reason":"Invalid Token!","error":"invalid_grant"}`; st != 400 || strings.TrimSpace(body) != want {
		t.Errorf("old refresh token: got %d %s, want 400 %s", st, body, want)
	}

	// 4. A REST call.
	st, _, body = call(t, "GET", z.url+"/v2/users/me", nil, false, access)
	if m := decode(t, st, body, 200); m["email"] != "alex@example.com" {
		t.Errorf("GET /v2/users/me email: got %v, want alex@example.com", m["email"])
	}
	z.stop(t)
}

func TestRunRejectsBadFlags(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"unknown flag", []string{"-nope"}},
		{"bad fault", []string{"-fault", "explode"}},
		{"bad plan", []string{"-plan", "gold", "-addr", "127.0.0.1:0"}},
		{"bad address", []string{"-addr", "256.0.0.1:99999"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel() // a run that did start would return at once
			if err := run(ctx, tt.args, io.Discard, io.Discard); err == nil {
				t.Errorf("run(%q): got nil error, want one", tt.args)
			}
		})
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveBinaries()
	os.Exit(code)
}
