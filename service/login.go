package service

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// EventNotice messages.
const (
	// noticeBrowserFailed: with MethodBoth the browser flow failed (Error says why) while
	// the device flow goes on.
	noticeBrowserFailed = "the browser sign-in stopped; the phone/QR sign-in goes on"
)

// Login signs in with the browser flow (RFC 8252 loopback redirect with PKCE), the device
// flow (RFC 8628), or both at once, reporting each step through events, which may be
// called from several goroutines one at a time. It blocks until signed in, an error, or
// ctx is done. On success it adopts the token, fetches the account, caches it, emits
// EventSignedIn and polls the meetings at once.
func (s *Service) Login(ctx context.Context, req LoginRequest, events func(LoginEvent)) error {
	emit := serialize(events)
	if !s.opts.Settings.Configured() {
		err := &ErrorInfo{Kind: KindConfig, Reason: ReasonNotConfigured, Message: "no Zoom client ID is configured"}
		emit(LoginEvent{Event: EventError, Error: err})
		return err
	}
	method := req.Method
	if s.kioskMode() {
		method = MethodDevice // a shared computer never signs in its browser to Zoom
	}
	if method == MethodAuto {
		method = s.autoMethod(emit)
	}
	s.sess.BeginSignIn()
	tok, err := s.runFlows(ctx, method, req.NoOpen, emit)
	if err == nil {
		err = s.adopt(ctx, tok, emit)
	} else {
		s.sess.AbortSignIn(err)
	}
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		emit(LoginEvent{Event: EventError, Error: Describe(err)})
		return err
	}
	s.retryRevocationsNow() // Zoom answered: the network is back for them too
	return nil
}

