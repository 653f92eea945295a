package ui

import (
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestSettingsRestart checks that after a save the screen offers "Restart zoomtray" (there
// is no tray menu to quit from on a desktop without a tray host), and that the button
// restarts the agent and closes the window.
func TestSettingsRestart(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
	if s.Restart.Visible() {
		t.Fatal("Restart before a save: got visible, want hidden")
	}
	s.ClientID.SetText("my-app")
	test.Tap(s.Save)
	e.jobs.Wait()
	if !s.Restart.Visible() {
		t.Fatal("Restart after a save: got hidden, want visible")
	}
	test.Tap(s.Restart)
	e.jobs.Wait()
	calls := api.Calls()
	if i := slices.Index(calls, "Restart"); i < 0 || !slices.Contains(calls[i:], "closeWindow") {
		t.Errorf("calls: got %q, want Restart then closeWindow", calls)
	}
}
