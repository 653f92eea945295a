package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// escButton is a button that lets Escape through to the window while it has the
// keyboard focus. Fyne gives every key to the focused widget, so without this a button
// the window focuses for the user (Sign in with browser, so that Space signs in) would
// swallow the Escape that closes the window.
type escButton struct {
	widget.Button
	// e is the window's environment; its escape runs on Escape.
	e *env
}

// newEscButton returns a button labelled label with icon that runs tapped.
func newEscButton(e *env, label string, icon fyne.Resource, tapped func()) *escButton {
	b := &escButton{e: e}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey closes the window on Escape and is a button's otherwise.
func (b *escButton) TypedKey(k *fyne.KeyEvent) {
	if k.Name == fyne.KeyEscape && b.e.escape != nil {
		b.e.escape()
		return
	}
	b.Button.TypedKey(k)
}
