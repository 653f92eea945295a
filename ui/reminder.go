package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// reminderTitle is the reminder window's title; end-to-end tests find the window by it.
const reminderTitle = "zoomtray reminder"

// reminder is the reminder window's one screen (`zoomtray-window --reminder`): the
// meeting's topic and start time in large type, the time left counting down, and Join
// (Start for a meeting the user hosts; Enter), Snooze 1 min and Dismiss (Escape). Each
// button ends the window through end, with snoozed set for Snooze.
type reminder struct {
	Content fyne.CanvasObject
	// Topic, When ("Starts at 09:00") and Left ("in 0:45") are large texts.
	Topic, When, Left *canvas.Text
	// Go joins the meeting, or starts it as host: Start for a meeting the user hosts.
	Go              *widget.Button
	Snooze, Dismiss *widget.Button

	e   *env
	m   zoomapi.Meeting
	end func(snoozed bool)
}

// newReminder returns the reminder of m; end closes the window (UI goroutine).
func newReminder(e *env, m zoomapi.Meeting, end func(snoozed bool)) *reminder {
	r := &reminder{e: e, m: m, end: end}
	fg := theme.Color(theme.ColorNameForeground)
	r.Topic = canvas.NewText(m.Topic, fg)
	r.Topic.TextSize, r.Topic.TextStyle, r.Topic.Alignment = 30, fyne.TextStyle{Bold: true}, fyne.TextAlignCenter
	r.When = canvas.NewText("Starts at "+m.StartTime.In(e.now().Location()).Format("15:04"), theme.Color(theme.ColorNamePlaceHolder))
	r.When.TextSize, r.When.Alignment = 20, fyne.TextAlignCenter
	r.Left = canvas.NewText("", theme.Color(theme.ColorNamePrimary))
	r.Left.TextSize, r.Left.TextStyle, r.Left.Alignment = 48, fyne.TextStyle{Bold: true, Monospace: true}, fyne.TextAlignCenter
	r.Tick(e.now())
	// Escape dismisses, also while a button has the focus (after Tab).
	e.escape = func() { r.end(false) }
	goButton := newEscButton(e, "Join (Enter)", theme.LoginIcon(), r.Act)
	if m.IsHost {
		goButton.Text, goButton.Icon = "Start (Enter)", theme.MediaPlayIcon()
	}
	goButton.Importance = widget.HighImportance
	snooze := newEscButton(e, "Snooze 1 min", theme.HistoryIcon(), func() { r.end(true) })
	dismiss := newEscButton(e, "Dismiss (Esc)", theme.CancelIcon(), func() { r.end(false) })
	r.Go, r.Snooze, r.Dismiss = &goButton.Button, &snooze.Button, &dismiss.Button
	buttons := container.NewCenter(container.NewHBox(goButton, snooze, dismiss))
	body := container.NewVBox(layoutGap(), r.Topic, r.When, layoutGap(), r.Left, layoutGap(), buttons)
	r.Content = container.NewBorder(e.banner.Content, nil, nil, nil, container.NewCenter(body))
	return r
}

// layoutGap is a vertical space between the reminder's parts.
func layoutGap() fyne.CanvasObject { return spacer(fyne.NewSize(1, 12)) }

// Tick shows the time left at now (UI goroutine).
func (r *reminder) Tick(now time.Time) {
	left := text.Countdown(r.m.StartTime, now)
	if left == r.Left.Text {
		return
	}
	r.Left.Text = left
	r.Left.Refresh()
	r.e.notifyChanged()
}

// Act joins the meeting, or starts it as host with a fresh ZAK (the agent's Start), then
// ends the window; a failure stays on screen in the banner (UI goroutine).
func (r *reminder) Act() {
	if r.Go.Disabled() {
		return
	}
	r.Go.Disable()
	id := int64(r.m.ID)
	r.e.jobs.Go(func(ctx context.Context) {
		var err error
		if r.m.IsHost {
			_, err = r.e.api.Start(ctx, id)
		} else {
			var u string
			if u, err = r.e.api.JoinURL(ctx, id); err == nil {
				err = r.e.openURL(u)
			}
		}
		r.e.do(func() {
			r.Go.Enable()
			if err != nil {
				r.e.banner.ShowError(err)
				r.e.notifyChanged()
				return
			}
			r.end(false)
		})
	})
}

// Dump returns what the reminder shows as text (see Main.Dump): "screen: reminder", then
// its texts in layout order.
func (r *reminder) Dump() []string {
	return append([]string{"screen: reminder"}, dumpTexts(r.Content)...)
}
