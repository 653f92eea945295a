package service

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"sync"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/internal/netwatch"
	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Options configures New. Settings and Dirs are required; the other fields have the
// defaults documented on them.
type Options struct {
	// Settings are validated settings (config.Load); the auth.Config is derived from them.
	Settings config.Settings
	// Dirs are the namespace's directories: Cache holds meetings.json, account.json and
	// recordings.json (0600 files in a 0700 directory), State holds session.lock.
	Dirs config.Dirs
	// Store keeps the tokens. Nil opens the store Settings.TokenStore names (keyring
	// service "zoomtray", account tokenstore.Account(client id, Zoom URL), or
	// Settings.TokenFile); an unavailable keyring is an error of New, never a silent
	// fallback to another kind.
	Store tokenstore.Store
	// Logger receives events without tokens, codes or ZAKs. Nil discards.
	Logger *slog.Logger
	// HTTPClient is the base transport for Zoom (proxy from the environment). Nil: the
	// auth package's default with dial, TLS and header timeouts.
	HTTPClient *http.Client
	// OpenURL launches the browser. Nil: a redirect page in Dirs.Runtime (openurl), so
	// no link is on a command line.
	OpenURL func(string) error
	// Clipboard puts text on the clipboard. Nil: no clipboard
	// (StartResult.JoinURLCopied is false).
	Clipboard func(string) error
	// Notify is called once per meeting occurrence Settings.NotifyMinutes before it
	// starts (the agent delivers it), on the notifier's goroutine: it should return
	// quickly. Nil, or NotifyMinutes 0: no notifications.
	Notify func(m zoomapi.Meeting)
	// SignedOut is called after each sign-out that removed the token here, whether or not
	// Zoom confirmed the revocation, so that the agent takes back what it showed for the
	// account: its notifications, and a link it put on the clipboard that is still there.
	// (The notifications Notify would still have delivered are dropped with the meetings.)
	// Nil: nothing.
	SignedOut func()
	// Remind opens the reminder window of meeting m (Settings.Reminder "window"),
	// Settings.ReminderMinutes before it starts, once per occurrence, again after Snooze,
	// never in kiosk mode; it replaces Notify then. It runs on the notifier's goroutine:
	// it should return quickly. Nil: the window setting falls back to Notify.
	Remind func(m zoomapi.Meeting)
	// Demo and Kiosk are shown in Status. Kiosk (or Settings.Kiosk) also forces a memory
	// token store, no disk cache, device-only sign-in and the automatic sign-outs of
	// Settings.KioskIdleSignOut and KioskSignOutAt (kiosk.go).
	Demo, Kiosk bool
	// KioskSignedOut, in kiosk mode, is called once a sign-out is complete: the token is
	// deleted and Zoom confirmed the revocation (at once, or at a later retry). The agent
	// then exits and starts afresh, so no byte of the previous user's tokens or data stays
	// in its memory. Nil: nothing.
	KioskSignedOut func()
	// TimeScale, when above 1, divides the poller's intervals and backoffs and the
	// session's refresh margin (5 minutes ahead of expiry), for simulations only: at 60 a
	// 10-minute poll comes every 10 s, so with the fake's token lifetime divided the same
	// way an hour of idle traffic takes a minute (internal/perf/cmd/agentnet; the agent's hidden
	// env ZOOMTRAY_TIME_SCALE). Whether a meeting is near is still judged in real time.
	// 0 or 1: real time.
	TimeScale float64

	// defaultOpen is set when OpenURL is the default (kiosk mode then opens zoommtg://
	// links with the scheme's handler, not the browser).
	defaultOpen bool

	// Test seams, unexported so that only tests change them.
	pendingStore func(hash string) tokenstore.Store              // nil: pendingStoreFor
	netChanges   func(ctx context.Context, changed func()) error // nil: netwatch.Run
	clock        clock                                           // nil: the wall clock
	desktop      desktop.Env                                     // zero: desktop.System() (display and launcher detection)
	apiOpts      []zoomapi.Option                                // extra options of the clients (e.g. no retries)
	jitter       func(time.Duration) time.Duration               // nil: random in [0, d); the poller's phase and jitter
	searchMonths int                                             // 0: searchHorizonMonths; how far back a full transcript sync goes
}

