//go:build cgo || ci

package ui

import (
	"context"

	"fyne.io/fyne/v2"

	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// RunReminder shows the reminder window of m, centred and large, asks the window manager
// to keep it above other windows (keepAbove), and returns when the user has acted on it or
// ctx is done; snoozed reports Snooze. Like RunWindow it must run on the main goroutine.
func RunReminder(ctx context.Context, api localapi.Agent, m zoomapi.Meeting, opts Options) (snoozed bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a, w, e := newApp(ctx, api, opts, reminderTitle)
	r := newReminder(e, m, func(s bool) { snoozed = s; w.Close() })
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
