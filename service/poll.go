package service

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Poll cadence: the planner's (internal/pollplan), named here for the tests.
const (
	pollFar     = pollplan.Far
	pollNear    = pollplan.Near
	backoffMin  = pollplan.BackoffMin
	pollTimeout = time.Minute // bounds one poll's requests
)

// wakeSlack is how late the poll timer may fire before the poller takes it for a wake from
// suspend (or a start after a long stop) rather than a poll due now. The wall-clock timer
// otherwise fires on time; after a suspend it fires on the first check after the wake,
// when every laptop of a company that closed them at night wakes at about 9:00.
const wakeSlack = 30 * time.Second

// schedule is the poller's plan. It is guarded by Service.mu.
type schedule struct {
	next   time.Time         // when to poll next
	plan   *pollplan.Planner // this agent's phase, failures and pressure
	paused bool              // no token, or the token was rejected: wait for a sign-in
	// hosted is the last hosted list, which a poll that skips it (plan.FetchHosted) merges
	// with its fresh upcoming_meetings; nil until a poll fetched one.
	hosted *zoomapi.HostedList
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
			if s.resumeIfLate(at) {
				continue
			}
			_ = s.fetch(ctx, s.rest().poll, false)
		}
	}
}

// resumeIfLate re-plans the poll due at at when the timer fired more than wakeSlack after
// it, as after a suspend: the first poll after a wake is spread like the first after a
// start, so that a fleet of laptops waking together does not poll together.
func (s *Service) resumeIfLate(at time.Time) bool {
	now := s.clk.Now()
	if now.Sub(at) <= wakeSlack {
		return false
	}
	s.mu.Lock()
	s.sched.next = s.sched.plan.Resume(now, s.meetings.Meetings)
	s.mu.Unlock()
	s.log.Info("service: poll overdue, spreading the first poll after the wake", "late", now.Sub(at).Round(time.Second))
	return true
}

// nextPoll returns when to poll next, or paused.
func (s *Service) nextPoll() (time.Time, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sched.next, s.sched.paused
}

// fetch refreshes the meetings once, sharing a fetch already in flight (single-flight),
// and returns its error. A fetch with full asks for both lists; without it the planner
// decides whether the hosted list is due (the poller's own polls). A full fetch that finds
// a poll in flight shares it, whose upcoming_meetings is as fresh as its own would be.
func (s *Service) fetch(ctx context.Context, api *zoomapi.Client, full bool) error {
	s.fetchMu.Lock()
	if err := s.life.Err(); err != nil {
		s.fetchMu.Unlock()
		return auth.ErrSessionClosed
	}
	call := s.fetching
	if call == nil {
		call = &fetchCall{done: make(chan struct{})}
		s.fetching = call
		s.bg.Go(func() { s.doFetch(call, api, full) })
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
func (s *Service) doFetch(call *fetchCall, api *zoomapi.Client, full bool) {
	ctx, cancel := context.WithTimeout(s.life, pollTimeout)
	defer cancel()
	s.quota.Take() // forget what answers before this fetch said
	epoch := s.currentEpoch()
	err := s.ensureAccount(ctx, api, epoch)
	var ls zoomapi.MeetingLists
	if err == nil {
		ls, err = api.MeetingLists(ctx, s.keptHosted(full), s.clk.Now())
	}
	s.recordFetch(epoch, ls, err, s.quota.Take())
	call.err = err
	s.fetchMu.Lock()
	s.fetching = nil
	s.fetchMu.Unlock()
	close(call.done)
	wake(s.kick)
	wake(s.changed)
	s.publish()
}

// keptHosted returns the hosted list a fetch reuses, or nil when it is to fetch it: with
// full, when none is kept, or when the planner says it is due.
func (s *Service) keptHosted(full bool) *zoomapi.HostedList {
	s.mu.Lock()
	defer s.mu.Unlock()
	if full || s.sched.hosted == nil || s.sched.plan.FetchHosted(s.clk.Now()) {
		return nil
	}
	return s.sched.hosted
}

// recordFetch stores a successful fetch, or marks the list stale and plans the retry.
// quota is the tightest account quota the fetch's answers reported. A fetch begun in an
// earlier epoch (before a sign-out or another account's sign-in) is dropped.
func (s *Service) recordFetch(epoch uint64, ls zoomapi.MeetingLists, err error, quota pollplan.Quota) {
	now := s.clk.Now()
	if s.currentEpoch() != epoch {
		s.log.Debug("service: dropped a meetings poll that began before the sign-out")
		return
	}
	if err == nil {
		ms := sanitizeMeetings(ls.Meetings)
		s.mu.Lock()
		if s.epoch != epoch {
			s.mu.Unlock()
			return
		}
		s.meetings = MeetingList{Meetings: ms, FetchedAt: now}
		s.lastErr = nil
		s.sched.paused = false
		s.sched.hosted = &ls.Hosted
		s.sched.plan.Fetched(now, ls.HostedFetched)
		s.sched.next = s.sched.plan.Success(now, ms, quota)
		id := s.accountIDLocked()
		s.mu.Unlock()
		saveLogged(s, fileMeetings, id, MeetingList{Meetings: ms, FetchedAt: now})
		return
	}
	err = s.grantErr(err)
	s.log.Warn("service: fetching meetings failed", "err", Describe(err).Message)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.epoch != epoch {
		return
	}
	s.meetings.Stale = true
	s.lastErr = Describe(err)
	if needsSignIn(err) {
		s.sched.paused = true
		return
	}
	s.sched.next = s.sched.plan.Failure(now, err)
}

// grantErr returns the session's own error for a rejected token (401 code 124) whose
// refresh found the grant dead: the transport hands back the 401 then, and only a new
// sign-in helps. Any other error is returned as it is.
func (s *Service) grantErr(err error) error {
	if !zoomapi.IsTokenInvalid(err) {
		return err
	}
	if st := s.sess.State(); st.Kind == auth.NeedsSignIn && errors.Is(st.Err, auth.ErrNeedsSignIn) {
		return st.Err
	}
	return err
}

// ensureAccount fetches the account (GET /users/me) when a stored session was loaded
// without a cached account, so Status names who is signed in. An answer that comes after
// a sign-out (another epoch) is not recorded.
func (s *Service) ensureAccount(ctx context.Context, api *zoomapi.Client, epoch uint64) error {
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
	acc := accountOf(me)
	s.mu.Lock()
	if s.epoch != epoch {
		s.mu.Unlock()
		return auth.ErrSignedOut
	}
	changed := s.account == nil || s.account.ID != acc.ID
	s.setAccountLocked(acc)
	s.mu.Unlock()
	s.accountSet(acc, changed)
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
		err = s.fetch(ctx, s.rest().api, true)
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
	s.sched.paused, s.sched.next = false, s.clk.Now()
	s.sched.hosted = nil
	s.sched.plan.Reset()
	s.mu.Unlock()
	wake(s.kick)
}
