//go:build cgo || ci

package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/service"
)

// appID is the Fyne application ID, as in FyneApp.toml.
const appID = "io.github.zoomtray"

// RunWindow creates the Fyne app, shows the window titled "zoomtray" with everything api
// tells, and returns when the window is closed or ctx is done. It must be called on the
// main goroutine (Fyne's driver needs it). This file needs cgo (the GL driver) or the ci
// build tag (Fyne's headless driver); the screens themselves build without either.
func RunWindow(ctx context.Context, api service.API, opts Options) error {
	cfg, cfgErr := windowSettings(opts)
	a := app.NewWithID(appID)
	w := a.NewWindow(Title)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e := newEnv(ctx, api, w.Close)
	if d, err := config.Paths(opts.Namespace); err == nil {
		e.openURL = openurl.Opener{Dir: d.Runtime}.Open
	}
	if opts.Kiosk {
		return runKiosk(a, w, e, cancel) // full screen, no settings (ui/kiosk_run.go)
	}
	e.raise = func() { w.Show(); w.RequestFocus() }
	e.focus = func(f fyne.Focusable) { w.Canvas().Focus(f) }
	m := newMain(e, cfg, opts)
	if opts.DumpFile != "" {
		e.changed = func() { writeDump(opts.DumpFile, m.Dump()) }
	}
	if m.Settings != nil {
		m.Settings.startAtLogin = applyStartAtLogin
	}
	m.Banner.ShowError(cfgErr) // invalid settings: the window still opens and says what to fix
	w.SetContent(m.Content)
	w.Resize(fyne.NewSize(880, 640))
	w.SetOnClosed(cancel)
	context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	e.jobs.Go(m.Watch)
	w.ShowAndRun()
	cancel()
	waitJobs(e.jobs, jobsGrace)
	return nil
}

// jobsGrace bounds the wait for the window's jobs after it closed: every job ends with
// its context, but an API call stuck in a dead agent's socket must not keep the process.
const jobsGrace = 3 * time.Second

// waitJobs waits for j, at most d.
func waitJobs(j *jobs, d time.Duration) {
	done := make(chan struct{})
	go func() { j.Wait(); close(done) }()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// windowSettings returns opts.Settings, or loads the system's settings of opts.Namespace.
// On error it returns the error with the settings that did load (config.Load reports
// every invalid setting and keeps the rest).
func windowSettings(opts Options) (config.Settings, error) {
	if opts.Settings != nil {
		return *opts.Settings, nil
	}
	if opts.Namespace == config.DemoNamespace {
		return config.Load(config.Sources{Namespace: config.DemoNamespace})
	}
	src, err := config.SystemSources(nil, opts.Namespace)
	if err != nil {
		return config.Settings{}, fmt.Errorf("ui: settings: %w", err)
	}
	cfg, err := config.Load(src)
	if err != nil {
		return cfg, fmt.Errorf("ui: settings: %w", err)
	}
	return cfg, nil
}
