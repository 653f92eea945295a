package service

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Poll cadence. UpcomingMeetings costs 2 requests, so polling every 10 minutes plus the
// hourly token refresh is 13 requests per idle signed-in hour (the target is at most 14).
// Near a meeting (starting within nearWindow, or live) the list is polled every 2 minutes
// so changes and the live state show quickly.
const (
	pollFar     = 10 * time.Minute
	pollNear    = 2 * time.Minute
	nearWindow  = 15 * time.Minute
	backoffMin  = time.Minute
	backoffMax  = 15 * time.Minute
	pollTimeout = time.Minute // bounds one poll's requests
)

// schedule is the poller's plan. It is guarded by Service.mu.
type schedule struct {
	next     time.Time // when to poll next
	failures int       // consecutive failed polls (network, 5xx, 429)
	paused   bool      // no token, or the token was rejected: wait for a sign-in
}

// fetchCall is one meetings fetch in flight, shared by concurrent callers.
type fetchCall struct {
	done chan struct{}
	err  error
}

// pollLoop is the meetings poller: one timer, re-armed whenever the
// schedule changes (kick) or after each poll.
func (s *Service) pollLoop(ctx context.Context) {
	for {
		at, paused := s.nextPoll()
		var fire <-chan time.Time
		stop := func() bool { return false }
		if !paused {
			fire, stop = s.clk.Timer(timerPoll, at)
		}
		select {
		case <-ctx.Done():
			stop()
			return
		case <-s.kick:
			stop()
		case <-fire:
			_ = s.fetch(ctx, s.rest().poll)
		}
	}
}

// nextPoll returns when to poll next, or paused.
func (s *Service) nextPoll() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sched.next, s.sched.paused
}

