//go:build !((linux || freebsd || openbsd || netbsd) && !android)

package tray

// trayIcon is the icon data handed to systray.SetIcon: the PNG as it is (Windows and
// macOS decode it themselves).
func trayIcon(png []byte) []byte { return png }

// setIdentity does nothing: on macOS a title would be drawn next to the icon in the menu
// bar, and Windows has no item Id.
func setIdentity() {}
