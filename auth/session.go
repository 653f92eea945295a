package auth

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
)

// SessionOptions configures a Session. The zero value works: a memory store, no
// cross-process lock, logs discarded, refresh 5 minutes ahead.
type SessionOptions struct {
	// Store keeps the tokens. Nil means tokenstore.NewMemory().
	Store tokenstore.Store
	// LockPath is the cross-process lock file held around refresh, sign-in and sign-out,
	// e.g. <state dir>/session.lock. Empty means no cross-process lock; set it whenever
	// another process (the window, zoomctl) may share Store.
	LockPath string
	// Logger receives session events. It never receives token material. Nil discards.
	Logger *slog.Logger
	// RefreshAhead is how long before expiry the access token is refreshed. Default 5 min,
	// capped at a quarter of the token's lifetime so short-lived tokens are not refreshed
	// back to back.
	RefreshAhead time.Duration
	// RefreshTokenLifetime is how long Zoom accepts a refresh token, used only to tell an
	// expired grant from a revoked one (ReasonExpired). Zoom does not document it (sources
	// say 90 days or 15 years); default 90 days.
	RefreshTokenLifetime time.Duration

	// Test seams, unexported so that no caller outside tests can change them: the wall clock, how often the refresher looks for clock
	// jumps (sleep/wake), the retry backoff bounds, the jitter, the timeout of one token
	// exchange, and the timeout of one token store call.
	now            func() time.Time
	wakeCheck      time.Duration
	backoffMin     time.Duration
	backoffMax     time.Duration
	jitter         func(time.Duration) time.Duration
	refreshTimeout time.Duration
	storeTimeout   time.Duration
}

// withDefaults validates o and fills in the documented defaults, in this one place.
func (o SessionOptions) withDefaults() SessionOptions {
	if o.Store == nil {
		o.Store = tokenstore.NewMemory()
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.RefreshAhead <= 0 {
		o.RefreshAhead = 5 * time.Minute
	}
	if o.RefreshTokenLifetime <= 0 {
		o.RefreshTokenLifetime = 90 * 24 * time.Hour
	}
	if o.now == nil {
		o.now = time.Now
	}
	if o.wakeCheck <= 0 {
		o.wakeCheck = 30 * time.Second
	}
	if o.backoffMin <= 0 {
		o.backoffMin = 2 * time.Second
	}
	if o.backoffMax <= 0 {
		o.backoffMax = 5 * time.Minute
	}
	if o.jitter == nil {
		o.jitter = func(d time.Duration) time.Duration { return d/2 + rand.N(d/2+1) }
	}
	if o.refreshTimeout <= 0 {
		o.refreshTimeout = 30 * time.Second
	}
	if o.storeTimeout <= 0 {
		o.storeTimeout = 30 * time.Second
	}
	return o
}

// defaultLifetime is assumed for a token whose lifetime is unknown or nonsensical: Zoom's
// access tokens live one hour (expires_in 3599).
const defaultLifetime = time.Hour

// Session owns one account's tokens, so that
// two owners never race on one single-use refresh token: it loads and saves them through a
// tokenstore.Store, refreshes them single-flight in process and under a lock file across
// processes, publishes its State, and hands zoomapi an authenticated *http.Client.
type Session struct {
	cfg  Config
	opts SessionOptions
	lock fileLock
	log  *slog.Logger
	hub  hub
	api  *http.Client
	kick chan struct{} // wakes Run after a token or state change; one slot
	stop chan struct{} // closed by Close
	wg   sync.WaitGroup

	mu        sync.Mutex // guards everything below
	tok       *oauth2.Token
	lifetime  time.Duration // of tok, for RefreshAhead's cap
	state     State
	flight    *flight
	unsaved   bool      // tok was not written to the store: the stored refresh token is dead
	failures  int       // consecutive transient refresh failures, for backoff
	saveFails int       // consecutive failed saves of an unsaved tok, for backoff
	saveAt    time.Time // when Run retries saving an unsaved tok
	gen       int       // bumped when a sign-in, sign-out or load replaces tok; stale flights yield
	dead      Reason    // set when Zoom rejected tok's refresh token: the grant is dead
	closed    bool
}

// NewSession returns a signed-out session; call Load to pick up stored tokens.
func NewSession(cfg Config, opts SessionOptions) *Session {
	opts = opts.withDefaults()
	s := &Session{
		cfg:  cfg,
		opts: opts,
		lock: fileLock{path: opts.LockPath},
		log:  opts.Logger.With("component", "auth.session"),
		kick: make(chan struct{}, 1),
		stop: make(chan struct{}),
	}
	s.state = State{Kind: SignedOut, StoreKind: string(opts.Store.Kind()), StoreLocation: opts.Store.Location()}
	s.api = s.newHTTPClient()
	return s
}

// Load reads the token store: a stored token makes the session SignedIn (an expired access
// token is refreshed on first use), nothing stored makes it SignedOut. A store that cannot
// be read (tokenstore.ErrUnavailable: no keyring) is returned and shown in State.Err.
func (s *Session) Load(ctx context.Context) error {
	t, err := s.opts.Store.Load(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case errors.Is(err, tokenstore.ErrNotFound):
		s.replaceTokenLocked(nil)
		s.setStateLocked(State{Kind: SignedOut})
		return nil
	case err != nil:
		err = fmt.Errorf("auth: load token: %w", err)
		st := s.state
		if s.tok == nil {
			st = State{Kind: SignedOut}
		}
		st.Err = err
		s.setStateLocked(st)
		return err
	case t.AccessToken == "" && t.RefreshToken == "":
		s.replaceTokenLocked(nil)
		s.setStateLocked(State{Kind: SignedOut})
		return nil
	}
	s.replaceTokenLocked(s.normalize(t))
	s.setUnsavedLocked(false)
	s.setStateLocked(State{Kind: SignedIn})
	s.log.Info("loaded token", "store", s.state.StoreKind, "expiry", s.tok.Expiry)
	return nil
}

// BeginSignIn publishes SigningIn while a flow (browser or device) is under way.
func (s *Session) BeginSignIn() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.setStateLocked(State{Kind: SigningIn})
}

