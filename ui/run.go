//go:build cgo || ci

package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/driver/desktop"

	"github.com/zoomtray/zoomtray/assets"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/localapi"
)

// appID is the Fyne application ID, as in FyneApp.toml.
const appID = "io.github.zoomtray"

// windowAppID is the Fyne application ID of a window of namespace ns. The demo has its
// own, so its window never shares Fyne's preferences file with a real window: "Try the
// demo" closes one window while the other opens, and a window that starts while the other
// rewrites the file reads it empty ("Preferences load error: EOF").
func windowAppID(ns string) string {
	if ns == config.DemoNamespace {
		return appID + ".demo"
	}
	return appID
}

// RunWindow creates the Fyne app, shows the window titled "zoomtray" with everything api
// tells, and returns when the window is closed or ctx is done. It must be called on the
// main goroutine (Fyne's driver needs it). This file needs cgo (the GL driver) or the ci
// build tag (Fyne's headless driver); the screens themselves build without either.
func RunWindow(ctx context.Context, api localapi.Agent, opts Options) error {
	cfg, cfgErr := windowSettings(opts)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	a, w, e := newApp(ctx, api, opts, windowTitle)
	if opts.Kiosk {
		return runKiosk(a, w, e, cancel, opts.DumpFile) // full screen, no settings (ui/kiosk_run.go)
	}
	e.raise = func() { w.Show(); w.RequestFocus() }
	e.focus = func(f fyne.Focusable) { w.Canvas().Focus(f) }
	m := newMain(e, cfg, opts)
	addShortcuts(a, w, m)
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

// addShortcuts adds the keys people expect of a desktop window: Ctrl+W and Escape close
// it, Ctrl+Q quits the window (the agent and its tray keep running), and Alt+1, Alt+2 and
// Alt+3 switch to the Meetings, Recordings and Settings tabs.
func addShortcuts(a fyne.App, w fyne.Window, m *mainScreen) {
	c := w.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyW, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { w.Close() })
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyQ, Modifier: fyne.KeyModifierShortcutDefault},
		func(fyne.Shortcut) { a.Quit() })
	m.e.escape = w.Close
	c.SetOnTypedKey(func(k *fyne.KeyEvent) {
		if k.Name == fyne.KeyEscape {
			w.Close()
		}
	})
	for i, key := range []fyne.KeyName{fyne.Key1, fyne.Key2, fyne.Key3} {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierAlt},
			func(fyne.Shortcut) { m.SelectTab(i) })
	}
}

// newApp makes the Fyne app of namespace ns with zoomtray's theme and icon (the window's
// _NET_WM_ICON), its window titled title, and the env of the screens in it: API calls
// bounded by ctx, links opened through the namespace's runtime directory.
func newApp(ctx context.Context, api localapi.Agent, opts Options, title string) (fyne.App, fyne.Window, *env) {
	a := app.NewWithID(windowAppID(opts.Namespace))
	a.Settings().SetTheme(appTheme{})
	a.SetIcon(fyne.NewStaticResource("zoomtray.png", assets.AppIcon()))
	w := a.NewWindow(title)
	e := newEnv(ctx, api, w.Close)
	if d, err := config.Paths(opts.Namespace); err == nil {
		e.openURL = openurl.Opener{Dir: d.Runtime}.Open
	}
	return a, w, e
}