// serialize wraps events so concurrent flows never call it at the same time; nil is
// allowed.
func serialize(events func(LoginEvent)) func(LoginEvent) {
	var mu sync.Mutex // guards calls of events
	return func(e LoginEvent) {
		if events == nil {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		events(e)
	}
}

// autoMethod picks the sign-in method of MethodAuto for this computer (AutoMethod),
// saying so when it is the device flow.
func (s *Service) autoMethod(emit func(LoginEvent)) string {
	env := s.opts.desktop
	if env.Getenv == nil {
		env = desktop.System()
	}
	method, notice := AutoMethod(env)
	if notice != "" {
		emit(LoginEvent{Event: EventNotice, Message: notice})
	}
	return method
}

// AutoMethod is the sign-in method MethodAuto picks in env: the browser flow when a
// browser there can show the page (a display and a launcher; Windows and macOS always
// have both), else the device flow with a notice saying why. The agent and zoomctl both
// decide here, each for the computer the person sits at.
func AutoMethod(env desktop.Env) (method, notice string) {
	if why := env.NoBrowser(); why != "" {
		return MethodDevice, why + ": using the phone/QR sign-in"
	}
	return MethodBrowser, ""
}

// runFlows runs the chosen flow(s) and returns the token.
func (s *Service) runFlows(ctx context.Context, method string, noOpen bool, emit func(LoginEvent)) (*oauth2.Token, error) {
	switch method {
	case MethodBrowser:
		return s.browserFlow(ctx, noOpen, emit)
	case MethodDevice:
		tok, err := s.deviceFlow(ctx, emit)
		if errors.Is(err, auth.ErrDeviceGrantUnavailable) {
			emit(LoginEvent{Event: EventDeviceUnavailable, Error: Describe(err)})
		}
		return tok, err
	case MethodBoth:
		return s.bothFlows(ctx, noOpen, emit)
	}
	return nil, &ErrorInfo{Kind: KindConfig, Message: fmt.Sprintf("unknown sign-in method %q", method)}
}

// browserFlow runs the loopback redirect sign-in: it emits the authorize URL, opens the
// browser unless noOpen, and waits for the callback.
func (s *Service) browserFlow(ctx context.Context, noOpen bool, emit func(LoginEvent)) (*oauth2.Token, error) {
	b, err := auth.StartBrowser(ctx, s.authCfg, auth.BrowserOptions{Logger: s.log})
	if err != nil {
		return nil, fmt.Errorf("service: browser sign-in: %w", err)
	}
	defer b.Close()
	// The listener's deadline is on the wall clock, as the device code's expiry is.
	left := max(time.Until(b.Deadline()).Round(time.Second), 0)
	emit(LoginEvent{Event: EventAuthorizeURL, URL: b.URL(), ExpiresIn: int(left / time.Second), ExpiresAt: b.Deadline()})
	if !noOpen {
		if err := s.opts.OpenURL(b.URL()); err != nil {
			s.log.Warn("service: could not open the browser", "err", Describe(err).Message)
		}
	}
	tok, err := b.Wait(ctx)
	if err != nil {
		return nil, fmt.Errorf("service: browser sign-in: %w", err)
	}
	return tok, nil
}

// deviceFlow runs the device authorization grant, renewing the code each time it expires
// while the user still waits (until ctx is done).
func (s *Service) deviceFlow(ctx context.Context, emit func(LoginEvent)) (*oauth2.Token, error) {
	d, err := auth.StartDevice(ctx, s.authCfg, auth.DeviceOptions{Logger: s.log})
	if err != nil {
		return nil, fmt.Errorf("service: device sign-in: %w", err)
	}
	emit(deviceEvent(EventDeviceCode, d))
	for {
		tok, err := d.Wait(ctx)
		if err == nil {
			return tok, nil
		}
		if !errors.Is(err, auth.ErrDeviceCodeExpired) || ctx.Err() != nil {
			return nil, fmt.Errorf("service: device sign-in: %w", err)
		}
		if d, err = d.Renew(ctx); err != nil {
			return nil, fmt.Errorf("service: device sign-in: %w", err)
		}
		emit(deviceEvent(EventDeviceCodeRenewed, d))
	}
}

// deviceEvent describes a device code for the UI (RFC 8628 §3.3).
func deviceEvent(name string, d *auth.DeviceLogin) LoginEvent {
	return LoginEvent{
		Event: name, UserCode: d.UserCode, VerificationURI: d.VerificationURI,
		VerificationURIComplete: d.VerificationURIComplete,
		ExpiresIn:               max(int(time.Until(d.Expiry).Seconds()), 0),
		ExpiresAt:               d.Expiry,
	}
}

// flowResult is the outcome of one flow of bothFlows.
type flowResult struct {
	device bool
	tok    *oauth2.Token
	err    error
}

// bothFlows runs the browser and the device flow at once; the first to complete wins and
// cancels the other. An unavailable device grant is reported (EventDeviceUnavailable)
// while the browser flow goes on, a failed browser flow (EventNotice) while the device flow
// goes on; a declined sign-in ends both.
func (s *Service) bothFlows(ctx context.Context, noOpen bool, emit func(LoginEvent)) (*oauth2.Token, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan flowResult, 2)
	go func() {
		tok, err := s.browserFlow(ctx, noOpen, emit)
		results <- flowResult{tok: tok, err: err}
	}()
	go func() {
		tok, err := s.deviceFlow(ctx, emit)
		results <- flowResult{device: true, tok: tok, err: err}
	}()
	var first error
	for pending := 2; pending > 0; {
		r := <-results
		pending--
		switch {
		case r.err == nil || errors.Is(r.err, auth.ErrAccessDenied):
			cancel()
			for ; pending > 0; pending-- {
				<-results // nothing outlives the call
			}
			return r.tok, r.err
		case r.device && errors.Is(r.err, auth.ErrDeviceGrantUnavailable):
			emit(LoginEvent{Event: EventDeviceUnavailable, Error: Describe(r.err)})
		case first == nil || !r.device:
			first = r.err
		}
		if !r.device && pending > 0 && ctx.Err() == nil {
			emit(LoginEvent{Event: EventNotice, Message: noticeBrowserFailed, Error: Describe(r.err)})
		}
	}
	return nil, first
}

