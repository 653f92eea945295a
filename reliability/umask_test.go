//go:build unix

package reliability

import (
	"os"
	"syscall"
	"testing"
)

// TestMain runs the suite under umask 022, the usual desktop default, so that a file or
// directory created without explicit modes would show up as group or world readable.
func TestMain(m *testing.M) {
	syscall.Umask(0o022)
	code := m.Run()
	if builtZoomtray.dir != "" {
		os.RemoveAll(builtZoomtray.dir)
	}
	os.Exit(code)
}
