package auth

import (
	"context"
	"errors"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
)

// flight is one refresh in progress. Callers that need a token while it runs wait on done
// and share its result (single-flight, as golang/oauth2's reuseTokenSource under its mutex).
type flight struct {
	done chan struct{}
	tok  *oauth2.Token // set before done is closed
	err  error
}

// refreshResult is what one refresh under the lock file produced.
type refreshResult struct {
	tok       *oauth2.Token // the new or adopted token
	adopted   bool          // another process had already rotated; Zoom was not called
	signedOut bool          // the store was empty: signed out by another process
	saveErr   error         // the new token could not be persisted
	err       error         // the refresh failed (*RefreshError or a lock error)
}

// startFlightLocked returns the refresh in flight, starting one if none runs.
func (s *Session) startFlightLocked() (*flight, error) {
	if s.flight != nil {
		return s.flight, nil
	}
	if s.closed {
		return nil, ErrSessionClosed
	}
	if err := s.unusableErrLocked(); err != nil {
		return nil, err
	}
	f := &flight{done: make(chan struct{})}
	s.flight = f
	s.setStateLocked(State{Kind: Refreshing, Reason: "", Err: s.state.Err})
	s.wg.Add(1)
	go s.fly(f, s.gen, copyToken(s.tok), s.unsaved)
	return f, nil
}

// fly runs one refresh and publishes its outcome. Its contexts are detached from every
// caller and bounded by their own timeouts: a caller giving up must not drop Zoom's reply,
// because the reply carries the only copy of the rotated refresh token.
func (s *Session) fly(f *flight, gen int, cur *oauth2.Token, unsaved bool) {
	defer s.wg.Done()
	res := s.refresh(cur, unsaved)
	s.mu.Lock()
	s.flight = nil
	if gen == s.gen {
		f.tok, f.err = s.applyLocked(res, cur)
	} else {
		f.tok, f.err = copyToken(s.tok), s.unusableErrLocked() // signed in or out meanwhile
	}
	s.mu.Unlock()
	close(f.done)
}

// refresh is the cross-process part of a refresh:
//  1. take the lock file, so no other process refreshes the same single-use token;
//  2. re-read the store: if another process rotated already and its access token is fresh,
//     adopt it without calling Zoom; if it rotated but its token is due, refresh with its
//     (newer) refresh token, ours being dead at Zoom;
//  3. call the token endpoint (grant_type=refresh_token, RFC 6749 §6);
//  4. persist the rotated refresh token before anyone sees the new access token.
func (s *Session) refresh(cur *oauth2.Token, unsaved bool) refreshResult {
	lockCtx, cancel := context.WithTimeout(context.Background(), s.opts.refreshTimeout)
	defer cancel()
	release, err := s.lock.acquire(lockCtx)
	if err != nil { // busy, or the lock file cannot be made: never refresh without it
		return refreshResult{err: &RefreshError{Temporary: true, cause: err}}
	}
	defer release()
	base := cur
	stored, err := s.loadStored()
	switch {
	case errors.Is(err, tokenstore.ErrNotFound) && !unsaved:
		return refreshResult{signedOut: true}
	case err != nil:
		s.log.Warn("token store unreadable before refresh; using the token in memory", "err", err)
	case !unsaved && stored.AccessToken != cur.AccessToken && s.freshStored(stored):
		return refreshResult{tok: s.normalize(stored), adopted: true}
	case !unsaved && stored.RefreshToken != "":
		base = stored
	}
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.refreshTimeout)
	defer cancel()
	nt, err := s.exchange(ctx, base, cur)
	if err != nil {
		return refreshResult{err: err}
	}
	if err := s.saveFresh(ctx, nt); err != nil {
		return refreshResult{tok: nt, saveErr: err}
	}
	return refreshResult{tok: nt}
}

// freshStored reports whether a token read from the store needs no refresh yet.
func (s *Session) freshStored(t *oauth2.Token) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.freshLocked(s.normalize(t), s.opts.now())
}

// exchange calls Zoom's token endpoint with base's refresh token through golang.org/x/oauth2
// and returns the new token with its expiry normalized and the api_url and scope extras kept
// from base when Zoom did not repeat them. The context given to x/oauth2 lives only for this
// call (golang/oauth2 #388). Errors are *RefreshError, free of token material.
func (s *Session) exchange(ctx context.Context, base, cur *oauth2.Token) (*oauth2.Token, error) {
	if base.RefreshToken == "" {
		return nil, &RefreshError{Code: "invalid_grant", Reason: "no refresh token held"}
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, s.tokenHTTPClient())
	nt, err := s.cfg.OAuth2("").TokenSource(ctx, &oauth2.Token{RefreshToken: base.RefreshToken}).Token()
	if err != nil {
		return nil, refreshError(err, base.RefreshToken, base.AccessToken, cur.RefreshToken, cur.AccessToken)
	}
	if nt == nil || nt.AccessToken == "" {
		return nil, &RefreshError{Status: http.StatusOK, Reason: "answer without access token", Temporary: true}
	}
	if nt.ExpiresIn > 0 { // x/oauth2 used time.Now; use the session's clock (the same in production)
		nt.Expiry = s.opts.now().Add(time.Duration(nt.ExpiresIn) * time.Second)
	}
	return s.normalize(keepExtras(nt, base)), nil
}

