//go:build cgo || ci

package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/service"
)

// appID is the Fyne application ID, as in FyneApp.toml.
const appID = "io.github.zoomtray"

// RunWindow creates the Fyne app, shows the window titled "zoomtray" with everything api
// tells, and returns when the window is closed or ctx is done. It must be called on the
// main goroutine (Fyne's driver needs it). This file needs cgo (the GL driver) or the ci
// build tag (Fyne's headless driver); the screens themselves build without either.
func RunWindow(ctx context.Context, api service.API, opts Options) error {
	cfg, err := windowSettings(opts)
	if err != nil {
		return err
	}
	a := app.NewWithID(appID)
	w := a.NewWindow(Title)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	e := newEnv(ctx, api, w.Close)
	m := newMain(e, cfg, opts)
	w.SetContent(m.Content)
	w.Resize(fyne.NewSize(880, 640))
	w.SetOnClosed(cancel)
	context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	e.jobs.Go(m.Watch)
	w.ShowAndRun()
	cancel()
	e.jobs.Wait()
	return nil
}

// windowSettings returns opts.Settings, or loads the system's settings of opts.Namespace.
func windowSettings(opts Options) (config.Settings, error) {
	if opts.Settings != nil {
		return *opts.Settings, nil
	}
	src, err := config.SystemSources(nil, opts.Namespace)
	if err != nil {
		return config.Settings{}, fmt.Errorf("ui: settings: %w", err)
	}
	cfg, err := config.Load(src)
	if err != nil {
		return config.Settings{}, fmt.Errorf("ui: settings: %w", err)
	}
	return cfg, nil
}
