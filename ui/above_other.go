//go:build !cgo || !linux || ci

package ui

import "fyne.io/fyne/v2"

// keepAbove does nothing here: Fyne 2.7 has no always-on-top API, and only the X11 way
// (above_x11.go) is implemented. The reminder window still opens centred and focused.
func keepAbove(fyne.Window) {}
