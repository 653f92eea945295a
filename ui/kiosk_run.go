//go:build cgo || ci

package ui

import (
	"context"

	"fyne.io/fyne/v2"
)

// runKiosk shows the kiosk full screen (issue "Shared PCs": the window is full screen)
// until the window closes or the window's context ends (cancel ends it), with every key press counted as
// activity. It must run on the main goroutine.
func runKiosk(a fyne.App, w fyne.Window, e *env, cancel context.CancelFunc, dumpFile string) error {
	k := newKiosk(e)
	if dumpFile != "" {
		e.changed = func() { writeDump(dumpFile, k.Dump()) }
	}
	w.SetContent(k.Content)
	w.SetFullScreen(true)
	w.Resize(fyne.NewSize(1280, 800))
	w.Canvas().SetOnTypedKey(func(*fyne.KeyEvent) { k.Touch() })
	w.Canvas().SetOnTypedRune(func(rune) { k.Touch() })
	w.SetOnClosed(cancel)
	stop := context.AfterFunc(e.jobs.ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	e.jobs.Go(k.Watch)
	w.ShowAndRun()
	cancel()
	waitJobs(e.jobs, jobsGrace)
	return nil
}
