package agent

import (
	"context"
	"slices"
	"testing"

	"github.com/zoomtray/zoomtray/localapi"
)

// TestRestart checks the window's restart (after saving settings) stops the agent and asks
// Run to start it again, and that the new agent opens the window.
func TestRestart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, _ := sleeper(t, "0")
	a := newAgentAPI(unconfigured{}, w, cancel)
	var _ localapi.Restarter = a
	if a.restart.Load() {
		t.Fatal("restart before Restart: got true, want false")
	}
	if err := a.Restart(ctx); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if !a.restart.Load() || ctx.Err() == nil {
		t.Errorf("after Restart: got restart %v, ctx %v; want true and the run stopped", a.restart.Load(), ctx.Err())
	}
}

func TestRestartArgs(t *testing.T) {
	tests := []struct {
		in, want []string
	}{
		{nil, []string{"--open-window"}},
		{[]string{"--client-id", "x"}, []string{"--client-id", "x", "--open-window"}},
		{[]string{"--open-window", "--kiosk"}, []string{"--open-window", "--kiosk"}},
		{[]string{"-open-window"}, []string{"-open-window"}},
	}
	for _, tt := range tests {
		if got := restartArgs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("restartArgs(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}
