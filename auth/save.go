package auth

import (
	"context"
	"errors"
	"fmt"
	"time"

	"golang.org/x/oauth2"
)

// setUnsavedLocked records whether the held token is missing from the store. An unsaved
// token schedules a save retry after the next backoff step; a saved one cancels it.
func (s *Session) setUnsavedLocked(unsaved bool) {
	s.unsaved = unsaved
	if !unsaved {
		s.saveFails, s.saveAt = 0, time.Time{}
		return
	}
	s.saveFails++
	s.saveAt = s.opts.now().Round(0).Add(s.backoffAfter(s.saveFails))
}

// nextSave says how long Run may wait before retrying to save an unsaved token, or that the
// retry is due now. While a refresh is in flight it waits: the refresh saves its own token.
func (s *Session) nextSave() (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.unsaved || s.tok == nil || s.dead != "" || s.flight != nil {
		return idleWait, false
	}
	wait := s.saveAt.Sub(s.opts.now().Round(0))
	return min(wait, idleWait), wait <= 0
}

// retrySave writes the unsaved token to the store under the lock file. After a rotation
// Zoom accepts only the new refresh token (docs/zoom-reference.md, "Refresh tokens rotate and
// are single-use"), so until it is saved the next start of the app would need a new sign-in.
// The token is saved only if it is still the session's and still unsaved once the lock is
// held, so a refresh or sign-in that finished meanwhile is never overwritten.
func (s *Session) retrySave() {
	s.mu.Lock()
	tok := s.tok
	s.mu.Unlock()
	lockCtx, cancel := context.WithTimeout(context.Background(), s.opts.storeTimeout)
	defer cancel()
	release, err := s.lock.acquire(lockCtx)
	if err == nil {
		defer release()
		if !s.stillUnsaved(tok) {
			return
		}
		err = s.saveFresh(context.Background(), tok)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tok != tok || !s.unsaved {
		return
	}
	s.savedLocked(err)
}

// stillUnsaved reports whether tok is still the held, unsaved token.
func (s *Session) stillUnsaved(tok *oauth2.Token) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tok == tok && s.unsaved
}

// savedLocked records the outcome of a save retry and publishes it: a failure keeps
// ErrTokenNotSaved in State.Err and schedules the next retry; a success clears it.
func (s *Session) savedLocked(err error) {
	st := s.state
	if err != nil {
		s.setUnsavedLocked(true)
		if st.Kind == SignedIn {
			st.Err = errors.Join(ErrTokenNotSaved, fmt.Errorf("auth: save token: %w", err))
			s.setStateLocked(st)
		}
		s.log.Warn("saving the held token failed again; will retry", "err", err, "failures", s.saveFails, "retry_at", s.saveAt)
		return
	}
	s.setUnsavedLocked(false)
	if errors.Is(st.Err, ErrTokenNotSaved) {
		st.Err = nil
	}
	s.setStateLocked(st)
	s.log.Info("held token saved on retry", "store", st.StoreKind)
}

// loadStored reads the store under its own deadline, so a slow keyring does not eat the
// token exchange's time.
func (s *Session) loadStored() (*oauth2.Token, error) {
	ctx, cancel := context.WithTimeout(context.Background(), s.opts.storeTimeout)
	defer cancel()
	return s.opts.Store.Load(ctx)
}

// saveFresh saves t under a context of its own: detached from ctx's cancellation and
// deadline (the exchange may have used them up) and bounded by storeTimeout. After a
// rotation the new refresh token is the only valid one (docs/zoom-reference.md, "Refresh tokens
// rotate and are single-use"), so its save must not fail for lack of time.
func (s *Session) saveFresh(ctx context.Context, t *oauth2.Token) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.opts.storeTimeout)
	defer cancel()
	return s.opts.Store.Save(ctx, t)
}
