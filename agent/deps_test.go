package agent

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoFyneInAgent checks the dependency rule of STYLE.md: the agent and the tray link
// fyne.io/systray, never Fyne itself (whose driver wakes 60 times a second), so only the
// window child process pays for it.
func TestNoFyneInAgent(t *testing.T) {
	for _, pkg := range []string{".", "../tray", "../notify"} {
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
