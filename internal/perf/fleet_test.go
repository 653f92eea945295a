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

// TestFleetSync runs a small fleet's first transcript syncs for an hour after a 9:00
// wake: paced by the account's quota they begin spread out and cause no 429; at the old
// fixed pace (a pass's first request at once, then every 20 s) the fleet's first list
// requests fall in the same second and Zoom refuses most of them.
func TestFleetSync(t *testing.T) {
	run := func(fixed bool) *FleetReport {
		rep, err := Fleet(context.Background(), FleetOptions{Agents: 200, Plan: zoomtest.PlanBusiness,
			End: 10 * time.Hour, Changes: 50, Sync: SyncFirst, Recordings: 3, SyncFixed: fixed})
		if err != nil {
			t.Fatalf("Fleet: %v", err)
		}
		return rep
	}
	paced, fixed := run(false), run(true)
	if paced.RateLimited != 0 || paced.SyncLimited != 0 || paced.SyncLists < 200 || paced.FailedPolls != 0 {
		t.Errorf("paced: %d 429s (%d of the sync), %d lists, %d failed polls; want no 429 and the lists under way",
			paced.RateLimited, paced.SyncLimited, paced.SyncLists, paced.FailedPolls)
	}
	if fixed.SyncLimited == 0 || fixed.PeakCount < 100 {
		t.Errorf("fixed pace: %d 429s of the sync, busiest second %d; want the fleet's first lists at once and refused",
			fixed.SyncLimited, fixed.PeakCount)
	}
}
