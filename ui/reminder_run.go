//go:build cgo || ci

package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/zoomtray/zoomtray/assets"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// RunReminder shows the reminder window of m, centred and large, asks the window manager
// to keep it above other windows (keepAbove), and returns when the user has acted on it or
// ctx is done; snoozed reports Snooze. Like RunWindow it must run on the main goroutine.
func RunReminder(ctx context.Context, api localapi.Agent, m zoomapi.Meeting, opts Options) (snoozed bool, err error) {
	a := app.NewWithID(windowAppID(opts.Namespace))
	a.Settings().SetTheme(Theme{})
	a.SetIcon(fyne.NewStaticResource("zoomtray.png", assets.AppIcon()))
	w := a.NewWindow(ReminderTitle)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e := newEnv(ctx, api, w.Close)
	if d, err := config.Paths(opts.Namespace); err == nil {
		e.openURL = openurl.Opener{Dir: d.Runtime}.Open
	}
	r := NewReminder(e, m, func(s bool) { snoozed = s; w.Close() })
	if opts.DumpFile != "" {
		e.changed = func() { writeDump(opts.DumpFile, r.Dump()) }
	}
	w.Canvas().SetOnTypedKey(func(k *fyne.KeyEvent) {
		switch k.Name {
		case fyne.KeyReturn, fyne.KeyEnter:
			r.Act()
		case fyne.KeyEscape:
			e.escape()
		}
	})
	w.SetContent(r.Content)
	w.Resize(fyne.NewSize(760, 420))
	w.CenterOnScreen()
	w.SetOnClosed(cancel)
	a.Lifecycle().SetOnStarted(func() {
		keepAbove(w)
		w.RequestFocus()
		e.notifyChanged()
	})
	context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	e.jobs.Go(func(ctx context.Context) { e.tickEverySecond(ctx, r.Tick) })
	w.ShowAndRun()
	cancel()
	waitJobs(e.jobs, jobsGrace)
	return snoozed, nil
}
