package ui

import (
	"context"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// restartingAPI is the fake API with the agent's Restart (localapi.Client.Restart).
type restartingAPI struct{ *fakeAPI }

func (r restartingAPI) Restart(context.Context) error {
	r.record("Restart")
	return nil
}

// TestSettingsRestart checks that after a save the screen offers "Restart zoomtray" when
// the agent can restart (there is no tray menu to quit from on a desktop without a tray
// host), and that the button restarts the agent and closes the window.
func TestSettingsRestart(t *testing.T) {
	tests := []struct {
		name        string
		canRestart  bool
		wantVisible bool
	}{
		{name: "agent", canRestart: true, wantVisible: true},
		{name: "no restart", canRestart: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI()
			e := newTestEnv(t, api)
			if tt.canRestart {
				e.api = restartingAPI{api}
			}
			s := NewSettings(e, loadSettings(t, ""), testNamespace)
			if s.Restart.Visible() {
				t.Fatal("Restart before a save: got visible, want hidden")
			}
			s.ClientID.SetText("my-app")
			test.Tap(s.Save)
			e.jobs.Wait()
			if got := s.Restart.Visible(); got != tt.wantVisible {
				t.Fatalf("Restart after a save: got visible %v, want %v", got, tt.wantVisible)
			}
			if !tt.wantVisible {
				return
			}
			test.Tap(s.Restart)
			e.jobs.Wait()
			calls := api.Calls()
			if i := slices.Index(calls, "Restart"); i < 0 || !slices.Contains(calls[i:], "closeWindow") {
				t.Errorf("calls: got %q, want Restart then closeWindow", calls)
			}
		})
	}
}
