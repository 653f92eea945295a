package perf

import (
	"context"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestFleetShape runs a small fleet for an hour after a 9:00 wake, with and without
// jitter, and checks the shape of the figures: every agent polls, the edits are shown,
// and without jitter the busiest second is the whole fleet at once.
func TestFleetShape(t *testing.T) {
	run := func(noJitter bool) *FleetReport {
		rep, err := Fleet(context.Background(), FleetOptions{Agents: 200, Plan: zoomtest.PlanBusiness,
			NoJitter: noJitter, End: 10 * time.Hour, Changes: 50})
		if err != nil {
			t.Fatalf("Fleet: %v", err)
		}
		return rep
	}
	on, off := run(false), run(true)
	if on.Polls < 200*6 || on.RateLimited != 0 || len(on.Far)+len(on.Near) == 0 || on.Early != on.InTime {
		t.Errorf("with jitter: %d polls, %d 429s, %d edits shown, %d of %d early edits in time; want at least 1200 polls, no 429, edits shown in time",
			on.Polls, on.RateLimited, len(on.Far)+len(on.Near), on.InTime, on.Early)
	}
	if off.PeakCount < 2*200/2 || on.PeakCount >= off.PeakCount {
		t.Errorf("busiest second: %d requests with jitter, %d without; want the fleet at once without (%d requests or more)",
			on.PeakCount, off.PeakCount, 200)
	}
}
