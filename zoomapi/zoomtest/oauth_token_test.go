package zoomtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestCodeExchangeSucceeds(t *testing.T) {
	tests := []struct {
		name       string
		client     string
		authz      url.Values
		id, secret string
		verifier   string
	}{
		{"confidential S256", "demo-client", nil, "demo-client", "demo-secret", testVerifier},
		{"confidential plain", "demo-client", url.Values{"code_challenge": {testVerifier}, "code_challenge_method": {"plain"}}, "demo-client", "demo-secret", testVerifier},
		{"plain is the default method", "demo-client", url.Values{"code_challenge": {testVerifier}, "code_challenge_method": nil}, "demo-client", "demo-secret", testVerifier},
		{"confidential without PKCE", "demo-client", url.Values{"code_challenge": nil, "code_challenge_method": nil}, "demo-client", "demo-secret", ""},
		{"public S256 without secret", "demo-public", nil, "", "", testVerifier},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			code := authorize(t, s, tt.client, tt.authz) // nil values remove a parameter
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {testRedirect}}
			if tt.verifier != "" {
				form.Set("code_verifier", tt.verifier)
			}
			if tt.id == "" {
				form.Set("client_id", tt.client)
			}
			r := post(t, s, "/oauth/token", tt.id, tt.secret, form)
			if r.status != http.StatusOK {
				t.Fatalf("status: got %d %s, want 200", r.status, r.body)
			}
			checkTokenResponse(t, s, r)
		})
	}
}

// checkTokenResponse checks the token response shape of docs/CONTRACTS.md.
func checkTokenResponse(t *testing.T, s *Server, r reply) {
	t.Helper()
	if got := r.field(t, "token_type"); got != "bearer" {
		t.Errorf("token_type: got %q, want bearer", got)
	}
	if got := r.field(t, "api_url"); got != s.URL {
		t.Errorf("api_url: got %q, want %q", got, s.URL)
	}
	if got := r.field(t, "scope"); got != strings.Join(AllScopes, " ") {
		t.Errorf("scope: got %q, want %q", got, strings.Join(AllScopes, " "))
	}
	if !strings.Contains(r.body, `"expires_in":3599`) {
		t.Errorf("body: got %s, want expires_in 3599", r.body)
	}
	for _, k := range []string{"access_token", "refresh_token"} {
		v := r.field(t, k)
		if n := len(v); n < 600 || n > 800 || strings.Count(v, ".") != 2 {
			t.Errorf("%s: got %d chars with %d dots, want about 700, JWT-shaped", k, n, strings.Count(v, "."))
		}
		if !s.GrantActive(v) {
			t.Errorf("GrantActive(%s): got false, want true", k)
		}
	}
}

func TestCodeExchangeAcceptsQueryParameters(t *testing.T) {
	s := newTestServer(t, Options{})
	q := url.Values{"grant_type": {"authorization_code"}, "code": {authorize(t, s, "demo-client", nil)},
		"redirect_uri": {testRedirect}, "code_verifier": {testVerifier}}
	r := post(t, s, "/oauth/token?"+q.Encode(), "demo-client", "demo-secret", nil)
	if r.status != http.StatusOK {
		t.Errorf("status: got %d %s, want 200", r.status, r.body)
	}
}

func TestCodeExchangeErrors(t *testing.T) {
	tests := []struct {
		name            string
		id, secret      string
		form            url.Values // overrides of a valid exchange
		reuse, expire   bool
		wantErr, reason string
	}{
		{"wrong verifier", "demo-client", "demo-secret", url.Values{"code_verifier": {"wrong"}}, false, false, "invalid_grant", ""},
		{"missing verifier", "demo-client", "demo-secret", url.Values{"code_verifier": nil}, false, false, "invalid_grant", ""},
		{"redirect differs (4709)", "demo-client", "demo-secret", url.Values{"redirect_uri": {"http://127.0.0.1:53683/callback"}}, false, false, "invalid_grant", ""},
		{"unknown code", "demo-client", "demo-secret", url.Values{"code": {"nope"}}, false, false, "invalid_grant", reasonInvalidCode},
		{"code used twice", "demo-client", "demo-secret", nil, true, false, "invalid_grant", reasonInvalidCode},
		{"code expired after 5 min", "demo-client", "demo-secret", nil, false, true, "invalid_grant", reasonInvalidCode},
		{"wrong secret", "demo-client", "nope", nil, false, false, "invalid_client", reasonInvalidClient},
		{"unknown client", "nobody", "x", nil, false, false, "invalid_client", reasonInvalidClient},
		{"confidential without Basic", "", "", url.Values{"client_id": {"demo-client"}}, false, false, "invalid_client", reasonInvalidClient},
		{"code of another client", "nodevice-client", "nodevice-secret", nil, false, false, "invalid_grant", reasonInvalidCode},
		{"unsupported grant type", "demo-client", "demo-secret", url.Values{"grant_type": {"password"}}, false, false, "unsupported_grant_type", reasonGrantType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			s := newTestServer(t, Options{Now: clock.Now})
			form := url.Values{"grant_type": {"authorization_code"}, "code": {authorize(t, s, "demo-client", nil)},
				"redirect_uri": {testRedirect}, "code_verifier": {testVerifier}}
			for k, v := range tt.form {
				form[k] = v
			}
			if tt.reuse {
				if r := exchange(t, s, form.Get("code")); r.status != http.StatusOK {
					t.Fatalf("first use: got %d, want 200", r.status)
				}
			}
			if tt.expire {
				clock.Advance(5*time.Minute + time.Second)
			}
			wantOAuthError(t, post(t, s, "/oauth/token", tt.id, tt.secret, form), tt.wantErr, tt.reason)
		})
	}
}

func TestCodeExpiresAtFiveMinutesNotBefore(t *testing.T) {
	clock := newClock()
	s := newTestServer(t, Options{Now: clock.Now})
	code := authorize(t, s, "demo-client", nil)
	clock.Advance(5*time.Minute - time.Second)
	if r := exchange(t, s, code); r.status != http.StatusOK {
		t.Errorf("status just before 5 min: got %d %s, want 200", r.status, r.body)
	}
}
