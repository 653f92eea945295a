package zoomapi_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// rewritingClient returns a client for e whose 429 answers get Retry-After: header (when
// not empty), with a frozen clock and recorded waits.
func rewritingClient(e *env, now time.Time, header string) *zoomapi.Client {
	lt := &loggingTransport{log: e.log, base: http.DefaultTransport.(*http.Transport).Clone(),
		modify: func(r *http.Response) {
			if r.StatusCode == http.StatusTooManyRequests && header != "" {
				r.Header.Set("Retry-After", header)
			}
		}}
	hc := &http.Client{Timeout: 10 * time.Second,
		Transport: &oauth2.Transport{Source: oauth2.StaticTokenSource(e.tok), Base: lt}}
	c := zoomapi.NewClient(hc, e.s.URL+"/v2")
	zoomapi.SetClock(c, func() time.Time { return now }, e.sleeps.sleep)
	return c
}

// TestRetryAfterForms answers one 429 (the fake's per-second form, which carries
// X-RateLimit-Reset for the next second) with each form of Retry-After, which wins over
// the reset, and checks how long the client waits before its retry.
func TestRetryAfterForms(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	e := newEnv(t, zoomtest.Options{Now: func() time.Time { return now }})
	tests := []struct {
		name    string
		header  string
		minWait time.Duration
		maxWait time.Duration
		retried bool
		retryAt time.Time
	}{
		{"seconds", "2", 2 * time.Second, 2 * time.Second, true, time.Time{}},
		{"iso date", now.Add(3 * time.Second).Format(time.RFC3339), 3 * time.Second, 3 * time.Second, true, time.Time{}},
		{"date passed", now.Add(-time.Hour).Format(time.RFC3339), 0, 0, true, time.Time{}},
		{"http date", now.Add(4 * time.Second).Format(http.TimeFormat), 4 * time.Second, 4 * time.Second, true, time.Time{}},
		{"none: X-RateLimit-Reset", "", time.Second, time.Second, true, time.Time{}},
		{"beyond budget", "120", 0, 0, false, now.Add(2 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.sleeps.reset()
			e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS, Path: "/v2/users/me", Count: 1})
			t.Cleanup(func() { e.s.SetFaults() })
			_, err := rewritingClient(e, now, tt.header).Me(context.Background())
			waits := e.sleeps.all()
			if !tt.retried {
				at, ok := zoomapi.RetryAfter(err)
				if !zoomapi.IsRateLimited(err) || !ok || !at.Equal(tt.retryAt) || len(waits) != 0 {
					t.Fatalf("Me = %v (retry after %v, %d waits), want a rate-limit error at %v without waiting", err, at, len(waits), tt.retryAt)
				}
				return
			}
			if err != nil || len(waits) != 1 {
				t.Fatalf("Me = %v after %d waits, want success after 1", err, len(waits))
			}
			if waits[0] < tt.minWait || waits[0] > tt.maxWait {
				t.Errorf("waited %v, want %v..%v", waits[0], tt.minWait, tt.maxWait)
			}
		})
	}
}

// TestRetryAfterSecondsFromFake gets the delay-seconds form of Retry-After from the fake
// itself (rate_limit_qps with RetryAfter) and checks the client waits exactly that long.
func TestRetryAfterSecondsFromFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS, Path: "/v2/users/me", Count: 1, RetryAfter: 2 * time.Second})
	c := rewritingClient(e, time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), "") // frozen clock, headers as sent
	if _, err := c.Me(context.Background()); err != nil {
		t.Fatalf("Me: %v, want success after one retry", err)
	}
	if got := e.sleeps.all(); len(got) != 1 || got[0] != 2*time.Second {
		t.Errorf("waits: got %v, want [2s]", got)
	}
}

// TestRateLimitResetFromFake gets the fake's per-second 429, which carries
// X-RateLimit-Reset (the Unix second when the quota opens again) and no Retry-After, and
// checks the client waits until that second instead of its own shorter backoff.
func TestRateLimitResetFromFake(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 250*int(time.Millisecond), time.UTC)
	e := newEnv(t, zoomtest.Options{Now: func() time.Time { return now }})
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS, Path: "/v2/users/me", Count: 1})
	if _, err := rewritingClient(e, now, "").Me(context.Background()); err != nil {
		t.Fatalf("Me: %v, want success after one retry", err)
	}
	if got, want := e.sleeps.all(), 750*time.Millisecond; len(got) != 1 || got[0] != want {
		t.Errorf("waits: got %v, want [%v] (until the reset second)", got, want)
	}
}