// Service is the in-process implementation of API: it owns the auth.Session, the
// zoomapi.Client, the disk cache, the meetings poller and the notification timer.
type Service struct {
	opts    Options
	authCfg auth.Config
	sess    *auth.Session
	cache   *diskCache
	clk     clock
	log     *slog.Logger
	kiosk   *kioskTimer        // automatic sign-outs; nil outside kiosk mode or when none is set
	revokes pendingRevocations // fields guarded by mu, except kick
	search  *searchIndex       // the transcript index; nil in kiosk mode or without Dirs.Data

	kick    chan struct{} // wakes the poller to reconsider its schedule (1 slot)
	changed chan struct{} // wakes the notifier when the meetings changed (1 slot)
	quit    chan struct{} // closed by Quit
	quitter sync.Once
	// life bounds background requests (shared fetches); Close cancels it and waits for bg.
	life     context.Context
	stopLife context.CancelFunc
	bg       sync.WaitGroup
	running  sync.WaitGroup // Run in progress; Close waits for it

	clientsMu sync.Mutex // guards clients
	clients   clients

	fetchMu  sync.Mutex // guards fetching: the single-flight refresh of the meetings
	fetching *fetchCall

	// quota collects the account's X-RateLimit-Remaining from Zoom's answers, so that the
	// poller slows down when the account (shared by every user of the company) is busy.
	quota pollplan.QuotaWatch

	// launched tracks the browser launchers of the default OpenURL (Close waits for them).
	launched *openurl.Launched

	mu       sync.Mutex // guards the fields below
	account  *Account
	meetings MeetingList
	created  map[int64]zoomapi.Meeting // instant meetings made here (not listed by Zoom)
	recs     []zoomapi.Recording
	lastErr  *ErrorInfo
	// epoch counts the times the account's data was dropped (sign-out, another account):
	// an answer to a request made in an earlier epoch belongs to the account before and
	// is thrown away (on a kiosk, the next person must not see it).
	epoch   uint64
	sched   schedule
	snoozed map[notifyKey]time.Time // reminders snoozed, and when they come back
	subs    map[chan Status]struct{}
	closed  bool
}

var _ API = (*Service)(nil)

// loadTimeout bounds how long New waits for the token store (a locked or absent keyring
// may never answer).
const loadTimeout = 15 * time.Second

// New opens the token store (unless given), loads the cached account and meetings from
// disk at once so the tray can show them before any network call, and loads the stored
// session. A keyring that does not answer holds it up to loadTimeout, or until ctx is
// done: then New returns ctx.Err(). It starts no goroutine: call Run.
func New(ctx context.Context, opts Options) (*Service, error) {
	launched := new(openurl.Launched)
	opts = withDefaults(opts, launched)
	if opts.Kiosk || opts.Settings.Kiosk {
		opts = kioskOptions(opts, launched)
	}
	s := &Service{
		opts: opts, clk: opts.clock, log: opts.Logger, launched: launched,
		authCfg: authConfig(opts.Settings, opts.HTTPClient),
		cache:   &diskCache{dir: opts.Dirs.Cache},
		kick:    make(chan struct{}, 1), changed: make(chan struct{}, 1), quit: make(chan struct{}),
		revokes: pendingRevocations{kick: make(chan struct{}, 1)},
		created: map[int64]zoomapi.Meeting{}, subs: map[chan Status]struct{}{},
		search: newSearchIndex(opts),
	}
	s.sched.plan = pollplan.New(opts.jitter, opts.TimeScale)
	s.life, s.stopLife = context.WithCancel(context.Background())
	if opts.Kiosk || opts.Settings.Kiosk {
		s.kiosk = newKioskTimer(opts.Settings.KioskIdleSignOut, opts.Settings.KioskSignOutAt)
	}
	lctx, cancel := context.WithTimeout(ctx, loadTimeout)
	defer cancel()
	store, err := s.openStore(lctx)
	if err != nil {
		s.stopLife()
		return nil, err
	}
	s.revokes.storeFor = pendingStoreFor(opts, store.Kind())
	s.loadCache()
	lock := ""
	if opts.Dirs.State != "" {
		lock = filepath.Join(opts.Dirs.State, "session.lock")
	}
	s.sess = auth.NewSession(s.authCfg, auth.SessionOptions{Store: store, LockPath: lock, Logger: opts.Logger,
		RefreshAhead: opts.scaled(refreshAhead)})
	if err := s.sess.Load(lctx); err != nil && ctx.Err() != nil {
		s.stopLife()
		_ = s.sess.Close()
		return nil, fmt.Errorf("service: load the session: %w", ctx.Err())
	} else if err != nil {
		s.log.Warn("service: loading the session failed", "err", Describe(err).Message)
		s.setError(err)
	}
	s.afterLoad()
	s.resumePending()
	return s, nil
}

// withDefaults fills in the zero fields of opts. The default OpenURL's launchers are
// tracked in launched.
func withDefaults(o Options, launched *openurl.Launched) Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.clock == nil {
		o.clock = realClock{}
	}
	if o.OpenURL == nil {
		o.defaultOpen = true
		dir := o.Dirs.Runtime
		if dir == "" { // the redirect page goes where OpenBrowser puts it
			if d, err := config.Paths(config.DefaultNamespace); err == nil {
				dir = d.Runtime
			}
		}
		o.OpenURL = openurl.Opener{Dir: dir, Launched: launched}.Open
	}
	if o.jitter == nil {
		o.jitter = randomJitter
	}
	if o.netChanges == nil {
		o.netChanges = netwatch.Run
	}
	return o
}

// authConfig derives the auth configuration from the settings.
func authConfig(st config.Settings, hc *http.Client) auth.Config {
	return auth.Config{
		ClientID: st.ClientID, ClientSecret: st.ClientSecret,
		OAuthURL: st.ZoomURL, APIURL: st.APIURL,
		RedirectPorts: st.RedirectPorts, HTTPClient: hc,
	}
}