// tokenHTTPClient is Config.HTTPClient, or a client with a 30 s timeout that honours the
// proxy environment: a call without a timeout could hang the session for good.
func (s *Session) tokenHTTPClient() *http.Client {
	if s.cfg.HTTPClient != nil {
		return s.cfg.HTTPClient
	}
	return &http.Client{Timeout: 30 * time.Second, Transport: http.DefaultTransport}
}

// keepExtras returns nt carrying api_url and scope, taken from base when nt lacks them.
func keepExtras(nt, base *oauth2.Token) *oauth2.Token {
	m := map[string]any{}
	for _, k := range []string{tokenstore.ExtraAPIURL, tokenstore.ExtraScope} {
		if v, ok := nt.Extra(k).(string); ok && v != "" {
			m[k] = v
		} else if v, ok := base.Extra(k).(string); ok && v != "" {
			m[k] = v
		}
	}
	return nt.WithExtra(m)
}

// applyLocked installs a refresh result and publishes the new state. It returns what the
// waiting callers get.
func (s *Session) applyLocked(res refreshResult, cur *oauth2.Token) (*oauth2.Token, error) {
	now := s.opts.now()
	switch {
	case res.signedOut:
		s.replaceTokenLocked(nil)
		s.setStateLocked(State{Kind: SignedOut})
		s.log.Info("token store empty: signed out by another process")
		return nil, ErrSignedOut
	case res.err != nil:
		return nil, s.failLocked(res.err, cur, now)
	}
	s.setTokenLocked(res.tok)
	s.failures = 0
	s.setUnsavedLocked(res.saveErr != nil)
	var stateErr error
	if res.saveErr != nil {
		stateErr = errors.Join(ErrTokenNotSaved, res.saveErr)
		s.log.Error("rotated refresh token NOT saved: the stored one is dead at Zoom; the next start needs a new sign-in unless a later save succeeds",
			"store", s.state.StoreKind, "err", res.saveErr)
	}
	s.setStateLocked(State{Kind: SignedIn, LastRefresh: now, Err: stateErr})
	s.log.Info("token refreshed", "adopted", res.adopted, "expiry", res.tok.Expiry, "next", s.state.NextRefresh)
	return copyToken(res.tok), nil
}

// failLocked records a failed refresh: transient failures make the session Offline with a
// backoff; a rejected grant makes it NeedsSignIn (never retried).
func (s *Session) failLocked(err error, cur *oauth2.Token, now time.Time) error {
	var re *RefreshError
	if !errors.As(err, &re) {
		re = &RefreshError{Temporary: true, cause: err}
	}
	if re.Temporary {
		s.failures++
		next := now.Add(s.backoffLocked())
		s.setStateLocked(State{Kind: Offline, NextRefresh: next, Err: re})
		s.log.Warn("refresh failed; will retry", "err", re, "failures", s.failures, "retry_at", next)
		return re
	}
	s.dead = s.reasonFor(re, cur, now)
	s.setStateLocked(State{Kind: NeedsSignIn, Reason: s.dead, Err: re})
	s.log.Warn("refresh rejected: sign-in needed", "err", re, "reason", s.dead)
	return re
}

// reasonFor maps a rejected refresh to a Reason. Zoom's bodies barely distinguish causes:
// a reason naming a newer authorization (error 4741) means signed in elsewhere; a reason
// saying "expired", or a refresh token older than its known lifetime, means expired; any
// other invalid_grant means revoked.
func (s *Session) reasonFor(re *RefreshError, cur *oauth2.Token, now time.Time) Reason {
	switch {
	case re.Code != "invalid_grant" && re.Code != "invalid_request" && re.Status != http.StatusUnauthorized:
		return ReasonUnknown
	case containsAny(re.Reason, "4741", "newer", "elsewhere", "another device"):
		return ReasonSignedInElsewhere
	case containsAny(re.Reason, "expired", "4733"):
		return ReasonExpired
	case s.refreshTokenExpired(cur, now):
		return ReasonExpired
	}
	return ReasonRevoked
}

