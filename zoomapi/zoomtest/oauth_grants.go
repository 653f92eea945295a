package zoomtest

import (
	"errors"
	"strings"
	"time"
)

// grant is one authorization of a client by a user: the access and refresh tokens that
// descend from one consent. Revoking it kills all of them.
type grant struct {
	clientID  string
	userID    string
	scopes    []string
	grantType string
	revoked   bool
}

// accessToken is an issued access token.
type accessToken struct {
	g   *grant
	exp time.Time
}

// refreshToken is an issued refresh token. Refresh tokens rotate and are single use
// (docs/zoom-reference.md, "Refresh tokens"): once used, rotatedAt is set and next holds the
// answer it produced, which a reuse within Options.RefreshGrace gets again.
type refreshToken struct {
	g         *grant
	exp       time.Time
	rotatedAt time.Time
	next      *tokenResponse
	reply     *RotationReply // how the answer that rotated it out went (delivery.go)
}

// tokenResponse is Zoom's token endpoint answer (docs/CONTRACTS.md).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	RefreshToken string `json:"refresh_token"`
	ExpiresIn    int    `json:"expires_in"`
	Scope        string `json:"scope"`
	APIURL       string `json:"api_url"`
}

// Revocation reasons, as counted in Stats.
const (
	revokeByRequest = "revoke"
	revokeByNewer   = "newer_authorization"
	revokeBySignOut = "sign_out"
)

// newGrant records a fresh authorization of clientID by userID and issues its first
// tokens. As in Zoom, it revokes any older grant of the same user and client (error 4741).
// s.mu must be held.
func (s *Server) newGrant(c Client, userID, grantType string) *tokenResponse {
	for _, old := range s.grants {
		if !old.revoked && old.clientID == c.ID && old.userID == userID {
			s.revokeGrant(old, revokeByNewer)
		}
	}
	g := &grant{clientID: c.ID, userID: userID, scopes: c.Scopes, grantType: grantType}
	s.grants = append(s.grants, g)
	s.stats.TokenGrants[grantType]++
	return s.issue(g)
}

// issue creates a new access and refresh token for g. s.mu must be held.
func (s *Server) issue(g *grant) *tokenResponse {
	now := s.now()
	at, rt := s.newSecret("access"), s.newSecret("refresh")
	s.access[at] = &accessToken{g: g, exp: now.Add(s.accessTTL)}
	s.refresh[rt] = &refreshToken{g: g, exp: now.Add(s.refreshTTL)}
	return &tokenResponse{
		AccessToken: at, TokenType: "bearer", RefreshToken: rt,
		ExpiresIn: int(s.accessTTL / time.Second),
		Scope:     strings.Join(g.scopes, " "), APIURL: s.URL,
	}
}

// rotate exchanges refresh token rt of client c for new tokens. It returns nil when the
// token is unknown, expired, revoked, of another client, or already used outside the
// grace window: Zoom then answers "Invalid Token!". s.mu must be held.
func (s *Server) rotate(c Client, rt string) *tokenResponse {
	r, ok := s.refresh[rt]
	now := s.now()
	if !ok || r.g.revoked || r.g.clientID != c.ID || !now.Before(r.exp) {
		return nil
	}
	if !r.rotatedAt.IsZero() {
		if s.opts.RefreshGrace > 0 && now.Before(r.rotatedAt.Add(s.opts.RefreshGrace)) {
			return r.next
		}
		return nil
	}
	r.rotatedAt = now
	r.next = s.issue(r.g)
	s.stats.Refreshes++
	return r.next
}

// SetTokenLifetimes changes the lifetimes of the access and refresh tokens issued from now
// on (Options.AccessTokenTTL and RefreshTokenTTL, like POST /_zoomfake/lifetimes); zero
// keeps the current one. Tokens already issued keep their expiry.
func (s *Server) SetTokenLifetimes(access, refresh time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if access > 0 {
		s.accessTTL = access
	}
	if refresh > 0 {
		s.refreshTTL = refresh
	}
}

// TokenLifetimes returns the lifetimes of newly issued access and refresh tokens.
func (s *Server) TokenLifetimes() (access, refresh time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accessTTL, s.refreshTTL
}

// revokeGrant marks g revoked and counts why. s.mu must be held.
func (s *Server) revokeGrant(g *grant, why string) {
	if g.revoked {
		return
	}
	g.revoked = true
	s.stats.RevokedGrants[why]++
}

// grantOf returns the grant of an access or refresh token, or nil. s.mu must be held.
func (s *Server) grantOf(token string) *grant {
	if a, ok := s.access[token]; ok {
		return a.g
	}
	if r, ok := s.refresh[token]; ok {
		return r.g
	}
	return nil
}

// RevokeUserGrants revokes every grant of the user with email, like Zoom's "sign out of
// all devices": their access and refresh tokens and ZAKs stop working at once.
func (s *Server) RevokeUserGrants(email string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.data.userByEmail(email)
	if u == nil {
		return
	}
	for _, g := range s.grants {
		if g.userID == u.ID {
			s.revokeGrant(g, revokeBySignOut)
		}
	}
	s.data.revokeZAKs(u.ID)
}

// GrantActive reports whether token is an access token or refresh token that Zoom would
// still accept: issued, unexpired, its grant not revoked and, for a refresh token, not
// yet rotated out (or still within Options.RefreshGrace).
func (s *Server) GrantActive(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	if a, ok := s.access[token]; ok {
		return !a.g.revoked && now.Before(a.exp)
	}
	r, ok := s.refresh[token]
	if !ok || r.g.revoked || !now.Before(r.exp) {
		return false
	}
	return r.rotatedAt.IsZero() || now.Before(r.rotatedAt.Add(s.opts.RefreshGrace))
}

// Errors of IssueToken.
var ErrUnknownClient = errors.New("zoomtest: no such client")

// IssueToken grants client clientID access to the user with email without the browser
// dance, as if the user had consented, and returns the token pair. Scopes replace the
// client's configured scopes when given (to test error 4711). It is a seam for tests of
// REST clients; like any new authorization it revokes the user's older grant of the client.
func (s *Server) IssueToken(clientID, email string, scopes ...string) (access, refresh string, err error) {
	c, ok := s.client(clientID)
	if !ok {
		return "", "", ErrUnknownClient
	}
	if len(scopes) > 0 {
		c.Scopes = scopes
	}
	u := s.lookupUser(email)
	if u == nil {
		return "", "", ErrUnknownUser
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	resp := s.newGrant(c, u.ID, "test")
	return resp.AccessToken, resp.RefreshToken, nil
}