// openStore returns Options.Store or opens the store the settings name.
func (s *Service) openStore(ctx context.Context) (tokenstore.Store, error) {
	if s.opts.Store != nil {
		return s.opts.Store, nil
	}
	kind, err := tokenstore.ParseKind(s.opts.Settings.TokenStore)
	if err != nil {
		return nil, fmt.Errorf("service: token store: %w", err)
	}
	store, err := tokenstore.OpenContext(ctx, kind, tokenstore.OpenOptions{
		Account: tokenstore.Account(s.opts.Settings.ClientID, s.opts.Settings.ZoomURL),
		Path:    s.opts.Settings.TokenFile,
	})
	if err != nil {
		return nil, fmt.Errorf("service: open token store: %w", err)
	}
	return store, nil
}

// afterLoad drops the cached data (in memory and on disk) when no token is stored, for
// example after a sign-out by another process, and plans the first poll otherwise.
func (s *Service) afterLoad() {
	st := s.sess.State()
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st.Kind {
	case auth.SignedOut:
		s.account, s.meetings, s.recs, s.sched.hosted = nil, MeetingList{}, nil, nil
		s.sched.paused = true
		_ = s.cache.clear() // best effort, as in forgetAccount
		if err := s.search.forget(); err != nil {
			s.log.Warn("service: deleting the transcript index failed", "err", err)
		}
	case auth.NeedsSignIn:
		s.sched.paused = true
	default: // the first poll after a start is spread over the interval (pollplan.Resume)
		s.sched.next = s.sched.plan.Resume(s.clk.Now(), s.meetings.Meetings)
	}
}

// Run runs the session refresher, the meetings poller and the notification timer, each on
// its own goroutine, until ctx is done or Quit is called. It waits for them
// before returning.
func (s *Service) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return auth.ErrSessionClosed
	}
	s.running.Add(1) // under mu while not closed: Close's Wait cannot have begun
	s.mu.Unlock()
	defer s.running.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	jobs := []func(context.Context){
		func(ctx context.Context) { _ = s.sess.Run(ctx) },
		s.pollLoop,
		s.watchSession,
		s.revokeLoop,
		s.watchNetwork,
	}
	if _, ok := s.announcer(); ok {
		jobs = append(jobs, s.notifyLoop)
	}
	if s.kiosk != nil {
		jobs = append(jobs, s.kioskLoop)
	}
	if s.search != nil {
		jobs = append(jobs, s.searchLoop)
	}
	for _, job := range jobs {
		wg.Go(func() { job(ctx) })
	}
	select {
	case <-ctx.Done():
	case <-s.quit:
	}
	cancel()
	wg.Wait()
	if err := ctx.Err(); err != nil && !s.quitting() {
		return err
	}
	return nil
}

// quitting reports whether Quit was called.
func (s *Service) quitting() bool {
	select {
	case <-s.quit:
		return true
	default:
		return false
	}
}

// Close stops Run and waits for it to return, waits for a shared fetch in flight, closes
// the session (waiting for a refresh in flight) and closes every Watch channel. It is
// idempotent.
func (s *Service) Close() error {
	s.quitter.Do(func() { close(s.quit) })
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for ch := range s.subs {
		delete(s.subs, ch)
		close(ch)
	}
	s.mu.Unlock()
	s.running.Wait()
	s.fetchMu.Lock()
	s.stopLife() // under fetchMu: no fetch starts after this
	s.fetchMu.Unlock()
	s.bg.Wait()
	s.waitLaunchers()
	if x := s.search.currentOrNil(); x != nil {
		x.Close()
	}
	return s.sess.Close()
}

// launcherGrace is how long Close waits for browser launchers still running.
const launcherGrace = 2 * time.Second

// waitLaunchers waits up to launcherGrace for the browser launchers the service started.
// xdg-open may run until the browser exits, and quitting must not wait for that; it is
// left running (it may be the browser itself) and reaped by the system.
func (s *Service) waitLaunchers() {
	ctx, cancel := context.WithTimeout(context.Background(), launcherGrace)
	defer cancel()
	if err := s.launched.Wait(ctx); err != nil {
		s.log.Info("service: a browser launcher still runs; not waiting for it", "after", launcherGrace)
	}
}

// ErrNoAgent says that no agent runs (the local API's dial failure matches it), as an
// ErrorInfo that ui/text can put into words.
var ErrNoAgent = &ErrorInfo{Kind: KindNoAgent, Message: "no zoomtray agent is running"}

// Quit stops Run (the agent's Quit calls it before stopping the agent).
func (s *Service) Quit(ctx context.Context) error {
	s.quitter.Do(func() { close(s.quit) })
	return nil
}

// setError records err as the latest problem shown in Status (nil clears it).
func (s *Service) setError(err error) {
	s.mu.Lock()
	s.lastErr = Describe(err)
	s.mu.Unlock()
}

// wake sends a non-blocking signal on a one-slot channel.
func wake(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// errNotFound builds a KindNotFound error.
func errNotFound(what string) error {
	return &ErrorInfo{Kind: KindNotFound, Message: what + " not found"}
}