// refreshTokenExpired reports whether cur's refresh token is older than RefreshTokenLifetime.
// It was issued together with the access token, so its age follows from that token's expiry
// and lifetime (Zoom's hour when unknown).
func (s *Session) refreshTokenExpired(cur *oauth2.Token, now time.Time) bool {
	if s.opts.RefreshTokenLifetime <= 0 || cur == nil || cur.Expiry.IsZero() {
		return false
	}
	life := s.lifetime
	if life <= 0 {
		life = defaultLifetime
	}
	issued := cur.Expiry.Add(-life)
	return !now.Round(0).Before(issued.Add(s.opts.RefreshTokenLifetime))
}

// Run is the background refresher: one goroutine with a timer set to the
// next refresh (expiry − RefreshAhead) or, while Offline, to the next retry (capped
// exponential backoff with jitter); while the held token is unsaved, also to the next save
// retry (the same backoff), so a rotated refresh token reaches the store as soon as the
// store recovers rather than at the next refresh an hour later. A periodic check compares the wall clock with the
// monotonic clock: after a suspend the timer fires late, so the check notices the jump and
// refreshes at once when the token is due. Run returns ctx.Err() when ctx is done, and nil
// after Close.
func (s *Session) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrSessionClosed
	}
	s.wg.Add(1)
	s.mu.Unlock()
	defer s.wg.Done()
	tick := time.NewTicker(s.opts.wakeCheck)
	defer tick.Stop()
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	lastWall, lastMono := s.opts.now().Round(0), time.Now()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.stop:
			return nil
		default:
		}
		wait, due := s.nextAction()
		if due {
			s.refreshFromRun(ctx)
			continue
		}
		saveWait, saveDue := s.nextSave()
		if saveDue {
			s.retrySave()
			continue
		}
		timer.Reset(min(wait, saveWait))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.stop:
			return nil
		case <-s.kick:
		case <-timer.C:
		case <-tick.C:
			var jumped bool
			if lastWall, lastMono, jumped = s.noticeJump(lastWall, lastMono); jumped {
				s.retryNow()
			}
		}
	}
}

// idleWait is how long Run sleeps when nothing is scheduled (signed out, or a refresh in
// flight); a state change wakes it earlier through s.kick.
const idleWait = time.Hour

// nextAction says how long Run may wait, or that a refresh is due now.
func (s *Session) nextAction() (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var at time.Time
	switch {
	case s.tok == nil:
		return idleWait, false
	case s.state.Kind == SignedIn:
		at = s.dueLocked(s.tok)
	case s.state.Kind == Offline:
		at = s.state.NextRefresh
	default:
		return idleWait, false
	}
	wait := at.Sub(s.opts.now().Round(0))
	return min(wait, idleWait), wait <= 0
}

// refreshFromRun starts (or joins) a refresh and waits for it.
func (s *Session) refreshFromRun(ctx context.Context) {
	s.mu.Lock()
	f, err := s.startFlightLocked()
	s.mu.Unlock()
	if err != nil {
		return
	}
	select {
	case <-f.done:
	case <-ctx.Done():
	case <-s.stop:
	}
}

// noticeJump reports a jump of the wall clock against the monotonic clock since the last
// check: a suspend and resume (the monotonic clock stops while suspended), or a clock
// change. Run then re-plans with the wall clock, so a token that fell due while suspended is
// refreshed at once, and retryNow cuts an Offline backoff short.
func (s *Session) noticeJump(lastWall, lastMono time.Time) (time.Time, time.Time, bool) {
	wall, mono := s.opts.now().Round(0), time.Now()
	jump := wall.Sub(lastWall) - mono.Sub(lastMono)
	jumped := jump > s.opts.wakeCheck || jump < -s.opts.wakeCheck
	if jumped {
		s.log.Info("clock jump detected (suspend/resume or clock change); re-planning refresh", "jump", jump)
	}
	return wall, mono, jumped
}

// retryNow makes an Offline session retry at once after a wake: the network has likely
// changed while suspended, so the backoff planned before says nothing any more. Consecutive
// failures still count, so a network that stays down keeps backing off.
func (s *Session) retryNow() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.state.Kind != Offline {
		return
	}
	st := s.state
	st.NextRefresh = s.opts.now()
	s.setStateLocked(st)
}

// normalize returns a copy of t whose Expiry has no monotonic reading (so comparisons use
// the wall clock and stay right across suspend, as x/oauth2's expired() does) and is set
// from Zoom's documented lifetime when the server sent none.
func (s *Session) normalize(t *oauth2.Token) *oauth2.Token {
	c := copyToken(t)
	if c.AccessToken != "" && (c.Expiry.IsZero() || c.ExpiresIn < 0) {
		c.Expiry = s.opts.now().Add(defaultLifetime)
	}
	c.Expiry = c.Expiry.Round(0)
	return c
}

// copyToken returns a shallow copy so callers cannot modify the session's token.
func copyToken(t *oauth2.Token) *oauth2.Token {
	if t == nil {
		return nil
	}
	c := *t
	return &c
}
