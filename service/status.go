package service

import (
	"context"
	"errors"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Status returns the current state of the session, the account, the next meeting and the
// latest problem.
func (s *Service) Status(ctx context.Context) (Status, error) {
	return s.status(), nil
}

// status builds the published Status from the session state and the service's own; a
// service without a client ID says StateUnconfigured.
func (s *Service) status() Status {
	st := s.sess.State()
	s.mu.Lock()
	defer s.mu.Unlock()
	out := Status{
		State: stateOf(st.Kind), Reason: reasonOf(st.Reason),
		StoreKind: st.StoreKind, StoreLocation: st.StoreLocation,
		TokenExpiry: st.Expiry, LastRefresh: st.LastRefresh, NextRefresh: st.NextRefresh,
		NextMeeting: nextMeeting(s.meetings.Meetings, s.clk.Now()),
		LastError:   s.lastErr,
		Demo:        s.opts.Demo, Kiosk: s.opts.Kiosk || s.opts.Settings.Kiosk,
		MeetingsUpdated: s.meetings.FetchedAt, MeetingsStale: s.meetings.Stale,
	}
	out.KioskSignOutAt = s.kioskSignOutAt()
	out.Search = s.search.progress()
	if !s.opts.Settings.Configured() {
		out.State = StateUnconfigured
	}
	if s.account != nil {
		a := *s.account
		out.Account = &a
	}
	if st.Err != nil && out.LastError == nil {
		out.LastError = Describe(st.Err)
	}
	if len(s.revokes.list) > 0 && out.LastError == nil {
		out.LastError = unconfirmedSignOut()
	}
	if out.LastError != nil && st.Kind == auth.NeedsSignIn && out.LastError.Kind == KindAuth {
		e := *out.LastError
		e.Reason = reasonOf(st.Reason)
		out.LastError = &e
	}
	return out
}

// nextMeeting returns the meeting in progress or the next to start, or nil. Meetings
// without a fixed time and all-day meetings are left out (see timed).
func nextMeeting(ms []zoomapi.Meeting, now time.Time) *zoomapi.Meeting {
	for _, m := range ms {
		if !timed(m) {
			continue
		}
		end := m.StartTime.Add(time.Duration(max(m.Duration, 1)) * time.Minute)
		if end.After(now) {
			c := m
			return &c
		}
	}
	return nil
}

// Watch sends the current status, then each change (one slot, latest wins), until ctx is
// done; the channel is then closed.
func (s *Service) Watch(ctx context.Context) (<-chan Status, error) {
	ch := make(chan Status, 1)
	ch <- s.status()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		close(ch)
		return ch, nil
	}
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	context.AfterFunc(ctx, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
	})
	return ch, nil
}

// publish sends the current status to every watcher, replacing an unread one.
func (s *Service) publish() {
	st := s.status()
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case <-ch:
		default:
		}
		ch <- st
	}
}

// watchSession republishes each session state change; a session signed out or needing a
// new sign-in pauses the poller until Login resumes it.
func (s *Service) watchSession(ctx context.Context) {
	states, stop := s.sess.Subscribe()
	defer stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-states:
			if !ok {
				return
			}
			s.sessionChanged(s.sess.State()) // the current state, not a stale one
			s.publish()
		}
	}
}

// sessionChanged pauses the poller when the session lost its token, and deletes the
// transcript index once nobody is signed in (a sign-out by another process included).
func (s *Service) sessionChanged(st auth.State) {
	if st.Kind == auth.SignedOut {
		if err := s.search.forget(); err != nil {
			s.log.Warn("service: deleting the transcript index failed", "err", err)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch st.Kind {
	case auth.SignedOut, auth.NeedsSignIn:
		s.sched.paused = true
	}
	if st.Err != nil && errors.Is(st.Err, auth.ErrNeedsSignIn) {
		s.lastErr = Describe(st.Err)
	}
}
