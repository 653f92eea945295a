package auth

import (
	"time"

	"golang.org/x/oauth2"
)

// setTokenLocked replaces the held token and records its lifetime.
// The lifetime is learnt from tokens that come with expires_in (the token endpoint's); a
// token loaded from the store keeps the last one learnt.
func (s *Session) setTokenLocked(t *oauth2.Token) {
	s.tok = t
	if t != nil && t.ExpiresIn > 0 {
		s.lifetime = time.Duration(t.ExpiresIn) * time.Second
	}
}

// learnLifetimeLocked learns the lifetime of a token a sign-in flow just obtained but that
// lacks ExpiresIn (e.g. built by hand, or by a library that keeps only Expiry): it is what
// is left until Expiry, since the token is fresh. Without it RefreshAhead would stay
// uncapped and a token shorter than it would be refreshed at once. An already expired
// token teaches nothing.
func (s *Session) learnLifetimeLocked(t *oauth2.Token) {
	if t.ExpiresIn > 0 {
		return
	}
	if left := t.Expiry.Sub(s.opts.now().Round(0)); left > 0 {
		s.lifetime = left
	}
}

// aheadLocked is RefreshAhead capped at a quarter of the token lifetime, once known.
func (s *Session) aheadLocked() time.Duration {
	a := s.opts.RefreshAhead
	if l := s.lifetime / 4; l > 0 && l < a {
		a = l
	}
	return a
}

// dueLocked is when t should be refreshed.
func (s *Session) dueLocked(t *oauth2.Token) time.Time {
	return t.Expiry.Add(-s.aheadLocked())
}

// freshLocked reports whether t needs no refresh yet.
func (s *Session) freshLocked(t *oauth2.Token, now time.Time) bool {
	return t != nil && t.AccessToken != "" && now.Round(0).Before(s.dueLocked(t))
}

// usableLocked reports whether t may still be sent to Zoom: it is due for refresh but has
// more than a quarter of the refresh margin left.
func (s *Session) usableLocked(t *oauth2.Token, now time.Time) bool {
	return t != nil && t.AccessToken != "" && now.Round(0).Before(t.Expiry.Add(-s.aheadLocked()/4))
}

// backoffLocked is the delay before the next retry after s.failures transient failures:
// capped exponential with jitter.
func (s *Session) backoffLocked() time.Duration { return s.backoffAfter(s.failures) }

// backoffAfter is the delay before the next retry after n consecutive failures.
func (s *Session) backoffAfter(n int) time.Duration {
	d := s.opts.backoffMin
	for i := 1; i < n && d < s.opts.backoffMax; i++ {
		d *= 2
	}
	return s.opts.jitter(min(d, s.opts.backoffMax))
}
