package zoomtest

import (
	"maps"
	"net/http"
)

// Stats counts what the fake has answered, for tests and GET /_zoomfake/stats. It holds
// no secrets.
type Stats struct {
	// Routes counts requests by route pattern, e.g. "POST /oauth/token".
	Routes map[string]RouteStats `json:"routes"`
	// TokenGrants counts new grants by grant_type (authorization_code, device_code, ...).
	TokenGrants map[string]int `json:"token_grants"`
	// Refreshes counts successful refresh token rotations.
	Refreshes int `json:"refreshes"`
	// InvalidGrant counts token endpoint answers with error invalid_grant.
	InvalidGrant int `json:"invalid_grant"`
	// RateLimited counts 429 answers, real and injected.
	RateLimited int `json:"rate_limited"`
	// RevokedGrants counts revoked grants by cause: "revoke" (POST /oauth/revoke),
	// "newer_authorization" (Zoom error 4741) and "sign_out" (RevokeUserGrants).
	RevokedGrants map[string]int `json:"revoked_grants"`
	// DevicePolls counts device_code token requests; SlowDown those answered slow_down.
	DevicePolls int `json:"device_polls"`
	SlowDown    int `json:"slow_down"`
	// Dropped counts responses dropped by the reset and drop_after_commit faults.
	Dropped int `json:"dropped"`
}

// RouteStats counts the requests of one route.
type RouteStats struct {
	Count    int         `json:"count"`
	ByStatus map[int]int `json:"by_status"`
}

func newStats() Stats {
	return Stats{Routes: map[string]RouteStats{}, TokenGrants: map[string]int{}, RevokedGrants: map[string]int{}}
}

// answerStats are the counters of answers, kept apart from Stats' other counters because
// they are updated while a handler may hold Server.mu (see statusWriter).
type answerStats struct {
	routes      map[string]RouteStats
	rateLimited int
	dropped     int
}

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.stats
	c.TokenGrants = maps.Clone(s.stats.TokenGrants)
	c.RevokedGrants = maps.Clone(s.stats.RevokedGrants)
	s.answersMu.Lock()
	defer s.answersMu.Unlock()
	c.Routes = make(map[string]RouteStats, len(s.answers.routes))
	for k, v := range s.answers.routes {
		v.ByStatus = maps.Clone(v.ByStatus)
		c.Routes[k] = v
	}
	c.RateLimited, c.Dropped = s.answers.rateLimited, s.answers.dropped
	return c
}

// countAnswer records one answer of route with status, or a dropped connection. It may
// be called with s.mu held.
func (s *Server) countAnswer(route string, status int, dropped bool) {
	s.answersMu.Lock()
	defer s.answersMu.Unlock()
	rs := s.answers.routes[route]
	if rs.ByStatus == nil {
		rs.ByStatus = map[int]int{}
	}
	rs.Count++
	rs.ByStatus[status]++
	s.answers.routes[route] = rs
	if status == http.StatusTooManyRequests {
		s.answers.rateLimited++
	}
	if dropped {
		s.answers.dropped++
	}
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Stats())
}
