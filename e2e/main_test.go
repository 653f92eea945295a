package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofrs/flock"
)

// zoomtrayBin is the zoomtray binary TestMain built, "" when the tests will skip.
var zoomtrayBin string

// TestMain builds zoomtray once for every test, with the flags of `go build ./cmd/zoomtray`
// (cgo, no -trimpath) so Go's build cache of the Fyne GL driver is reused. Without a
// display the tests skip (testenv.Display) and nothing is built.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("ZOOMTRAY_TEST_DISPLAY") == "" && os.Getenv("CI") == "" {
		return m.Run()
	}
	dir, err := os.MkdirTemp("", "zoomtray-e2e-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	if err := build(dir); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	zoomtrayBin = filepath.Join(dir, "zoomtray")
	// One test binary at a time on the display: go test runs packages in parallel, and
	// two of them driving the same Xvfb (screenshots, xdotool) at once have hung it.
	lock := flock.New(displayLockPath())
	if err := lock.Lock(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: display lock:", err)
		return 1
	}
	defer lock.Unlock()
	return m.Run()
}

// displayLockPath is the lock file the test binaries using scripts/testenv.sh's display
// share (ui's TestWindowSmoke takes the same one).
func displayLockPath() string {
	dir := os.Getenv("ZOOMTRAY_TESTENV_SCRATCH")
	if dir == "" {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "display"+strings.ReplaceAll(os.Getenv("DISPLAY"), ":", "-")+".lock")
}

// build runs go build ./cmd/zoomtray in the module's root, writing the binary to dir.
func build(dir string) error {
	mod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("go env GOMOD: %w", err)
	}
	cmd := exec.Command("go", "build", "-o", dir+"/", "./cmd/zoomtray")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(mod)))
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build ./cmd/zoomtray: %w\n%s", err, out)
	}
	return nil
}
