package ui

import (
	"context"
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// bannerView is the one place the window shows problems, so every error reads the same way: a strip at
// the top with what happened and what to do, both from text.Error. It holds two problems:
// the agent's latest (Status.LastError, which goes away on its own when the agent
// recovers) and the last failed action of the window (which the user dismisses). The
// action's is shown first. Its methods run on the UI goroutine.
type bannerView struct {
	// Content is the strip; it is hidden when there is nothing to show.
	Content *fyne.Container
	// What and Todo are the two sentences.
	What, Todo *widget.Label
	// Dismiss clears the action's problem.
	Dismiss *widget.Button

	status, action *service.ErrorInfo
}

// newBanner returns an empty, hidden banner.
func newBanner() *bannerView {
	b := &bannerView{What: widget.NewLabel(""), Todo: widget.NewLabel("")}
	b.What.TextStyle = fyne.TextStyle{Bold: true}
	b.What.Importance = widget.DangerImportance // the theme's red, so a problem reads as one
	b.What.Wrapping = fyne.TextWrapWord
	b.Todo.Wrapping = fyne.TextWrapWord
	b.Dismiss = widget.NewButton("Dismiss", func() { b.ShowAction(nil) })
	icon := widget.NewIcon(theme.NewErrorThemedResource(theme.ErrorIcon()))
	// The icon's top padding puts it on the first line of text, which labels inset.
	iconBox := container.New(layout.NewCustomPaddedLayout(sizeInner-2, 0, sizePadding, 0), icon)
	b.Content = container.NewBorder(nil, nil, container.NewVBox(iconBox), container.NewVBox(b.Dismiss),
		container.NewVBox(b.What, b.Todo))
	b.render()
	return b
}

// ShowStatus shows the agent's latest problem; nil clears it.
func (b *bannerView) ShowStatus(e *service.ErrorInfo) {
	b.status = e
	b.render()
}

// ShowAction shows a problem of the window's own action; nil clears it.
func (b *bannerView) ShowAction(e *service.ErrorInfo) {
	b.action = e
	b.render()
}

// ShowError shows err, an action's failure, through service.Describe. A context
// cancellation (the user cancelled) is not a problem and shows nothing.
func (b *bannerView) ShowError(err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	b.ShowAction(service.Describe(err))
}

// Shown returns the two sentences shown, or empty strings.
func (b *bannerView) Shown() (what, todo string) {
	return b.What.Text, b.Todo.Text
}

// render shows the action's problem, else the status's, else hides the strip.
func (b *bannerView) render() {
	e := b.action
	if e == nil {
		e = b.status
	}
	if e == nil {
		b.What.SetText("")
		b.Todo.SetText("")
		b.Content.Hide()
		return
	}
	what, todo := text.Error(e)
	b.What.SetText(what)
	b.Todo.SetText(todo)
	b.Dismiss.Hidden = b.action == nil
	b.Content.Show()
	b.Content.Refresh()
}
