package zoomapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"syscall"
	"testing"
	"time"
)

func TestRetryWait(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	c := NewClient(nil, "https://api.zoom.us/v2")
	c.now = func() time.Time { return now }
	c.jitter = func(d time.Duration) time.Duration { return 0 }
	get := request{method: http.MethodGet, idempotent: true}
	post := request{method: http.MethodPost}
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	tests := []struct {
		name    string
		r       request
		err     error
		attempt int
		budget  time.Duration
		want    time.Duration
		wantOK  bool
	}{
		{"get 503", get, &Error{Status: 503}, 0, time.Minute, 250 * time.Millisecond, true},
		{"get 503 third retry", get, &Error{Status: 503}, 2, time.Minute, time.Second, true},
		{"get 503 retries used", get, &Error{Status: 503}, 3, time.Minute, 0, false},
		{"get reset", get, reset, 1, time.Minute, 500 * time.Millisecond, true},
		{"get eof", get, io.ErrUnexpectedEOF, 0, time.Minute, 250 * time.Millisecond, true},
		{"get 429 seconds", get, &Error{Status: 429, RetryAfter: now.Add(2 * time.Second)}, 0, time.Minute, 2 * time.Second, true},
		{"get 429 past date", get, &Error{Status: 429, RetryAfter: now.Add(-time.Second)}, 0, time.Minute, 0, true},
		{"get 429 daily", get, &Error{Status: 429, RetryAfter: now.Add(12 * time.Hour)}, 0, 30 * time.Second, 0, false},
		{"get 429 beyond budget left", get, &Error{Status: 429, RetryAfter: now.Add(5 * time.Second)}, 1, 4 * time.Second, 0, false},
		{"get 404", get, &Error{Status: 404, Code: 3001}, 0, time.Minute, 0, false},
		{"get canceled", get, fmt.Errorf("get /users/me: %w", context.Canceled), 0, time.Minute, 0, false},
		{"post 503", post, &Error{Status: 503}, 0, time.Minute, 0, false},
		{"post 429", post, &Error{Status: 429}, 0, time.Minute, 0, false},
		{"post reset", post, reset, 0, time.Minute, 0, false},
		{"post dial", post, dial, 0, time.Minute, 250 * time.Millisecond, true},
		{"post dns", post, &net.DNSError{Err: "no such host", Name: "api.zoom.us"}, 0, time.Minute, 250 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := c.retryWait(tt.r, tt.err, tt.attempt, tt.budget)
			if got != tt.want || ok != tt.wantOK {
				t.Errorf("retryWait = %v, %v, want %v, %v", got, ok, tt.want, tt.wantOK)
			}
		})
	}
}

func TestBackoffBounds(t *testing.T) {
	c := NewClient(nil, "https://api.zoom.us/v2")
	for attempt := range 8 {
		d := min(backoffBase<<attempt, backoffMax)
		for range 50 {
			if got := c.backoff(attempt); got < d/2 || got >= d {
				t.Fatalf("backoff(%d) = %v, want in [%v, %v)", attempt, got, d/2, d)
			}
		}
	}
}

// TestRetryableTransportErrors checks that a GET is retried for a broken connection or a
// garbled answer, and not for an error of the caller's own transport (a signed-out session),
// which a retry cannot mend.
func TestRetryableTransportErrors(t *testing.T) {
	get := request{idempotent: true}
	signedOut := errors.New("auth: signed out")
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"reset", &url.Error{Op: "Get", URL: "u", Err: syscall.ECONNRESET}, true},
		{"eof", &url.Error{Op: "Get", URL: "u", Err: io.EOF}, true},
		{"timeout", &url.Error{Op: "Get", URL: "u", Err: &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}}, true},
		{"malformed JSON", fmt.Errorf("decode: %w", &json.SyntaxError{}), true},
		{"transport's own error", &url.Error{Op: "Get", URL: "u", Err: signedOut}, false},
		{"plain error", signedOut, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := retryable(get, tt.err); got != tt.want {
				t.Errorf("retryable(%v): got %v, want %v", tt.err, got, tt.want)
			}
		})
	}
}

// TestRateLimitResetHeader checks when a 429 says the next request is allowed: Retry-After
// wins, else X-RateLimit-Reset as a Unix time (Zoom's per-second form) or a small delay.
func TestRateLimitResetHeader(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 400*int(time.Millisecond), time.UTC)
	next := time.Date(2026, 11, 25, 12, 0, 1, 0, time.UTC)
	tests := []struct {
		name       string
		retryAfter string
		reset      string
		want       time.Time
	}{
		{"unix time", "", strconv.FormatInt(next.Unix(), 10), next},
		{"delay seconds", "", "3", now.Add(3 * time.Second)},
		{"retry-after wins", "5", strconv.FormatInt(next.Unix(), 10), now.Add(5 * time.Second)},
		{"garbage", "", "soon", time.Time{}},
		{"negative", "", "-1", time.Time{}},
		{"none", "", "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := http.Header{}
			if tt.retryAfter != "" {
				h.Set("Retry-After", tt.retryAfter)
			}
			if tt.reset != "" {
				h.Set("X-RateLimit-Reset", tt.reset)
			}
			if got := newError(http.StatusTooManyRequests, h, nil, now).RetryAfter; !got.Equal(tt.want) {
				t.Errorf("RetryAfter = %v, want %v", got, tt.want)
			}
		})
	}
}
