// Package desktop answers questions about the desktop session the program runs in.
package desktop

import (
	"os"
	"runtime"
)

// HasDisplay reports whether windows can be shown: always on Windows and macOS; on Linux
// and the BSDs when $DISPLAY (X11) or $WAYLAND_DISPLAY is set.
func HasDisplay() bool { return hasDisplay(runtime.GOOS, os.Getenv) }

func hasDisplay(goos string, getenv func(string) string) bool {
	return goos == "windows" || goos == "darwin" || getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}

// NoDisplayMessage says why a window cannot open and what to use instead.
const NoDisplayMessage = "no display: DISPLAY and WAYLAND_DISPLAY are unset, so the window cannot open; use zoomctl"
