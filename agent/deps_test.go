package agent

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyneInAgent checks that the agent, its tray and its executable link
// fyne.io/systray, never Fyne itself (whose driver wakes 60 times a second, and whose GL
// driver's code alone grew the idle agent's RSS by half), so only the window program
// (cmd/zoomtray-window) pays for it.
func TestNoFyneInAgent(t *testing.T) {
	for _, pkg := range []string{".", "../tray", "../notify", "../cmd/zoomtray"} {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		for _, dep := range strings.Fields(string(out)) {
			if strings.HasPrefix(dep, "fyne.io/fyne/") {
				t.Errorf("%s depends on %s, want no Fyne in the agent", pkg, dep)
			}
		}
	}
}