// AbortSignIn ends a SigningIn state without a new token: the session returns to what its
// token allows (SignedIn, NeedsSignIn, or SignedOut), with err (may be nil) in State.Err.
func (s *Session) AbortSignIn(err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Kind != SigningIn {
		return
	}
	switch {
	case s.tok == nil:
		s.setStateLocked(State{Kind: SignedOut, Err: err})
	case s.dead != "":
		s.setStateLocked(State{Kind: NeedsSignIn, Reason: s.dead, Err: err})
	default:
		s.setStateLocked(State{Kind: SignedIn, Err: err})
	}
}

// SignIn adopts the token a sign-in flow obtained. It persists the token first (under the
// lock file), then becomes SignedIn. The token's lifetime, which caps RefreshAhead, is
// ExpiresIn (RFC 6749 §5.1 expires_in), or else the time left until Expiry, or else Zoom's
// hour. If the store cannot save it, the session still signs in
// for this run, State.Err carries ErrTokenNotSaved, and the wrapped error is returned.
func (s *Session) SignIn(ctx context.Context, t *oauth2.Token) error {
	if t == nil || t.AccessToken == "" {
		return errors.New("auth: sign in: token without access token")
	}
	t = s.normalize(t)
	saveErr := s.saveLocked(ctx, t)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.replaceTokenLocked(t)
	s.learnLifetimeLocked(t)
	s.setUnsavedLocked(saveErr != nil)
	s.failures = 0
	s.setStateLocked(State{Kind: SignedIn, LastRefresh: s.opts.now(), Err: saveErr})
	s.log.Info("signed in", "store", s.state.StoreKind, "expiry", t.Expiry, "saved", saveErr == nil)
	return saveErr
}

// saveLocked writes t to the store while holding the cross-process lock.
func (s *Session) saveLocked(ctx context.Context, t *oauth2.Token) error {
	release, err := s.lock.acquire(ctx)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrTokenNotSaved, err)
	}
	defer release()
	if err := s.opts.Store.Save(ctx, t); err != nil {
		return fmt.Errorf("%w: %w", ErrTokenNotSaved, err)
	}
	return nil
}

