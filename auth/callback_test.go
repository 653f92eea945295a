package auth

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// getCallback sends GET /callback?query to b's listener, with Host host (b.host when
// empty), and returns the status and page.
func getCallback(t *testing.T, b *BrowserLogin, query, host string) (int, string) {
	t.Helper()
	return callbackRequest(t, b, http.MethodGet, "/callback?"+query, host)
}

func callbackRequest(t *testing.T, b *BrowserLogin, method, path, host string) (int, string) {
	t.Helper()
	status, body, err := doRequest(t.Context(), b, method, path, host)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return status, body
}

// doRequest is callbackRequest for goroutines other than the test's.
func doRequest(ctx context.Context, b *BrowserLogin, method, path, host string) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, method, "http://"+b.host+path, nil)
	if err != nil {
		return 0, "", err
	}
	if host != "" {
		req.Host = host
	}
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), err
}

// TestCallbackRefused covers requests that must get an error page without ending the
// sign-in: after each, the genuine callback still succeeds.
func TestCallbackRefused(t *testing.T) {
	tests := []struct {
		name, method, path, host string // path may hold STATE, replaced by the real state
		wantStatus               int
		wantPage                 string
	}{
		{"foreign host", "GET", "/callback?code=c&state=STATE", "evil.example:80", 403, "refused"},
		{"localhost host", "GET", "/callback?code=c&state=STATE", "localhost:PORT", 403, "refused"},
		{"favicon", "GET", "/favicon.ico", "", 404, "Not found"},
		{"root", "GET", "/", "", 404, "Not found"},
		{"callback subpath", "GET", "/callback/x?code=c&state=STATE", "", 404, "Not found"},
		{"POST callback", "POST", "/callback?code=c&state=STATE", "", 404, "Not found"},
		{"wrong state", "GET", "/callback?code=c&state=other", "", 400, "out of date"},
		{"no state", "GET", "/callback?code=c", "", 400, "out of date"},
		{"wrong state with error", "GET", "/callback?error=access_denied&state=x", "", 400, "out of date"},
		{"repeated state", "GET", "/callback?code=c&state=STATE&state=STATE", "", 400, "out of date"},
		{"repeated code", "GET", "/callback?code=c&code=d&state=STATE", "", 400, "out of date"},
		{"bad escape", "GET", "/callback?code=%zz&state=STATE", "", 400, "out of date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := &stubExchange{}
			b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{exchange: ex.exchange})
			path := strings.ReplaceAll(tt.path, "STATE", b.state)
			host := strings.ReplaceAll(tt.host, "PORT", strings.TrimPrefix(b.host, "127.0.0.1:"))
			status, body := callbackRequest(t, b, tt.method, path, host)
			if status != tt.wantStatus || !strings.Contains(body, tt.wantPage) {
				t.Errorf("got %d %q, want %d with %q", status, firstLine(body), tt.wantStatus, tt.wantPage)
			}
			if strings.Contains(body, b.state) {
				t.Errorf("page shows the state")
			}
			if got := ex.calls(); len(got) != 0 {
				t.Errorf("exchanged %d codes, want none", len(got))
			}
			if status, _ := getCallback(t, b, "code=good&state="+b.state, ""); status != http.StatusOK {
				t.Errorf("genuine callback afterwards: got %d, want 200", status)
			}
			if tok, err := b.Wait(t.Context()); err != nil || tok.AccessToken != "at-good" {
				t.Errorf("Wait: got %v, %v; want the token of code \"good\"", tok, err)
			}
		})
	}
}

