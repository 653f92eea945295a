//go:build !(linux || freebsd || openbsd || netbsd)

package agent

// desktop reports a tray on macOS and Windows, which always have a notification area.
func desktop(getenv func(string) string) (bus, host bool) { return true, true }