// Token returns a valid access token. A token due for refresh but still usable is returned
// at once while a refresh runs in the background; an unusable one waits for the refresh
// (single-flight: concurrent callers share one request). It fails with ErrSignedOut,
// ErrNeedsSignIn, or ErrOffline (before the next retry is due), and with ctx.Err() when ctx
// ends first; the refresh itself carries on so that Zoom's reply is never dropped.
func (s *Session) Token(ctx context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	tok, f, err := s.tokenOrFlightLocked("")
	s.mu.Unlock()
	if f == nil {
		return tok, err
	}
	return s.wait(ctx, f)
}

// tokenOrFlightLocked decides what Token and the transport's forced refresh get: the current
// token, an error, or a refresh flight to wait for. A non-empty rejected access token (REST
// answered 401 code 124 for it) forces a refresh unless the token already changed.
func (s *Session) tokenOrFlightLocked(rejected string) (*oauth2.Token, *flight, error) {
	if err := s.unusableErrLocked(); err != nil {
		return nil, nil, err
	}
	now := s.opts.now()
	forced := rejected != "" && rejected == s.tok.AccessToken
	if rejected != "" && !forced {
		return copyToken(s.tok), nil, nil
	}
	if !forced && s.freshLocked(s.tok, now) {
		return copyToken(s.tok), nil, nil
	}
	usable := !forced && s.usableLocked(s.tok, now)
	if s.state.Kind == Offline && now.Before(s.state.NextRefresh) {
		if usable {
			return copyToken(s.tok), nil, nil
		}
		return nil, nil, s.state.Err
	}
	f, err := s.startFlightLocked()
	switch {
	case usable:
		return copyToken(s.tok), nil, nil
	case err != nil:
		return nil, nil, err
	}
	return nil, f, nil
}

// unusableErrLocked reports why the session has no token to offer, or nil.
func (s *Session) unusableErrLocked() error {
	switch {
	case s.dead != "":
		return fmt.Errorf("%w (%s)", ErrNeedsSignIn, s.dead)
	case s.tok == nil:
		return ErrSignedOut
	}
	return nil
}

// wait waits for a refresh flight or for ctx.
func (s *Session) wait(ctx context.Context, f *flight) (*oauth2.Token, error) {
	select {
	case <-f.done:
		if f.err != nil {
			return nil, f.err
		}
		return copyToken(f.tok), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// APIURL is the REST base for zoomapi.NewClient: the token's api_url extra + "/v2" when Zoom
// sent one (docs/zoom-reference.md, "Token responses may carry api_url"), else Config.APIURL.
func (s *Session) APIURL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if u := apiHost(s.tok); u != "" {
		return u + "/v2"
	}
	return strings.TrimRight(s.cfg.APIURL, "/")
}

// State returns the current state.
func (s *Session) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

// Subscribe returns a channel that receives the current state now and every change after
// (one slot, latest wins), and a func that unsubscribes and closes the channel. Close closes
// all channels.
func (s *Session) Subscribe() (<-chan State, func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hub.subscribe(s.state)
}

// Close stops Run and waits for it and for any refresh in flight (a refresh is never cut
// short: dropping Zoom's reply would kill the grant). Subscriber channels are closed.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	close(s.stop)
	s.mu.Unlock()
	s.wg.Wait()
	s.hub.closeAll()
	return nil
}

// setStateLocked publishes st, filling in the fields derived from the token and the store.
func (s *Session) setStateLocked(st State) {
	st.StoreKind, st.StoreLocation = s.state.StoreKind, s.state.StoreLocation
	if st.LastRefresh.IsZero() {
		st.LastRefresh = s.state.LastRefresh
	}
	if s.tok != nil && st.Kind != SignedOut {
		st.Expiry = s.tok.Expiry
		if st.NextRefresh.IsZero() && st.Kind != NeedsSignIn {
			st.NextRefresh = s.dueLocked(s.tok)
		}
	}
	s.state = st
	s.hub.publish(st)
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// replaceTokenLocked installs a token that does not come from a refresh (load, sign-in,
// sign-out): a refresh still in flight for the old one will not overwrite it.
func (s *Session) replaceTokenLocked(t *oauth2.Token) {
	s.gen++
	s.dead = ""
	s.setTokenLocked(t)
}
