package zoomtest

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkInMemory compares the two ways to reach the fake without a socket: the
// in-memory listener (Options.InMemory with Server.Transport: real HTTP over pipes, for
// synctest bubbles and protocol tests) and calling Server.Handler directly (what the fleet
// simulator does for its million requests). Both answer GET /v2/users/me.
func BenchmarkInMemory(b *testing.B) {
	// Each reading of the clock is a second later, so no request meets a per-second limit.
	var tick atomic.Int64
	start := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { return start.Add(time.Duration(tick.Add(1)) * time.Second) }
	s := NewServer(Options{InMemory: true, Now: now, AccessTokenTTL: 1 << 62})
	b.Cleanup(s.Close)
	at, _, err := s.IssueToken("demo-client", "alex@example.com", "user:read:user")
	if err != nil {
		b.Fatal(err)
	}
	req := func() *http.Request {
		r, _ := http.NewRequest(http.MethodGet, s.URL+"/v2/users/me", nil)
		r.Header.Set("Authorization", "Bearer "+at)
		return r
	}
	b.Run("pipes", func(b *testing.B) {
		c := s.Client()
		for b.Loop() {
			resp, err := c.Do(req())
			if err != nil || resp.StatusCode != http.StatusOK {
				b.Fatalf("%v %v", resp, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	})
	b.Run("handler", func(b *testing.B) {
		h := s.Handler()
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req())
			if rec.Code != http.StatusOK {
				b.Fatalf("status %d", rec.Code)
			}
		}
	})
}
