//go:build (linux || freebsd || openbsd || netbsd) && !android

package tray

import "fyne.io/systray"

// trayIcon is the icon data handed to systray.SetIcon: on the StatusNotifierItem
// platforms, the PNG re-encoded so that its exported pixels are exact (exactPixmap).
func trayIcon(png []byte) []byte { return exactPixmap(png) }

// setIdentity names the StatusNotifierItem before it is registered: fyne.io/systray uses
// the title as the item's Id when one is set (else "systray_<pid>"), and tray hosts show
// the Title in their lists of items.
func setIdentity() { systray.SetTitle(ItemID) }
