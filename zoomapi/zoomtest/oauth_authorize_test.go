package zoomtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func authorizeURL(s *Server, q url.Values) string { return "/oauth/authorize?" + q.Encode() }

func baseAuthz(clientID string) url.Values {
	return url.Values{"response_type": {"code"}, "client_id": {clientID}, "redirect_uri": {testRedirect},
		"state": {"st-1"}, "code_challenge": {s256(testVerifier)}, "code_challenge_method": {"S256"}}
}

func TestAuthorizeBadClientOrRedirectShowsErrorPage(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct{ name, client, redirect string }{
		{"unknown client", "nobody", testRedirect},
		{"trailing slash", "demo-client", testRedirect + "/"},
		{"other port", "demo-client", "http://127.0.0.1:9999/callback"},
		{"localhost for 127.0.0.1", "demo-client", "http://localhost:53682/callback"},
		{"case differs", "demo-client", "http://127.0.0.1:53682/Callback"},
		{"missing", "demo-client", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := baseAuthz(tt.client)
			q.Set("redirect_uri", tt.redirect)
			r := get(t, s, authorizeURL(s, q), "")
			if r.status != http.StatusBadRequest || r.header.Get("Location") != "" {
				t.Errorf("got %d Location %q, want 400 without redirect", r.status, r.header.Get("Location"))
			}
			if !strings.Contains(r.body, "4,700") {
				t.Errorf("body: got %.200q, want it to mention 4,700", r.body)
			}
		})
	}
}

func TestAuthorizeRedirectsRequestErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct {
		name, client string
		set          url.Values
		want         string
	}{
		{"response_type token", "demo-client", url.Values{"response_type": {"token"}}, "unsupported_response_type"},
		{"unknown challenge method", "demo-client", url.Values{"code_challenge_method": {"S512"}}, "invalid_request"},
		{"public client without PKCE", "demo-public", url.Values{"code_challenge": {""}, "code_challenge_method": {""}}, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := baseAuthz(tt.client)
			for k, v := range tt.set {
				q[k] = v
			}
			got := location(t, get(t, s, authorizeURL(s, q), ""))
			if got.Get("error") != tt.want || got.Get("state") != "st-1" {
				t.Errorf("redirect query: got %v, want error=%s and state st-1", got, tt.want)
			}
		})
	}
}

func TestAuthorizeConsentPage(t *testing.T) {
	s := newTestServer(t, Options{})
	q := baseAuthz("demo-client")
	q.Set("scope", "user:read meeting:read") // accepted and ignored, as Zoom may
	r := get(t, s, authorizeURL(s, q), "")
	if r.status != http.StatusOK {
		t.Fatalf("status: got %d, want 200", r.status)
	}
	for _, want := range []string{`method="post"`, `value="allow"`, `value="deny"`, `name="state" value="st-1"`, "alex@example.com"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("consent page: got no %q in %s", want, r.body)
		}
	}
}

func TestAuthorizeDecisions(t *testing.T) {
	tests := []struct {
		name      string
		opts      Options
		post      bool
		decision  string
		wantError string
	}{
		{"form deny", Options{}, true, "deny", "access_denied"},
		{"form allow", Options{}, true, "allow", ""},
		{"auto approve", Options{AutoApprove: "sam@example.com"}, false, "", ""},
		{"auto deny", Options{AutoDeny: true}, false, "", "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, tt.opts)
			q := baseAuthz("demo-client")
			var r reply
			if tt.post {
				q.Set("decision", tt.decision)
				r = post(t, s, "/oauth/authorize", "", "", q)
			} else {
				r = get(t, s, authorizeURL(s, q), "")
			}
			got := location(t, r)
			if got.Get("error") != tt.wantError || got.Get("state") != "st-1" || (got.Get("code") == "") != (tt.wantError != "") {
				t.Errorf("redirect query: got %v, want error %q, state st-1, a code only on success", got, tt.wantError)
			}
		})
	}
}

func TestAuthorizeUnknownUser(t *testing.T) {
	s := newTestServer(t, Options{})
	q := baseAuthz("demo-client")
	q.Set("decision", "allow")
	q.Set("user", "nobody@example.com")
	if r := post(t, s, "/oauth/authorize", "", "", q); r.status != http.StatusBadRequest {
		t.Errorf("status: got %d, want 400", r.status)
	}
}
