package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestSettingsAppliesStartAtLogin checks that saving a changed "Start zoomtray when I log
// in" applies it (autostart), and that saving without changing it does not.
func TestSettingsAppliesStartAtLogin(t *testing.T) {
	tests := []struct {
		name   string
		toggle bool
		want   string
	}{
		{"changed", true, "[true]"},
		{"unchanged", false, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, newFakeAPI())
			s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
			var applied []bool
			s.startAtLogin = func(on bool) error { applied = append(applied, on); return nil }
			if tt.toggle {
				s.StartAtLogin.SetChecked(true)
			}
			s.ClientID.SetText("my-app")
			s.Notify.SetText("7")
			test.Tap(s.Save)
			e.jobs.Wait()
			if got := fmt.Sprint(applied); got != tt.want {
				t.Errorf("start at login applied: got %s, want %s", got, tt.want)
			}
		})
	}
}
