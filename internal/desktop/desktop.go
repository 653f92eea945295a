// Package desktop answers questions about the desktop session the program runs in: is
// there a display, a browser launcher, a tray host. The agent, the service and zoomctl ask
// here, so they decide the same way.
package desktop

import (
	"os"
	"os/exec"
	"runtime"
)

// Env is what the answers depend on. The zero value is not usable: use System, or set
// every field (tests).
type Env struct {
	GOOS     string                       // runtime.GOOS
	Getenv   func(string) string          // os.Getenv
	LookPath func(string) (string, error) // exec.LookPath
}

// System is the Env of this process.
func System() Env { return Env{GOOS: runtime.GOOS, Getenv: os.Getenv, LookPath: exec.LookPath} }

// HasDisplay reports whether windows can be shown: always on Windows and macOS; on Linux
// and the BSDs when $DISPLAY (X11) or $WAYLAND_DISPLAY is set.
func HasDisplay() bool { return System().HasDisplay() }

// HasDisplay reports whether windows can be shown in e (see the function HasDisplay).
func (e Env) HasDisplay() bool {
	return e.alwaysDesktop() || e.Getenv("DISPLAY") != "" || e.Getenv("WAYLAND_DISPLAY") != ""
}

// alwaysDesktop reports a system that always has a display, a URL launcher and a
// notification area: Windows and macOS.
func (e Env) alwaysDesktop() bool { return e.GOOS == "windows" || e.GOOS == "darwin" }

// Launcher names the program that opens a page in the browser: "$BROWSER (cmd)" when
// $BROWSER is set, else the system's launcher (open on macOS, rundll32 on Windows,
// xdg-open found on PATH elsewhere); "" when there is none.
func (e Env) Launcher() string {
	if b := e.Getenv("BROWSER"); b != "" {
		return "$BROWSER (" + b + ")"
	}
	switch e.GOOS {
	case "darwin":
		return "open"
	case "windows":
		return "rundll32"
	}
	if p, err := e.LookPath("xdg-open"); err == nil {
		return p
	}
	return ""
}

// NoBrowser says why a browser on this computer cannot show a sign-in page, or returns ""
// when it can: it needs a display and a launcher. Windows and macOS always have both.
func (e Env) NoBrowser() string {
	switch {
	case !e.HasDisplay():
		return "no display"
	case e.Launcher() == "":
		return "no browser launcher ($BROWSER or xdg-open)"
	}
	return ""
}

// NoDisplayMessage says why a window cannot open and what to use instead.
const NoDisplayMessage = "no display: DISPLAY and WAYLAND_DISPLAY are unset, so the window cannot open; use zoomctl"
