//go:build unix

package reliability

import (
	"os"
	"syscall"
	"testing"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// TestMain runs the suite under umask 022, the usual desktop default, so that a file or
// directory created without explicit modes would show up as group or world readable.
func TestMain(m *testing.M) {
	syscall.Umask(0o022)
	code := m.Run()
	testenv.RemoveBinaries()
	os.Exit(code)
}
