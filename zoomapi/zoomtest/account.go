package zoomtest

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// AddUser adds a user to the fake's one account, as an admin adding a seat would, so that
// many agents can each sign in as their own user while sharing the account's per-second
// rate limits. Zero fields get defaults: ID random, names from the email, Timezone UTC,
// Type 2 (Licensed), PMI unique, CreatedAt now.
func (s *Server) AddUser(u User) error {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.data
	if u.Email == "" || d.userByEmail(u.Email) != nil {
		return fmt.Errorf("zoomtest: user %q is empty or exists", u.Email)
	}
	u.ID = cmp.Or(u.ID, d.randB64(16))
	u.AccountID = d.accountID
	u.FirstName = cmp.Or(u.FirstName, u.Email)
	u.Timezone = cmp.Or(u.Timezone, "UTC")
	u.Type = cmp.Or(u.Type, 2)
	u.Language = cmp.Or(u.Language, "en-US")
	if u.PMI == 0 {
		u.PMI = 6000000000 + int64(len(d.userList))
	}
	u.CreatedAt = orTime(u.CreatedAt, now.UTC().Truncate(time.Second))
	d.addUser(&u)
	return nil
}

// SetMeetingTopic changes the topic of the meeting with id, as its host editing it in
// Zoom would: every list shows the new topic from the next request on.
func (s *Server) SetMeetingTopic(id int64, topic string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.data.meetingByID(id)
	if m == nil {
		return fmt.Errorf("zoomtest: no meeting %d", id)
	}
	m.Topic = topic
	return nil
}

// DeleteMeeting deletes the meeting with id, as its host deleting it in Zoom would: no
// list shows it from the next request on.
func (s *Server) DeleteMeeting(id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.data.meetingByID(id)
	if m == nil {
		return fmt.Errorf("zoomtest: no meeting %d", id)
	}
	delete(s.data.byMeeting, id)
	s.data.meetings = slices.DeleteFunc(s.data.meetings, func(o *Meeting) bool { return o == m })
	for uid, ms := range s.data.meetingsOf {
		s.data.meetingsOf[uid] = slices.DeleteFunc(ms, func(o *Meeting) bool { return o == m })
	}
	return nil
}

// Handler returns the fake's HTTP handler (OAuth, REST and control routes with faults and
// statistics), for an in-memory transport that serves many simulated clients without
// sockets. Handlers that hang up a connection (the reset and drop faults) need a real
// connection and only work through URL.
func (s *Server) Handler() http.Handler { return s.srv.Handler }

// writeQuota adds the per-second quota headers of an answer that passed the rate limit,
// when Options.RateLimitHeaders asks for them: the category, X-RateLimit-Type QPS, the
// account's limit and what remains of it in the current second. s.mu must be held.
func (s *Server) writeQuota(w http.ResponseWriter, cat rateCategory) {
	if !s.opts.RateLimitHeaders {
		return
	}
	limit := planLimits[s.opts.Plan].perSecond[cat]
	h := w.Header()
	h.Set("X-RateLimit-Category", cat.String())
	h.Set("X-RateLimit-Type", "QPS")
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(limit-s.rates.perSecond[cat], 0)))
}