// adopt makes tok the session's token, fetches and caches the account, emits
// EventSignedIn and polls the meetings.
func (s *Service) adopt(ctx context.Context, tok *oauth2.Token, emit func(LoginEvent)) error {
	if err := s.sess.SignIn(ctx, tok); err != nil && !errors.Is(err, auth.ErrTokenNotSaved) {
		return fmt.Errorf("service: sign in: %w", err)
	} else if err != nil {
		s.setError(err)
	}
	me, err := s.rest().api.Me(ctx)
	if err != nil {
		// Signed in, but whose account is unknown: forget the old one; the first poll
		// fetches it (ensureAccount).
		s.forgetAccount()
		s.pollSoon()
		return fmt.Errorf("service: fetch account: %w", err)
	}
	acc := accountOf(me)
	s.setAccount(acc)
	emit(LoginEvent{Event: EventSignedIn, Account: &acc})
	s.pollSoon()
	s.publish()
	return nil
}

// forgetAccount drops the account and its cached data, in memory and on disk.
func (s *Service) forgetAccount() {
	s.mu.Lock()
	s.account, s.meetings, s.recs = nil, MeetingList{}, nil
	s.sched.hosted = nil
	s.created = map[int64]zoomapi.Meeting{}
	s.epoch++
	s.mu.Unlock()
	if err := s.cache.clear(); err != nil {
		s.log.Warn("service: clearing the cache failed", "err", err)
	}
	if err := s.search.forget(); err != nil {
		s.log.Warn("service: deleting the transcript index failed", "err", err)
	}
}

// accountOf is the Account of a Zoom user.
func accountOf(me *zoomapi.User) Account {
	acc := Account{ID: me.ID, Email: me.Email, Name: me.DisplayName}
	if acc.Name == "" {
		acc.Name = strings.TrimSpace(me.FirstName + " " + me.LastName)
	}
	return acc
}

// setAccount records the signed-in account; the cached data of another account is dropped.
func (s *Service) setAccount(acc Account) {
	s.mu.Lock()
	changed := s.account == nil || s.account.ID != acc.ID
	s.setAccountLocked(acc)
	s.mu.Unlock()
	s.accountSet(acc, changed)
}

// accountSet finishes setAccount outside s.mu: the transcript index of another account is
// deleted and the sync woken, and the account is cached.
func (s *Service) accountSet(acc Account, changed bool) {
	if s.search != nil {
		// The index is tagged with its account, but another person's words must not stay
		// on disk either.
		if cur := s.search.accountID(); changed && cur != "" && cur != acc.ID {
			if err := s.search.forget(); err != nil {
				s.log.Warn("service: deleting the transcript index failed", "err", err)
			}
		}
		wake(s.search.kick) // signed in: the sync may start
	}
	saveLogged(s, fileAccount, acc.ID, acc)
}

// setAccountLocked is setAccount's change in memory; s.mu is held.
func (s *Service) setAccountLocked(acc Account) {
	if s.account == nil || s.account.ID != acc.ID {
		s.meetings, s.recs, s.sched.hosted = MeetingList{}, nil, nil
		_ = s.cache.clear()
	}
	if s.account != nil && s.account.ID != acc.ID {
		s.epoch++
	}
	s.account = &acc
}

// currentEpoch returns s.epoch (see the field).
func (s *Service) currentEpoch() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.epoch
}

// OpenBrowser opens u through a redirect page in the default namespace's runtime
// directory, so u (a start link's ZAK, an authorize URL's state) is on no command line
// (openurl). It returns the launcher's start error (no such $BROWSER), or nil once the
// launcher started, without waiting for it: xdg-open may block until the browser exits,
// and a caller that shutdown waits for (a tray click, a notification's Join) must not
// hang until then. The tray and the agent use it; Options.OpenURL defaults to the same
// through Options.Dirs.Runtime, with the launchers tracked by the Service (Close).
func OpenBrowser(u string) error { return openurl.Open(u) }
