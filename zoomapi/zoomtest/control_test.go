package zoomtest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestTokenLifetimesSwitch changes the token lifetimes at run time, through the Go API and
// POST /_zoomfake/lifetimes, and checks new tokens get them and old ones keep theirs.
func TestTokenLifetimesSwitch(t *testing.T) {
	tests := []struct {
		name        string
		set         func(t *testing.T, s *Server)
		wantAccess  time.Duration
		wantRefresh time.Duration
	}{
		{"go api", func(t *testing.T, s *Server) { s.SetTokenLifetimes(30*time.Second, time.Hour) }, 30 * time.Second, time.Hour},
		{"go api zero keeps", func(t *testing.T, s *Server) { s.SetTokenLifetimes(0, time.Hour) }, 3599 * time.Second, time.Hour},
		{"control api", func(t *testing.T, s *Server) {
			if r := postJSON(t, s, "/_zoomfake/lifetimes", `{"access_token_ttl":"45s","refresh_token_ttl":"2h"}`); r.status != http.StatusOK {
				t.Fatalf("POST lifetimes: got %d %s, want 200", r.status, r.body)
			}
		}, 45 * time.Second, 2 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			s := newTestServer(t, Options{Now: clock.Now})
			oldAT, _, err := s.IssueToken("demo-client", "jonas@example.com")
			if err != nil {
				t.Fatal(err)
			}
			tt.set(t, s)
			r := exchange(t, s, authorize(t, s, "demo-client", nil))
			var tok struct {
				AccessToken  string `json:"access_token"`
				RefreshToken string `json:"refresh_token"`
				ExpiresIn    int    `json:"expires_in"`
			}
			if err := json.Unmarshal([]byte(r.body), &tok); err != nil || tok.ExpiresIn != int(tt.wantAccess/time.Second) {
				t.Errorf("token response: got expires_in %d (%v), want %d", tok.ExpiresIn, err, int(tt.wantAccess/time.Second))
			}
			at, rt := tok.AccessToken, tok.RefreshToken
			if a, rf := s.TokenLifetimes(); a != tt.wantAccess || rf != tt.wantRefresh {
				t.Errorf("TokenLifetimes: got %v %v, want %v %v", a, rf, tt.wantAccess, tt.wantRefresh)
			}
			clock.Advance(tt.wantAccess - time.Second)
			if !s.GrantActive(at) || !s.GrantActive(oldAT) {
				t.Error("access tokens dead a second before the new lifetime, want alive")
			}
			clock.Advance(time.Second)
			if s.GrantActive(at) {
				t.Errorf("access token alive after %v, want expired", tt.wantAccess)
			}
			if tt.wantAccess < 3599*time.Second && !s.GrantActive(oldAT) {
				t.Error("token issued before the switch expired with the new lifetime, want its own")
			}
			clock.Advance(tt.wantRefresh - tt.wantAccess)
			if s.GrantActive(rt) {
				t.Errorf("refresh token alive after %v, want expired", tt.wantRefresh)
			}
		})
	}
}

func TestLifetimesControlErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	for _, body := range []string{`{`, `{"access_token_ttl":"soon"}`, `{"refresh_token_ttl":"-1h"}`} {
		if r := postJSON(t, s, "/_zoomfake/lifetimes", body); r.status != http.StatusBadRequest {
			t.Errorf("POST %s: got %d, want 400", body, r.status)
		}
	}
	if r := get(t, s, "/_zoomfake/lifetimes", ""); r.field(t, "access_token_ttl") != "59m59s" || r.field(t, "refresh_token_ttl") != "2160h0m0s" {
		t.Errorf("GET lifetimes: got %s, want the defaults unchanged", r.body)
	}
}

// postJSON posts a JSON body to path.
func postJSON(t *testing.T, s *Server, path, body string) reply {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}
