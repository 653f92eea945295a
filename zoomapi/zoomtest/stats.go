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

// Stats returns a copy of the counters.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.stats
	c.Routes = make(map[string]RouteStats, len(s.stats.Routes))
	for k, v := range s.stats.Routes {
		v.ByStatus = maps.Clone(v.ByStatus)
		c.Routes[k] = v
	}
	c.TokenGrants = maps.Clone(s.stats.TokenGrants)
	c.RevokedGrants = maps.Clone(s.stats.RevokedGrants)
	return c
}

// countRoute records one answer of route with status. s.mu must be held.
func (s *Server) countRoute(route string, status int) {
	rs := s.stats.Routes[route]
	if rs.ByStatus == nil {
		rs.ByStatus = map[int]int{}
	}
	rs.Count++
	rs.ByStatus[status]++
	s.stats.Routes[route] = rs
	if status == http.StatusTooManyRequests {
		s.stats.RateLimited++
	}
}

func (s *Server) handleStats(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, s.Stats())
}
