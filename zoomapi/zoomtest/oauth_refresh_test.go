package zoomtest

import (
	"net/http"
	"net/url"
	"testing"
	"time"
)

func TestRefreshRotatesAndOldTokenDies(t *testing.T) {
	s := newTestServer(t, Options{})
	_, rt := signIn(t, s)
	r := refreshWith(t, s, rt)
	if r.status != http.StatusOK {
		t.Fatalf("refresh: got %d %s, want 200", r.status, r.body)
	}
	checkTokenResponse(t, s, r)
	next := r.field(t, "refresh_token")
	if next == rt {
		t.Errorf("refresh_token: got the same token back, want a rotated one")
	}
	wantOAuthError(t, refreshWith(t, s, rt), "invalid_grant", reasonInvalidToken)
	if s.GrantActive(rt) {
		t.Errorf("GrantActive(old refresh): got true, want false")
	}
	if r := refreshWith(t, s, next); r.status != http.StatusOK {
		t.Errorf("refresh with rotated token: got %d, want 200", r.status)
	}
	st := s.Stats()
	if st.Refreshes != 2 || st.InvalidGrant != 1 {
		t.Errorf("stats: got refreshes %d invalid_grant %d, want 2 and 1", st.Refreshes, st.InvalidGrant)
	}
}

func TestRefreshGrace(t *testing.T) {
	clock := newClock()
	s := newTestServer(t, Options{Now: clock.Now, RefreshGrace: 30 * time.Second})
	_, rt := signIn(t, s)
	first := refreshWith(t, s, rt)
	clock.Advance(29 * time.Second)
	again := refreshWith(t, s, rt)
	if again.status != http.StatusOK || again.field(t, "refresh_token") != first.field(t, "refresh_token") {
		t.Errorf("reuse within grace: got %d, want 200 with the same rotated pair", again.status)
	}
	clock.Advance(time.Second)
	wantOAuthError(t, refreshWith(t, s, rt), "invalid_grant", reasonInvalidToken)
}

func TestRefreshErrors(t *testing.T) {
	tests := []struct {
		name       string
		id, secret string
		form       url.Values
		advance    time.Duration
		wantErr    string
	}{
		{"unknown token", "demo-client", "demo-secret", url.Values{"refresh_token": {"nope"}}, 0, "invalid_grant"},
		{"other client", "nodevice-client", "nodevice-secret", nil, 0, "invalid_grant"},
		{"expired after RefreshTokenTTL", "demo-client", "demo-secret", nil, 90 * 24 * time.Hour, "invalid_grant"},
		{"bad secret", "demo-client", "x", nil, 0, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			s := newTestServer(t, Options{Now: clock.Now})
			_, rt := signIn(t, s)
			clock.Advance(tt.advance)
			form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}
			for k, v := range tt.form {
				form[k] = v
			}
			wantOAuthError(t, post(t, s, "/oauth/token", tt.id, tt.secret, form), tt.wantErr, "")
		})
	}
}

func TestPublicClientRefreshesWithClientIDOnly(t *testing.T) {
	s := newTestServer(t, Options{})
	r := post(t, s, "/oauth/token", "", "", url.Values{"grant_type": {"authorization_code"}, "client_id": {"demo-public"},
		"code": {authorize(t, s, "demo-public", nil)}, "redirect_uri": {testRedirect}, "code_verifier": {testVerifier}})
	r = post(t, s, "/oauth/token", "", "", url.Values{"grant_type": {"refresh_token"}, "client_id": {"demo-public"},
		"refresh_token": {r.field(t, "refresh_token")}})
	if r.status != http.StatusOK {
		t.Errorf("public refresh: got %d %s, want 200", r.status, r.body)
	}
}

func TestNewerAuthorizationRevokesOlderGrant(t *testing.T) {
	s := newTestServer(t, Options{})
	oldAT, oldRT := signIn(t, s)
	newAT, _ := signIn(t, s)
	wantOAuthError(t, refreshWith(t, s, oldRT), "invalid_grant", reasonInvalidToken)
	if got := get(t, s, "/v2/users/me", oldAT); got.status != http.StatusUnauthorized {
		t.Errorf("REST with old access token: got %d, want 401", got.status)
	}
	if !s.GrantActive(newAT) {
		t.Errorf("GrantActive(new access): got false, want true")
	}
	if got := s.Stats().RevokedGrants[revokeByNewer]; got != 1 {
		t.Errorf("revoked by newer authorization: got %d, want 1", got)
	}
}

func TestRevoke(t *testing.T) {
	tests := []struct {
		name        string
		id, secret  string
		token       func(at, rt string) string
		wantStatus  int
		wantRevoked bool
	}{
		{"access token", "demo-client", "demo-secret", func(at, _ string) string { return at }, 200, true},
		{"refresh token", "demo-client", "demo-secret", func(_, rt string) string { return rt }, 200, true},
		{"unknown token (RFC 7009)", "demo-client", "demo-secret", func(string, string) string { return "nope" }, 200, false},
		{"another client's token", "nodevice-client", "nodevice-secret", func(at, _ string) string { return at }, 400, false},
		{"bad client secret", "demo-client", "x", func(at, _ string) string { return at }, 400, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			at, rt := signIn(t, s)
			r := post(t, s, "/oauth/revoke", tt.id, tt.secret, url.Values{"token": {tt.token(at, rt)}})
			if r.status != tt.wantStatus || (r.status == 200 && r.field(t, "status") != "success") {
				t.Errorf("revoke: got %d %s, want %d", r.status, r.body, tt.wantStatus)
			}
			if got := !s.GrantActive(at) && !s.GrantActive(rt); got != tt.wantRevoked {
				t.Errorf("grant revoked: got %v, want %v", got, tt.wantRevoked)
			}
			if tt.wantRevoked {
				wantOAuthError(t, refreshWith(t, s, rt), "invalid_grant", reasonInvalidToken)
				if got := s.Stats().RevokedGrants[revokeByRequest]; got != 1 {
					t.Errorf("revoked by request: got %d, want 1", got)
				}
			}
		})
	}
}

func TestRevokeUserGrants(t *testing.T) {
	s := newTestServer(t, Options{})
	at, rt := signIn(t, s)
	s.RevokeUserGrants("alex@example.com")
	if s.GrantActive(at) || s.GrantActive(rt) {
		t.Errorf("after sign-out of all devices: got a token still active, want none")
	}
	if r := get(t, s, "/v2/users/me", at); r.status != http.StatusUnauthorized || r.field(t, "message") != "Invalid access token." {
		t.Errorf("REST after sign-out: got %d %s, want 401 Invalid access token.", r.status, r.body)
	}
}
