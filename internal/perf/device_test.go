package perf

import (
	"context"
	"testing"
	"time"
)

// TestDevicePolls checks the device flow's polling against the fake: no more polls than
// a client polling exactly every interval would make, and no slow_down.
func TestDevicePolls(t *testing.T) {
	if testing.Short() {
		t.Skip("runs for 3 s")
	}
	rep, err := DevicePolls(context.Background(), time.Second, 3*time.Second)
	if err != nil {
		t.Fatalf("DevicePolls: %v", err)
	}
	if rep.Polls < 1 || rep.Polls > rep.Minimum || rep.SlowDown != 0 {
		t.Errorf("got %d polls and %d slow_down, want 1..%d polls and 0 slow_down", rep.Polls, rep.SlowDown, rep.Minimum)
	}
}