// TestCallbackResult covers callbacks with the right state: each ends the sign-in.
func TestCallbackResult(t *testing.T) {
	exchangeErr := &TokenError{Status: 400, Code: "invalid_grant", Reason: "Invalid authorization code"}
	tests := []struct {
		name       string
		query      string // followed by &state=<state>
		exErr      error
		wantStatus int
		wantPage   []string
		wantErr    error // nil: want a token
	}{
		{"code", "code=abc", nil, 200, []string{"Signed in"}, nil},
		{"denied", "error=access_denied", nil, 200, []string{"cancelled", "access_denied"}, ErrAccessDenied},
		{"other error escaped", "error=server_error&error_description=%3Cscript%3Ealert(1)%3C/script%3E", nil, 200,
			[]string{"Sign-in failed", "server_error: &lt;script&gt;alert(1)&lt;/script&gt;"}, &CallbackError{}},
		{"missing code", "", nil, 400, []string{"without an authorization code"}, ErrMissingCode},
		{"empty code", "code=", nil, 400, []string{"without an authorization code"}, ErrMissingCode},
		{"exchange fails", "code=abc", exchangeErr, 502, []string{"could not finish", "invalid_grant: Invalid authorization code"}, ErrInvalidGrant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := &stubExchange{err: tt.exErr}
			b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{exchange: ex.exchange})
			q := "state=" + b.state
			if tt.query != "" {
				q = tt.query + "&" + q
			}
			status, body := getCallback(t, b, q, "")
			if status != tt.wantStatus {
				t.Errorf("status: got %d, want %d", status, tt.wantStatus)
			}
			for _, want := range tt.wantPage {
				if !strings.Contains(body, want) {
					t.Errorf("page %q lacks %q", body, want)
				}
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, b.state) {
				t.Errorf("page contains unescaped markup or the state: %q", body)
			}
			tok, err := b.Wait(t.Context())
			checkFlowResult(t, tok, err, tt.wantErr)
			checkClosed(t, b)
			if tok2, err2 := b.Wait(t.Context()); tok2 != tok || err2 != err {
				t.Errorf("second Wait: got %v, %v; want the same result", tok2, err2)
			}
		})
	}
}

func checkFlowResult(t *testing.T, tok *oauth2.Token, err, wantErr error) {
	t.Helper()
	var ce *CallbackError
	switch {
	case wantErr == nil && err != nil:
		t.Errorf("Wait: got error %v, want a token", err)
	case wantErr == nil:
		if tok == nil {
			t.Errorf("Wait: got nil token, want one")
		}
	case errors.As(wantErr, &ce):
		if !errors.As(err, &ce) {
			t.Errorf("Wait: got %v, want a *CallbackError", err)
		}
	case !errors.Is(err, wantErr):
		t.Errorf("Wait: got %v, want %v", err, wantErr)
	}
}

// TestCallbackOnlyOnce sends two genuine callbacks at once: exactly one is exchanged.
func TestCallbackOnlyOnce(t *testing.T) {
	release := make(chan struct{})
	ex := &stubExchange{}
	slow := func(ctx context.Context, code string) (*oauth2.Token, error) {
		<-release
		return ex.exchange(ctx, code)
	}
	b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{exchange: slow})
	first := make(chan int, 1)
	go func() {
		st, _, _ := doRequest(context.Background(), b, "GET", "/callback?code=one&state="+b.state, "")
		first <- st
	}()
	flowWaitFor(t, func() bool { return b.accepted.Load() })
	if st, body := getCallback(t, b, "code=two&state="+b.state, ""); st != http.StatusConflict || !strings.Contains(body, "already") {
		t.Errorf("second callback: got %d %q, want 409 already finished", st, firstLine(body))
	}
	close(release)
	if st := <-first; st != http.StatusOK {
		t.Errorf("first callback: got %d, want 200", st)
	}
	if _, err := b.Wait(t.Context()); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if got := ex.calls(); len(got) != 1 || got[0] != "one" {
		t.Errorf("exchanged %q, want just \"one\"", got)
	}
}

// TestCallbackAfterResult checks that the listener is gone once Wait has returned.
func TestCallbackAfterResult(t *testing.T) {
	b := startTestBrowser(t, flowTestConfig(freeFlowPorts(t, 1)...), BrowserOptions{exchange: (&stubExchange{}).exchange})
	getCallback(t, b, "code=one&state="+b.state, "")
	if _, err := b.Wait(t.Context()); err != nil {
		t.Fatalf("Wait: %v", err)
	}
	client := &http.Client{Timeout: 5 * time.Second}
	if resp, err := client.Get(b.RedirectURI() + "?code=two&state=" + b.state); err == nil {
		resp.Body.Close()
		t.Errorf("second callback: got HTTP %d, want a refused connection", resp.StatusCode)
	}
}

// flowWaitFor polls cond until it holds or 10 s pass.
func flowWaitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		select {
		case <-deadline:
			t.Fatalf("condition not reached within 10 s")
		case <-tick.C:
		}
	}
}

func firstLine(s string) string {
	if i := strings.Index(s, "<h1>"); i >= 0 {
		s = s[i:]
	}
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
