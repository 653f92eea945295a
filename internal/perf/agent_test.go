package perf

import (
	"context"
	"testing"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// buildZoomtray builds the agent binary once per test process, with the test hooks its
// simulated time needs.
func buildZoomtray(t *testing.T) string {
	t.Helper()
	return testenv.Binary(t, "github.com/zoomtray/zoomtray/cmd/zoomtray")
}

// TestAgentRequests runs the agent figures at 600 times real speed (a simulated hour
// in 6 s) and checks their shape: a cold start fetches the account and the two meeting
// lists, a warm start shows the cache at once and skips the account, and an idle hour
// far from meetings stays within the target of 14 requests (plus one poll's 2 requests
// of slack: the measured window's edges may catch one poll more), fewer than near one.
func TestAgentRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the agent for about 20 s")
	}
	rep, err := AgentRequests(context.Background(), AgentOptions{Zoomtray: buildZoomtray(t), Scale: 600, Log: t.Output()})
	if err != nil {
		t.Fatalf("AgentRequests: %v", err)
	}
	rep.Print(t.Output())
	checks := []struct {
		name string
		ok   bool
	}{
		{"cold start: 3 requests (account and both meeting lists)", rep.Cold == 3},
		{"warm start: the cache listed at the first answer", rep.WarmFromCache},
		{"warm start: 2 requests (no account fetch)", rep.Warm == 2},
		{"idle hour far from meetings: 2..16 requests", rep.Far.Requests >= 2 && rep.Far.Requests <= 16},
		{"idle hour near a meeting: more than far", rep.Near.Requests > rep.Far.Requests},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s: got cold %d, warm %d (from cache %v), far %.1f/h, near %.1f/h", c.name,
				rep.Cold, rep.Warm, rep.WarmFromCache, rep.Far.Requests, rep.Near.Requests)
		}
	}
}
