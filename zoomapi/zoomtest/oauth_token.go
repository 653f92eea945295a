package zoomtest

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
)

// deviceGrantURN is the RFC 8628 grant type; Zoom's error table also names it device_auth.
const deviceGrantURN = "urn:ietf:params:oauth:grant-type:device_code"

func (s *Server) registerOAuth(mux *http.ServeMux) {
	mux.HandleFunc("GET /oauth/authorize", s.handleAuthorize)
	mux.HandleFunc("POST /oauth/authorize", s.handleAuthorizeDecision)
	mux.HandleFunc("POST /oauth/token", s.handleOAuthToken)
	mux.HandleFunc("POST /oauth/revoke", s.handleOAuthRevoke)
	mux.HandleFunc("POST /oauth/devicecode", s.handleDeviceCode)
	mux.HandleFunc("GET /oauth_device", s.handleDevicePage)
	mux.HandleFunc("POST /oauth_device", s.handleDeviceDecision)
	mux.HandleFunc("GET /oauth/device/complete/{code}", s.handleDeviceComplete)
}

// authClient authenticates the client of a request whose form is parsed. A confidential
// client uses HTTP Basic client_id:client_secret, even with PKCE; a public client sends
// only client_id in the query or body (docs/zoom-reference.md, "Client authentication").
func (s *Server) authClient(r *http.Request) (Client, bool) {
	if id, secret, ok := r.BasicAuth(); ok {
		c, found := s.client(id)
		param := r.Form.Get("client_id")
		if !found || c.Public() || (param != "" && param != id) ||
			subtle.ConstantTimeCompare([]byte(secret), []byte(c.Secret)) != 1 {
			return Client{}, false
		}
		return c, true
	}
	c, found := s.client(r.Form.Get("client_id"))
	return c, found && c.Public()
}

// authRequest parses an OAuth endpoint's parameters (query and form body) and
// authenticates its client (authClient). When either fails it answers itself, with
// invalid_request or invalid_client (RFC 6749 section 5.2), and reports false.
func (s *Server) authRequest(w http.ResponseWriter, r *http.Request) (Client, bool) {
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, "invalid_request", "Invalid request")
		return Client{}, false
	}
	c, ok := s.authClient(r)
	if !ok {
		writeOAuthError(w, "invalid_client", reasonInvalidClient)
	}
	return c, ok
}

// tokenResult is the outcome of a token request: a response or an OAuth error.
type tokenResult struct {
	resp          *tokenResponse
	error, reason string
}

func tokenFail(errCode, reason string) tokenResult {
	return tokenResult{error: errCode, reason: reason}
}

// handleOAuthToken serves POST /oauth/token. Parameters may come in the query string or the
// form body (r.Form holds both), as Zoom accepts both.
func (s *Server) handleOAuthToken(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authRequest(w, r)
	if !ok {
		return
	}
	res := s.tokenGrant(c, r.Form)
	if res.error != "" {
		writeOAuthError(w, res.error, res.reason)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, res.resp)
	if r.Form.Get("grant_type") == "refresh_token" {
		s.recordReply(w, r, r.Form.Get("refresh_token"))
	}
}

// tokenGrant runs one grant of the token endpoint and counts its outcome.
func (s *Server) tokenGrant(c Client, form url.Values) tokenResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	var res tokenResult
	switch form.Get("grant_type") {
	case "authorization_code":
		res = s.exchangeCode(c, form)
	case "refresh_token":
		res = tokenResult{resp: s.rotate(c, form.Get("refresh_token"))}
		if res.resp == nil {
			res = tokenFail("invalid_grant", reasonInvalidToken)
		}
	case deviceGrantURN, "device_auth":
		res = s.pollDevice(c, form.Get("device_code"))
	default:
		res = tokenFail("unsupported_grant_type", reasonGrantType)
	}
	if res.error == "invalid_grant" {
		s.stats.InvalidGrant++
	}
	return res
}

// exchangeCode redeems an authorization code (RFC 6749 §4.1.3, RFC 7636 §4.6). Codes are
// single use: the code is gone after the first attempt by its client. s.mu must be held.
func (s *Server) exchangeCode(c Client, form url.Values) tokenResult {
	code := form.Get("code")
	ac, ok := s.codes[code]
	if !ok || ac.clientID != c.ID {
		return tokenFail("invalid_grant", reasonInvalidCode) // Zoom 4734
	}
	delete(s.codes, code)
	switch {
	case !s.now().Before(ac.exp):
		return tokenFail("invalid_grant", reasonInvalidCode) // Zoom 4733: code expired
	case form.Get("redirect_uri") != ac.redirectURI:
		return tokenFail("invalid_grant", "Redirect URI mismatch.") // Zoom 4709
	case !verifyPKCE(ac.challenge, ac.method, form.Get("code_verifier")):
		return tokenFail("invalid_grant", "Invalid code_verifier.")
	}
	return tokenResult{resp: s.newGrant(c, ac.userID, "authorization_code")}
}

// verifyPKCE checks a code_verifier against the authorize step's challenge (RFC 7636
// §4.6); with no challenge there is nothing to check.
func verifyPKCE(challenge, method, verifier string) bool {
	if challenge == "" {
		return true
	}
	if method == "S256" {
		sum := sha256.Sum256([]byte(verifier))
		verifier = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	return verifier != "" && subtle.ConstantTimeCompare([]byte(verifier), []byte(challenge)) == 1
}

// handleOAuthRevoke serves POST /oauth/revoke: with client authentication and token= (access
// or refresh token) it revokes the whole grant and answers {"status":"success"}. As RFC
// 7009 §2.2 asks, an unknown token also gets success; a token of another client is refused.
func (s *Server) handleOAuthRevoke(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authRequest(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	token := r.Form.Get("token")
	g := s.grantOf(token)
	mine := g == nil || g.clientID == c.ID
	_, isAccess := s.access[token]
	switch {
	case g != nil && mine && isAccess && s.opts.RevokeAccessOnly:
		delete(s.access, token)
	case g != nil && mine:
		s.revokeGrant(g, revokeByRequest)
	}
	s.mu.Unlock()
	if !mine {
		writeOAuthError(w, "invalid_grant", reasonInvalidToken)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "success"})
}
