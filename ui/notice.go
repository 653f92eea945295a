package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// noticeFor is how long a notice stays: long enough to read five words twice.
const noticeFor = 4 * time.Second

// noticeView is the window's short confirmation that an action happened ("Invite link
// copied", "Opening Zoom…"): a line under the banner that goes away by itself. Problems go
// to the Banner instead. Its methods run on the UI goroutine.
type noticeView struct {
	// Content is the strip; hidden when there is nothing to say.
	Content *fyne.Container
	Text    *widget.Label

	e *env
	// seq counts notices, so an older notice's timer does not hide a newer one.
	seq int
}

// newNotice returns a hidden notice.
func newNotice(e *env) *noticeView {
	n := &noticeView{e: e, Text: widget.NewLabel("")}
	n.Text.Importance = widget.SuccessImportance
	n.Text.TextStyle = fyne.TextStyle{Bold: true}
	n.Content = container.NewHBox(widget.NewIcon(theme.ConfirmIcon()), n.Text)
	n.Content.Hide()
	return n
}

// Show says msg for noticeFor.
func (n *noticeView) Show(msg string) {
	n.seq++
	seq := n.seq
	n.Text.SetText(msg)
	n.Content.Show()
	n.e.notifyChanged()
	time.AfterFunc(noticeFor, func() {
		n.e.do(func() {
			if n.seq == seq {
				n.Clear()
			}
		})
	})
}

// Clear hides the notice.
func (n *noticeView) Clear() {
	n.Text.SetText("")
	n.Content.Hide()
	n.e.notifyChanged()
}

// Shown returns the notice shown, or "".
func (n *noticeView) Shown() string {
	if !n.Content.Visible() {
		return ""
	}
	return n.Text.Text
}
