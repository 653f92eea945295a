package zoomapi_test

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDependencies enforces the dependency direction of STYLE.md: zoomapi and zoomtest
// import nothing from Fyne, and zoomapi itself knows nothing of OAuth.
func TestDependencies(t *testing.T) {
	tests := []struct {
		pattern   string
		forbidden []string
	}{
		{"./...", []string{"fyne.io/"}},
		{".", []string{"fyne.io/", "golang.org/x/oauth2", "github.com/zoomtray/zoomtray/auth"}},
	}
	for _, tt := range tests {
		t.Run(tt.pattern, func(t *testing.T) {
			for _, dep := range goListDeps(t, tt.pattern) {
				for _, f := range tt.forbidden {
					if strings.HasPrefix(dep, f) {
						t.Errorf("go list -deps %s includes %s, want no %s", tt.pattern, dep, f)
					}
				}
			}
		})
	}
}

func goListDeps(t *testing.T, pattern string) []string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	out, err := exec.Command(goTool, "list", "-deps", pattern).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pattern, err)
	}
	deps := strings.Fields(string(out))
	if len(deps) == 0 {
		t.Fatalf("go list -deps %s printed nothing", pattern)
	}
	return deps
}
