package testenv

import (
	"os"
	"path/filepath"
	"testing"
)

// TestBinaryOncePerProcess checks that a second Binary of the same package and environment
// returns the first build (the file is not written again), and that a release build and
// another environment are builds of their own.
func TestBinaryOncePerProcess(t *testing.T) {
	const pkg = "github.com/zoomtray/zoomtray/cmd/zoomfake"
	first := Binary(t, pkg, "CGO_ENABLED=0")
	fi, err := os.Stat(first)
	if err != nil {
		t.Fatalf("Binary: %v", err)
	}
	again := Binary(t, pkg, "CGO_ENABLED=0")
	fi2, err := os.Stat(again)
	if err != nil || again != first || !os.SameFile(fi, fi2) || !fi2.ModTime().Equal(fi.ModTime()) {
		t.Errorf("second Binary: got %s (%v), want the first build %s untouched", again, err, first)
	}
	if filepath.Base(first) != "zoomfake" {
		t.Errorf("Binary: got %s, want an executable named zoomfake", first)
	}
	release := ReleaseBinary(t, pkg, "CGO_ENABLED=0")
	if filepath.Dir(release) == filepath.Dir(first) {
		t.Errorf("ReleaseBinary shares the directory of the test build: %s", release)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	RemoveBinaries()
	os.Exit(code)
}
