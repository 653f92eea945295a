package perf

import (
	"context"
	"testing"
	"time"
)

// TestRefreshLatencySmoke runs a short RefreshLatency and checks the report's shape, not
// its figures: both clients called without failures, on-demand refresh happened (an 11 s
// token is due 10 s early for x/oauth2) and nothing hit invalid_grant.
func TestRefreshLatencySmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 3 s")
	}
	rep, err := RefreshLatency(context.Background(), RefreshOptions{Duration: 3 * time.Second, Lifetime: 11 * time.Second})
	if err != nil {
		t.Fatalf("RefreshLatency: %v", err)
	}
	for _, s := range []RefreshSide{rep.Background, rep.OnDemand} {
		if s.Failures != 0 || len(s.Away) == 0 {
			t.Errorf("%s: got %d failures (%s) and %d calls away from a refresh, want 0 failures and some calls",
				s.Name, s.Failures, s.FirstFailure, len(s.Away))
		}
	}
	if rep.OnDemand.TokenRequests < 1 {
		t.Errorf("on-demand token requests: got %d, want at least 1", rep.OnDemand.TokenRequests)
	}
	if rep.InvalidGrant != 0 {
		t.Errorf("invalid_grant: got %d, want 0", rep.InvalidGrant)
	}
}

func TestQuantile(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		l    Latencies
		q    float64
		want time.Duration
	}{
		{nil, .5, 0},
		{Latencies{3 * ms}, .99, 3 * ms},
		{Latencies{4 * ms, 1 * ms, 3 * ms, 2 * ms}, .5, 2 * ms},
		{Latencies{4 * ms, 1 * ms, 3 * ms, 2 * ms}, .99, 4 * ms},
		{Latencies{4 * ms, 1 * ms, 3 * ms, 2 * ms}, 0, 1 * ms},
	}
	for _, tt := range tests {
		if got := tt.l.Quantile(tt.q); got != tt.want {
			t.Errorf("%v.Quantile(%v): got %v, want %v", tt.l, tt.q, got, tt.want)
		}
	}
}
