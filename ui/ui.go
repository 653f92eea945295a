// Package ui is zoomtray's window: the sign-in dialog with its QR code, the upcoming
// meetings, the cloud recordings and the settings. It runs in its own process, started by
// the agent only while a window is open, so that the resident agent never runs a GUI
// toolkit loop, and shows only what the agent's API (localapi.Agent) tells it.
//
// Screens are types whose constructors return the buttons a test taps. Widgets are changed
// only on the UI goroutine (fyne.Do); calls to the API run on goroutines owned by a jobs
// group, so tests wait for them instead of sleeping. Problems are shown in one place, the
// Banner, with the sentences of ui/text.
package ui

import (
	"context"
	"sync"
	"time"

	"fyne.io/fyne/v2"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/localapi"
)

// windowTitle is the window title; end-to-end tests find the window by it.
const windowTitle = "zoomtray"

// Options configure RunWindow. The zero value shows the default namespace's settings.
type Options struct {
	// Namespace is the config namespace (config.DefaultNamespace when empty, or
	// config.DemoNamespace): the settings screen reads and writes its user file.
	Namespace string
	// Kiosk hides the settings on a shared computer.
	Kiosk bool
	// Settings are the current settings; nil means load them from the system
	// (config.SystemSources with no flags), or, in config.DemoNamespace, the defaults:
	// a demo never reads the user's environment, user file or managed file.
	Settings *config.Settings
	// DumpFile, when set, is rewritten with the texts the window shows after each change
	// (see Dump): a test hook for end-to-end tests, which cannot read pixels as words.
	DumpFile string
}

// env is what every screen shares: the API, the error banner, background jobs, and the
// seams tests replace (the clock, opening URLs, the Downloads folder, relaunching).
type env struct {
	api    localapi.Agent
	banner *bannerView
	// notice confirms finished actions (newNotice(e)); nil says nothing.
	notice *noticeView
	jobs   *jobs
	// now is the clock; time.Now unless a test fixes it.
	now func() time.Time
	// openURL opens a link in the browser through a redirect page (openurl), never with
	// the link on a command line: links carry ZAKs and OAuth state.
	openURL func(string) error
	// downloadDir is where recordings are saved.
	downloadDir string
	// relaunch starts this program again with args, detached (the demo button).
	relaunch func(args ...string) error
	// saveSecret keeps the client secret in the keyring (tokenstore.SaveClientSecret).
	saveSecret func(ctx context.Context, clientID, secret string) error
	// closeWindow closes the window (after the demo starts).
	closeWindow func()
	// raise brings the window to the front (Status.WindowRaise grew); nil in tests.
	raise func()
	// focus gives the keyboard focus to an object of the window; nil in tests.
	focus func(fyne.Focusable)
	// escape closes the window (Escape, also while a button has the focus); nil in tests.
	escape func()
	// changed runs after the shown content changed (UI goroutine): the window's dump
	// hook (Options.DumpFile); nil when unused.
	changed func()
	// uiMu serialises do: Fyne's GL driver runs fyne.Do functions one at a time on the
	// main goroutine, but its test driver runs them at once on the caller, and the service
	// reports sign-in events from two flows at once.
	uiMu sync.Mutex
}

// do runs f on the UI goroutine (fyne.Do), one at a time. Jobs change widgets only
// through do: Fyne widgets may be changed only on its UI goroutine.
func (e *env) do(f func()) {
	e.uiMu.Lock()
	defer e.uiMu.Unlock()
	fyne.Do(f)
}

// say confirms an action in the window's notice line (UI goroutine).
func (e *env) say(msg string) {
	if e.notice != nil {
		e.notice.Show(msg)
	}
}

// notifyChanged tells the window's dump hook that the shown content changed (UI
// goroutine).
func (e *env) notifyChanged() {
	if e.changed != nil {
		e.changed()
	}
}

// tickEverySecond calls tick with the current time on the UI goroutine once a second
// until ctx is done (the device code's countdown).
func (e *env) tickEverySecond(ctx context.Context, tick func(now time.Time)) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			now := e.now()
			e.do(func() { tick(now) })
		}
	}
}

// copyText puts s on the system clipboard (must run on the UI goroutine).
func copyText(s string) {
	fyne.CurrentApp().Clipboard().SetContent(s)
}

// jobs runs the window's background work: every API call happens on a
// goroutine started by Go, with the window's context, and Wait waits for all of them.
type jobs struct {
	ctx context.Context
	wg  sync.WaitGroup
}

// newJobs returns a job group whose goroutines get ctx.
func newJobs(ctx context.Context) *jobs { return &jobs{ctx: ctx} }

// Go runs f on its own goroutine.
func (j *jobs) Go(f func(ctx context.Context)) {
	j.wg.Go(func() { f(j.ctx) })
}

// Wait waits until every job has returned.
func (j *jobs) Wait() { j.wg.Wait() }