// fetch refreshes the meetings once, sharing a fetch already in flight (single-flight),
// and returns its error.
func (s *Service) fetch(ctx context.Context, api *zoomapi.Client) error {
	s.fetchMu.Lock()
	if err := s.life.Err(); err != nil {
		s.fetchMu.Unlock()
		return auth.ErrSessionClosed
	}
	call := s.fetching
	if call == nil {
		call = &fetchCall{done: make(chan struct{})}
		s.fetching = call
		s.bg.Go(func() { s.doFetch(call, api) })
	}
	s.fetchMu.Unlock()
	select {
	case <-call.done:
		return call.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// doFetch performs one fetch with its own deadline (a caller giving up must not cut the
// shared request short), records the outcome, and wakes the poller and the notifier.
func (s *Service) doFetch(call *fetchCall, api *zoomapi.Client) {
	ctx, cancel := context.WithTimeout(s.life, pollTimeout)
	defer cancel()
	err := s.ensureAccount(ctx, api)
	var ms []zoomapi.Meeting
	if err == nil {
		ms, err = api.UpcomingMeetings(ctx)
	}
	s.recordFetch(ms, err)
	call.err = err
	s.fetchMu.Lock()
	s.fetching = nil
	s.fetchMu.Unlock()
	close(call.done)
	wake(s.kick)
	wake(s.changed)
	s.publish()
}

// recordFetch stores a successful fetch, or marks the list stale and plans the retry.
func (s *Service) recordFetch(ms []zoomapi.Meeting, err error) {
	now := s.clk.Now()
	if err == nil {
		ms = sanitizeMeetings(ms)
		s.mu.Lock()
		s.meetings = MeetingList{Meetings: ms, FetchedAt: now}
		s.lastErr = nil
		s.sched.failures, s.sched.paused = 0, false
		s.sched.next = now.Add(s.opts.scaled(s.interval(ms, now)))
		id := s.accountIDLocked()
		s.mu.Unlock()
		saveLogged(s, fileMeetings, id, MeetingList{Meetings: ms, FetchedAt: now})
		return
	}
	s.log.Warn("service: fetching meetings failed", "err", Describe(err).Message)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.meetings.Stale = true
	s.lastErr = Describe(err)
	if needsSignIn(err) {
		s.sched.paused = true
		return
	}
	s.sched.failures++
	s.sched.next = now.Add(s.backoff(s.sched.failures))
	if at, ok := zoomapi.RetryAfter(err); ok && at.After(s.sched.next) {
		s.sched.next = at
	}
}

// ensureAccount fetches the account (GET /users/me) when a stored session was loaded
// without a cached account, so Status names who is signed in.
func (s *Service) ensureAccount(ctx context.Context, api *zoomapi.Client) error {
	s.mu.Lock()
	known := s.account != nil
	s.mu.Unlock()
	if known {
		return nil
	}
	me, err := api.Me(ctx)
	if err != nil {
		return err
	}
	s.setAccount(accountOf(me))
	return nil
}

// needsSignIn reports whether err means only a new sign-in helps: no token, or a dead
// grant. A 401 code 124 that survives the transport's refresh-and-retry is not one: the
// session is still signed in (a dead grant would have made the refresh fail with
// auth.ErrNeedsSignIn), so the poller backs off as after a network failure instead of
// stopping for good.
func needsSignIn(err error) bool {
	return errors.Is(err, auth.ErrSignedOut) || errors.Is(err, auth.ErrNeedsSignIn)
}

// interval is the time to the next poll after a success at now: pollNear when a meeting
// is live or starts within nearWindow, else pollFar, shortened so that the near cadence
// begins when the next meeting comes within nearWindow. Meetings without a fixed time and
// all-day meetings never count as near: an all-day event would otherwise keep the cadence
// at 2 minutes the whole day.
func (s *Service) interval(ms []zoomapi.Meeting, now time.Time) time.Duration {
	d := pollFar
	for _, m := range ms {
		if !timed(m) {
			continue
		}
		start, end := m.StartTime, m.StartTime.Add(time.Duration(max(m.Duration, 1))*time.Minute)
		if !now.Before(start.Add(-nearWindow)) && now.Before(end) {
			return pollNear
		}
		if until := start.Add(-nearWindow).Sub(now); until > 0 && until < d {
			d = max(until, pollNear)
		}
	}
	return d
}

// backoff is the wait after n consecutive failures: 1, 2, 4, 8, then 15 minutes, each
// lengthened by up to a quarter at random so that many clients do not retry in step.
func (s *Service) backoff(n int) time.Duration {
	d := backoffMin << min(n-1, 4)
	d = min(d, backoffMax)
	return s.opts.scaled(d + s.opts.jitter(d/4))
}

// timed reports whether m has a fixed start and is not an all-day meeting.
func timed(m zoomapi.Meeting) bool { return !m.StartTime.IsZero() && !m.IsAllDay }

// randomJitter returns a random duration in [0, d).
func randomJitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return rand.N(d)
}

// Meetings returns the upcoming meetings: the cached list, or, with refresh, a fresh one
// (concurrent refreshes share one fetch). A failed refresh returns the cached list marked
// Stale together with the error.
func (s *Service) Meetings(ctx context.Context, refresh bool) (MeetingList, error) {
	var err error
	if refresh {
		if !s.signedIn() {
			return s.meetingList(), &ErrorInfo{Kind: KindSignedOut, Message: "not signed in"}
		}
		err = s.fetch(ctx, s.rest().api)
	}
	return s.meetingList(), err
}

// meetingList returns a copy of the cached list.
func (s *Service) meetingList() MeetingList {
	s.mu.Lock()
	defer s.mu.Unlock()
	ml := s.meetings
	ml.Meetings = append([]zoomapi.Meeting(nil), ml.Meetings...)
	return ml
}

// signedIn reports whether the session holds a usable or refreshable token.
func (s *Service) signedIn() bool {
	switch s.sess.State().Kind {
	case auth.SignedIn, auth.Refreshing, auth.Offline:
		return true
	}
	return false
}

// accountIDLocked returns the signed-in account's ID; s.mu is held.
func (s *Service) accountIDLocked() string {
	if s.account == nil {
		return ""
	}
	return s.account.ID
}

// pollSoon asks the poller to poll now (after a sign-in).
func (s *Service) pollSoon() {
	s.mu.Lock()
	s.sched.paused, s.sched.failures, s.sched.next = false, 0, s.clk.Now()
	s.mu.Unlock()
	wake(s.kick)
}
