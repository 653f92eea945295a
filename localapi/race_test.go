package localapi

import (
	"errors"
	"sync"
	"testing"
)

// TestNewServerRace starts two agents on the same socket at once, with and without a
// stale socket from a crashed agent: exactly one must listen and the other must get
// ErrAlreadyRunning (the flock on agent.lock makes the check and the listen one step).
func TestNewServerRace(t *testing.T) {
	tests := []struct {
		name  string
		stale bool
	}{
		{name: "fresh"},
		{name: "stale socket", stale: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for range 30 {
				raceOnce(t, tt.stale)
			}
		})
	}
}

// raceOnce runs two NewServer calls released together and checks the outcome.
func raceOnce(t *testing.T, stale bool) {
	t.Helper()
	path := socketPath(t)
	if stale {
		staleSocket(t, path)
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	servers := make([]*Server, 2)
	errs := make([]error, 2)
	for i := range 2 {
		wg.Go(func() {
			<-start
			servers[i], errs[i] = NewServer(newStub(), path)
		})
	}
	close(start)
	wg.Wait()
	ok, already := 0, 0
	for i := range 2 {
		switch {
		case errs[i] == nil:
			ok++
			t.Cleanup(func() { servers[i].Close() })
		case errors.Is(errs[i], ErrAlreadyRunning):
			already++
		default:
			t.Errorf("NewServer: got %v, want success or ErrAlreadyRunning", errs[i])
		}
	}
	if ok != 1 || already != 1 {
		t.Fatalf("got %d servers and %d ErrAlreadyRunning, want 1 and 1", ok, already)
	}
}