// TestDailyLimit uses the fake's daily-limit 429: Retry-After is next midnight UTC, twelve
// hours away, so the client returns at once with the time set. The fake and the client share
// one pinned clock, so neither the wait nor the expected midnight depends on when the test runs.
func TestDailyLimit(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	e := newEnv(t, zoomtest.Options{Now: func() time.Time { return now }})
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultRateLimitDaily, Path: "/v2/users/me/recordings"})
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err := e.c.Recordings(context.Background(), day, day.AddDate(0, 3, 0))
	var ze *zoomapi.Error
	if !errors.As(err, &ze) || !zoomapi.IsRateLimited(err) {
		t.Fatalf("Recordings = %v, want a rate-limit *Error", err)
	}
	midnight := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	if at, ok := zoomapi.RetryAfter(err); !ok || !at.Equal(midnight) {
		t.Errorf("RetryAfter = %v, %v, want %v", at, ok, midnight)
	}
	if ze.LimitType != "Daily-limit" || ze.Category == "" {
		t.Errorf("limit type %q category %q, want Daily-limit and a category", ze.LimitType, ze.Category)
	}
	if n := len(e.sleeps.all()); n != 0 {
		t.Errorf("waited %d times, want 0", n)
	}
}

// TestRetryBudget keeps answering 500: the client stops when its total wait would pass
// the budget, before its retry count runs out.
func TestRetryBudget(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	c := e.strictClient(zoomapi.WithRetries(20, 5*time.Second))
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 500, Path: "/v2/users/me"})
	_, err := c.Me(context.Background())
	var ze *zoomapi.Error
	if !errors.As(err, &ze) || ze.Status != 500 {
		t.Fatalf("Me = %v, want *Error with status 500", err)
	}
	var total time.Duration
	for _, w := range e.sleeps.all() {
		total += w
	}
	n := e.log.count(http.MethodGet, "/v2/users/me")
	if total > 5*time.Second || n >= 21 || n != len(e.sleeps.all())+1 {
		t.Errorf("sent %d requests after %d waits totalling %v, want under 21 and at most 5s", n, len(e.sleeps.all()), total)
	}
}

// TestTokenInvalid: a token the fake never issued is Zoom's 401 code 124.
func TestTokenInvalid(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	c := e.client(&oauth2.Token{AccessToken: "not-a-token", TokenType: "bearer"})
	_, err := c.Me(context.Background())
	if !zoomapi.IsTokenInvalid(err) {
		t.Errorf("Me = %v, want an invalid-token error", err)
	}
}

// TestErrorsHoldNoSecrets makes every call fail in several ways and checks no error text
// holds anything the fake issued (tokens, codes, ZAKs) or a query string.
func TestErrorsHoldNoSecrets(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	eps := endpoints(t, e)
	if _, err := e.c.ZAK(context.Background()); err != nil { // make sure a ZAK exists
		t.Fatalf("ZAK: %v", err)
	}
	var msgs []string
	for _, kind := range []zoomtest.FaultKind{zoomtest.FaultHTML200, zoomtest.FaultCode200, zoomtest.FaultMalformedJSON,
		zoomtest.FaultReset, zoomtest.FaultRateLimitDaily} {
		for _, ep := range eps {
			e.s.SetFaults(zoomtest.Fault{Kind: kind, Path: ep.path, Method: ep.method})
			if err := ep.call(context.Background(), e.strictClient(zoomapi.WithRetries(0, 0))); err != nil {
				msgs = append(msgs, err.Error())
			}
		}
	}
	e.s.SetFaults()
	if len(msgs) < 20 {
		t.Fatalf("got %d errors, want one per fault and endpoint", len(msgs))
	}
	secrets := append(e.s.Secrets(), e.tok.AccessToken, e.tok.RefreshToken)
	for _, msg := range msgs {
		for _, s := range secrets {
			if s != "" && strings.Contains(msg, s) {
				t.Fatalf("error %q holds a secret", msg[:min(len(msg), 40)])
			}
		}
		if strings.Contains(msg, "?") {
			t.Errorf("error %q holds a query string", msg)
		}
	}
}
