package auth

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
	"golang.org/x/oauth2"
)

func TestBrowserDeviceTokenErrors(t *testing.T) {
	resp := func(status int) *http.Response { return &http.Response{StatusCode: status} }
	tests := []struct {
		name    string
		in      error
		wantMsg string
		wantIs  error
	}{
		{"zoom invalid_grant", &oauth2.RetrieveError{Response: resp(400), ErrorCode: "invalid_grant",
			Body: []byte(`{"reason":"Invalid authorization code","error":"invalid_grant","echo":"SECRET"}`)},
			"zoom token endpoint: invalid_grant (Invalid authorization code)", ErrInvalidGrant},
		{"zoom invalid_client", &oauth2.RetrieveError{Response: resp(401), ErrorCode: "invalid_client",
			Body: []byte(`{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`)},
			"zoom token endpoint: invalid_client (Invalid client_id or client_secret)", ErrInvalidClient},
		{"rfc description", &oauth2.RetrieveError{Response: resp(400), ErrorCode: "access_denied",
			Body: []byte(`{"error":"access_denied","error_description":"no"}`)}, "zoom token endpoint: access_denied (no)", ErrAccessDenied},
		{"html body", &oauth2.RetrieveError{Response: resp(502), Body: []byte(`<html>SECRET</html>`)},
			"zoom token endpoint answered HTTP 502", nil},
		{"wrapped", fmt.Errorf("x: %w", &oauth2.RetrieveError{Response: resp(400), Body: []byte(`{"error":"expired_token"}`)}),
			"zoom token endpoint: expired_token", ErrDeviceCodeExpired},
		{"other error", io.EOF, "EOF", io.EOF},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := TokenErrorFrom(tt.in)
			if got := err.Error(); got != tt.wantMsg {
				t.Errorf("message: got %q, want %q", got, tt.wantMsg)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("errors.Is(%v, %v): got false, want true", err, tt.wantIs)
			}
		})
	}
}

func TestCallbackErrorIs(t *testing.T) {
	tests := []struct {
		code   string
		denied bool
	}{{"access_denied", true}, {"server_error", false}, {"", false}}
	for _, tt := range tests {
		err := fmt.Errorf("wrapped: %w", &CallbackError{Code: tt.code})
		if got := errors.Is(err, ErrAccessDenied); got != tt.denied {
			t.Errorf("code %q: errors.Is ErrAccessDenied got %v, want %v", tt.code, got, tt.denied)
		}
	}
}

// flowLogBuffer is an io.Writer safe for concurrent log handlers.
type flowLogBuffer struct {
	mu  sync.Mutex // guards buf
	buf bytes.Buffer
}

func (b *flowLogBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *flowLogBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestBrowserDeviceLogsHaveNoSecrets runs every flow outcome against the fake with debug logging into
// a buffer, then checks that no code, token or device code the fake issued, and no state
// or PKCE verifier, appears in the logs or the error strings.
func TestBrowserDeviceLogsHaveNoSecrets(t *testing.T) {
	var logs flowLogBuffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var errs []string
	var private []string // states and verifiers
	note := func(err error) {
		if err != nil {
			errs = append(errs, err.Error())
		}
	}
	ports := freeFlowPorts(t, 1)
	approve := flowFake(t, zoomtest.Options{AutoApprove: "alex@example.com", DeviceInterval: time.Second, DeviceCodeTTL: 2 * time.Second}, ports...)
	deny := flowFake(t, zoomtest.Options{AutoDeny: true, DeviceInterval: time.Second}, ports...)
	browserRuns := []struct {
		s      *zoomtest.Server
		secret string
		spoil  bool
	}{{approve, "demo-secret", false}, {deny, "demo-secret", false}, {approve, "wrong", false}, {approve, "demo-secret", true}}
	for _, r := range browserRuns {
		b := startTestBrowser(t, fakeConfig(r.s, "demo-client", r.secret, ports...), BrowserOptions{Logger: log})
		private = append(private, b.state, b.verifier)
		if r.spoil {
			getCallback(t, b, "code=forged&state=wrong", "")
			b.verifier = oauth2.GenerateVerifier()
			private = append(private, b.verifier)
		}
		visitAuthorize(t, b.URL())
		_, err := b.Wait(t.Context())
		note(err)
	}
	for _, s := range []*zoomtest.Server{approve, deny} {
		note(runDevice(t, s, log))
	}
	_, err := StartDevice(t.Context(), fakeConfig(approve, "nodevice-client", "nodevice-secret"), DeviceOptions{Logger: log})
	note(err)
	secrets := append(append(approve.Secrets(), deny.Secrets()...), private...)
	if len(secrets) < 12 {
		t.Fatalf("only %d secrets to look for; the flows did not run", len(secrets))
	}
	t.Logf("logs:\n%s\nerrors:\n%s", logs.String(), strings.Join(errs, "\n"))
	all := logs.String() + "\n" + strings.Join(errs, "\n")
	for _, sec := range secrets {
		if sec != "" && strings.Contains(all, sec) {
			t.Errorf("a secret (%d chars) appears in the logs or errors", len(sec))
		}
	}
	if !strings.Contains(logs.String(), "device sign-in") || len(errs) < 5 {
		t.Errorf("captured %d log bytes and %d errors; want lines from both flows", len(logs.String()), len(errs))
	}
}

// runDevice starts a device sign-in, opens the QR link at the fake, which approves or
// denies per its options, and waits for the outcome.
func runDevice(t *testing.T, s *zoomtest.Server, log *slog.Logger) error {
	t.Helper()
	d, err := StartDevice(t.Context(), fakeConfig(s, "demo-client", "demo-secret"), DeviceOptions{Logger: log})
	if err != nil {
		return err
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(d.VerificationURIComplete)
	if err != nil {
		t.Fatalf("open the QR link: %v", err)
	}
	_ = resp.Body.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	_, err = d.Wait(ctx)
	return err
}
