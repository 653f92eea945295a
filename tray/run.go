package tray

import (
	"context"
	"errors"
	"log/slog"
	"reflect"
	"sync"
	"time"

	"fyne.io/systray"

	"github.com/zoomtray/zoomtray/assets"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// InstantTopic is the topic of meetings made with "New meeting".
const InstantTopic = "Instant meeting"

// ItemID is the StatusNotifierItem's Id and Title on Linux: what tray hosts list the item
// under.
const ItemID = "zoomtray"

// actionTimeout bounds each API call a click makes.
const actionTimeout = 2 * time.Minute

// Options configure Run. The zero value works: the normal menu, links through
// service.OpenBrowser, Quit calls api.Quit.
type Options struct {
	// Kiosk shows the reduced menu.
	Kiosk bool
	// OpenURL opens a join link. Nil: service.OpenBrowser, which does not wait for the
	// launcher (xdg-open may block until the browser exits, and Run waits for clicks).
	OpenURL func(string) error
	// OnQuit runs when Quit is clicked, after api.Quit. Nil: nothing more.
	OnQuit func()
	// OnDemo runs when "Try the demo" is clicked (unconfigured agent). Nil: the item does
	// nothing.
	OnDemo func()
	// Logger receives click failures (never URLs: a start link carries a ZAK). Nil discards.
	Logger *slog.Logger
	// Notify shows a failed click to the user, as text.Error's two sentences (what
	// happened, what to do) in a desktop notification: a menu has no room for errors.
	// Nil: failures are only logged.
	Notify func(title, body string)
	// IconSize is the PNG size handed to the tray host: 22 or 44. Zero: 22.
	IconSize int

	now func() time.Time // test seam; nil: time.Now
}

// runner holds the state of one Run.
type runner struct {
	api  localapi.Agent
	opts Options
	log  *slog.Logger

	clicks  chan *node
	jobs    sync.WaitGroup // click handlers in flight
	current Model
	menu    []*node            // the live top-level items, hidden ones included; loop goroutine
	gen     context.CancelFunc // stops the click forwarders of the current menu
	fwd     sync.WaitGroup     // click forwarders
}

// Run shows the tray icon and menu until ctx is done: it watches api, applies Menu's
// result whenever it changes (in place where it can, so items that persist keep their
// IDs; else by rebuilding the menu), and turns clicks into API calls
// (each on its own goroutine, bounded by a timeout). Activating the icon (left click)
// opens the window. Run must be called at most once per process, and only when a D-Bus
// session bus answers on Linux (fyne.io/systray panics on quit without one). It returns
// after the icon is removed and every click handler has returned.
func Run(ctx context.Context, api localapi.Agent, opts Options) error {
	// Clicks are queued: fyne.io/systray drops a click its item's forwarder is not
	// waiting for at that moment.
	r := &runner{api: api, opts: withDefaults(opts), clicks: make(chan *node, 16)}
	r.log = r.opts.Logger
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watch, err := api.Watch(ctx)
	if err != nil {
		return err
	}
	systray.SetOnTapped(func() { r.dispatch(ctx, Item{Action: ActOpenWindow}) })
	setIdentity()
	start, end := systray.RunWithExternalLoop(nil, nil)
	start()
	defer func() {
		r.stopForwarders()
		end()
		r.jobs.Wait()
	}()
	r.loop(ctx, watch)
	return nil
}

// withDefaults fills in the zero fields of o.
func withDefaults(o Options) Options {
	if o.OpenURL == nil {
		o.OpenURL = service.OpenBrowser
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.IconSize == 0 {
		o.IconSize = 22
	}
	if o.now == nil {
		o.now = time.Now
	}
	return o
}

// loop redraws on every status and once a minute (the tooltip counts minutes), and
// dispatches clicks, until ctx is done or the watch ends.
func (r *runner) loop(ctx context.Context, watch <-chan service.Status) {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	var st service.Status
	var ml service.MeetingList
	for {
		select {
		case <-ctx.Done():
			return
		case s, ok := <-watch:
			if !ok {
				return
			}
			if s.MeetingsUpdated != st.MeetingsUpdated || s.State != st.State || ml.Meetings == nil {
				ml = r.meetings(ctx)
			}
			st = s
		case <-tick.C:
		case n := <-r.clicks:
			r.dispatch(ctx, n.item)
			continue
		}
		r.show(ctx, Menu(st, ml, r.opts.now(), MenuOptions{Kiosk: r.opts.Kiosk || st.Kiosk}))
	}
}

// report logs a failed click and shows it through Options.Notify. A cancelled click (the
// agent stopping) is not the user's problem.
func (r *runner) report(it Item, err error) {
	if err == nil || errors.Is(err, context.Canceled) {
		return
	}
	r.log.Warn("tray: action failed", "action", it.Action.String(), "meeting", it.MeetingID, "err", err)
	if r.opts.Notify != nil {
		r.opts.Notify(text.Error(service.Describe(err)))
	}
}

// meetings fetches the cached meeting list; an error leaves the menu without meetings.
func (r *runner) meetings(ctx context.Context) service.MeetingList {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	ml, err := r.api.Meetings(ctx, false)
	if err != nil {
		r.log.Debug("tray: meetings unavailable", "err", err)
		return service.MeetingList{Meetings: []zoomapi.Meeting{}}
	}
	if ml.Meetings == nil {
		ml.Meetings = []zoomapi.Meeting{}
	}
	return ml
}

// show applies m to the tray when it differs from what is shown. The menu is updated in
// place where it can be (reconcile), so items that persist keep their dbusmenu IDs.
func (r *runner) show(ctx context.Context, m Model) {
	if reflect.DeepEqual(m, r.current) {
		return
	}
	if m.Icon != r.current.Icon {
		systray.SetIcon(trayIcon(assets.TrayIcon(m.Icon, r.opts.IconSize)))
	}
	systray.SetTooltip(m.Tooltip)
	if !reflect.DeepEqual(m.Items, r.current.Items) {
		if !r.reconcile(m.Items) {
			r.rebuild(ctx, m.Items)
			r.log.Debug("tray: menu rebuilt", "items", len(m.Items), "icon", m.Icon)
		}
	}
	r.current = m
}

// rebuild replaces the whole menu (systray.ResetMenu): every item gets a new ID.
func (r *runner) rebuild(ctx context.Context, items []Item) {
	r.stopForwarders()
	systray.ResetMenu()
	gctx, cancel := context.WithCancel(ctx)
	r.gen = cancel
	r.menu = nil
	for _, it := range items {
		r.menu = append(r.menu, r.create(gctx, nil, it))
	}
}

// stopForwarders ends the click forwarders of the menu being replaced.
func (r *runner) stopForwarders() {
	if r.gen != nil {
		r.gen()
		r.gen = nil
	}
	r.fwd.Wait()
}
