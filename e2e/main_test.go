package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gofrs/flock"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// zoomtrayBin is the zoomtray binary TestMain built, "" when the tests will skip.
var zoomtrayBin string

// TestMain builds zoomtray and its window program once for every test (testenv.Binary:
// cgo, no -trimpath, the test hooks' tag). Without a
// display the tests skip (testenv.Display) and nothing is built.
func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	if os.Getenv("ZOOMTRAY_TEST_DISPLAY") == "" && os.Getenv("CI") == "" {
		return m.Run()
	}
	defer testenv.RemoveBinaries()
	var err error
	if zoomtrayBin, err = testenv.BuildBinary("github.com/zoomtray/zoomtray/cmd/zoomtray"); err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
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
