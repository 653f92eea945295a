package zoomtest

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// startDevice requests a device code as the demo client.
func startDevice(t *testing.T, s *Server) (deviceCode, userCode string) {
	t.Helper()
	r := post(t, s, "/oauth/devicecode", "demo-client", "demo-secret", url.Values{"client_id": {"demo-client"}})
	if r.status != http.StatusOK {
		t.Fatalf("devicecode: got %d %s, want 200", r.status, r.body)
	}
	return r.field(t, "device_code"), r.field(t, "user_code")
}

// poll polls the token endpoint for deviceCode with grantType.
func poll(t *testing.T, s *Server, deviceCode string) reply {
	t.Helper()
	return post(t, s, "/oauth/token", "demo-client", "demo-secret",
		url.Values{"grant_type": {deviceGrantURN}, "device_code": {deviceCode}})
}

func TestDeviceCodeResponse(t *testing.T) {
	s := newTestServer(t, Options{})
	r := post(t, s, "/oauth/devicecode", "demo-client", "demo-secret", nil)
	uc := r.field(t, "user_code")
	if !regexp.MustCompile(`^[a-z0-9]{8}$`).MatchString(uc) {
		t.Errorf("user_code: got %q, want 8 lowercase letters and digits", uc)
	}
	if got, want := r.field(t, "verification_uri"), s.URL+"/oauth_device"; got != want {
		t.Errorf("verification_uri: got %q, want %q", got, want)
	}
	if got, want := r.field(t, "verification_uri_complete"), s.URL+"/oauth/device/complete/"+uc; got != want {
		t.Errorf("verification_uri_complete: got %q, want %q", got, want)
	}
	for _, want := range []string{`"expires_in":900`, `"interval":5`} {
		if !strings.Contains(r.body, want) {
			t.Errorf("body: got %s, want %s", r.body, want)
		}
	}
}

func TestDeviceCodeRequestErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct {
		name, id, secret string
		form             url.Values
		wantErr          string
	}{
		{"device grant not enabled", "nodevice-client", "nodevice-secret", nil, "unauthorized_client"},
		// Zoom documents the device grant only with the client secret.
		{"public client", "", "", url.Values{"client_id": {"demo-public"}}, "unauthorized_client"},
		{"bad secret", "demo-client", "x", nil, "invalid_client"},
		{"client_id param differs from Basic", "demo-client", "demo-secret", url.Values{"client_id": {"demo-public"}}, "invalid_client"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wantOAuthError(t, post(t, s, "/oauth/devicecode", tt.id, tt.secret, tt.form), tt.wantErr, "")
		})
	}
}

func TestDeviceFlowStates(t *testing.T) {
	tests := []struct {
		name    string
		approve func(t *testing.T, s *Server, userCode string)
		wantErr string
	}{
		{"approved by form", func(t *testing.T, s *Server, uc string) {
			r := post(t, s, "/oauth_device", "", "", url.Values{"user_code": {uc}, "decision": {"allow"}, "user": {"sam@example.com"}})
			if r.status != http.StatusOK || !strings.Contains(r.body, "Device approved") {
				t.Errorf("approve: got %d %s, want 200 Device approved", r.status, r.body)
			}
		}, ""},
		{"denied by form", func(t *testing.T, s *Server, uc string) {
			post(t, s, "/oauth_device", "", "", url.Values{"user_code": {uc}, "decision": {"deny"}})
		}, "access_denied"},
		{"approved by ApproveDevice", func(t *testing.T, s *Server, uc string) {
			if err := s.ApproveDevice(strings.ToUpper(uc), "", true); err != nil {
				t.Errorf("ApproveDevice: got %v, want nil", err)
			}
		}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newClock()
			s := newTestServer(t, Options{Now: clock.Now})
			dc, uc := startDevice(t, s)
			wantOAuthError(t, poll(t, s, dc), "authorization_pending", "")
			wantOAuthError(t, poll(t, s, dc), "slow_down", "")
			clock.Advance(10 * time.Second) // interval 5 s + 5 s after slow_down
			wantOAuthError(t, poll(t, s, dc), "authorization_pending", "")
			tt.approve(t, s, uc)
			clock.Advance(10 * time.Second)
			r := poll(t, s, dc)
			if tt.wantErr != "" {
				wantOAuthError(t, r, tt.wantErr, "")
				return
			}
			if r.status != http.StatusOK {
				t.Fatalf("poll after approval: got %d %s, want 200", r.status, r.body)
			}
			checkTokenResponse(t, s, r)
			if r := refreshWith(t, s, r.field(t, "refresh_token")); r.status != http.StatusOK {
				t.Errorf("refresh of a device token: got %d, want 200", r.status)
			}
			clock.Advance(10 * time.Second)
			wantOAuthError(t, poll(t, s, dc), "invalid_grant", "") // spent
			st := s.Stats()
			if st.DevicePolls != 5 || st.SlowDown != 1 || st.TokenGrants[deviceGrantURN] != 1 {
				t.Errorf("stats: got polls %d slow_down %d grants %v, want 5, 1, one device grant", st.DevicePolls, st.SlowDown, st.TokenGrants)
			}
		})
	}
}

func TestDeviceSlowDownGrowsInterval(t *testing.T) {
	clock := newClock()
	s := newTestServer(t, Options{Now: clock.Now})
	dc, _ := startDevice(t, s)
	poll(t, s, dc)
	clock.Advance(4 * time.Second)
	wantOAuthError(t, poll(t, s, dc), "slow_down", "")
	clock.Advance(5 * time.Second) // the old interval no longer suffices (RFC 8628 §3.5)
	wantOAuthError(t, poll(t, s, dc), "slow_down", "")
}

func TestDeviceCodeExpires(t *testing.T) {
	clock := newClock()
	s := newTestServer(t, Options{Now: clock.Now})
	dc, uc := startDevice(t, s)
	clock.Advance(900 * time.Second)
	if err := s.ApproveDevice(uc, "", true); !errors.Is(err, ErrUnknownUserCode) {
		t.Errorf("ApproveDevice after expiry: got %v, want ErrUnknownUserCode", err)
	}
	wantOAuthError(t, poll(t, s, dc), "expired_token", "")
}

func TestDeviceAuthGrantTypeAlias(t *testing.T) {
	s := newTestServer(t, Options{})
	dc, uc := startDevice(t, s)
	if err := s.ApproveDevice(uc, "alex@example.com", true); err != nil {
		t.Fatal(err)
	}
	r := post(t, s, "/oauth/token", "demo-client", "demo-secret", url.Values{"grant_type": {"device_auth"}, "device_code": {dc}})
	if r.status != http.StatusOK {
		t.Errorf("device_auth: got %d %s, want 200", r.status, r.body)
	}
}

func TestDevicePages(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		path     func(uc string) string
		wantBody string
		wantDone bool
	}{
		{"code entry", Options{}, func(string) string { return "/oauth_device" }, `name="user_code"`, false},
		{"complete link", Options{}, func(uc string) string { return "/oauth/device/complete/" + uc }, `value="allow"`, false},
		{"complete link auto-approves", Options{AutoApprove: "alex@example.com"}, func(uc string) string { return "/oauth/device/complete/" + uc }, "Device approved", true},
		{"complete link auto-denies", Options{AutoDeny: true}, func(uc string) string { return "/oauth/device/complete/" + uc }, "Device denied", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, tt.opts)
			dc, uc := startDevice(t, s)
			r := get(t, s, tt.path(uc), "")
			if r.status != http.StatusOK || !strings.Contains(r.body, tt.wantBody) {
				t.Errorf("page: got %d %s, want 200 with %q", r.status, r.body, tt.wantBody)
			}
			got := poll(t, s, dc)
			if done := got.field(t, "error") != "authorization_pending"; done != tt.wantDone {
				t.Errorf("decided: got %v (%s), want %v", done, got.body, tt.wantDone)
			}
		})
	}
}

func TestDeviceDecisionUnknownCode(t *testing.T) {
	s := newTestServer(t, Options{})
	r := post(t, s, "/oauth_device", "", "", url.Values{"user_code": {"zzzzzzzz"}, "decision": {"allow"}})
	if r.status != http.StatusBadRequest {
		t.Errorf("status: got %d, want 400", r.status)
	}
	if err := s.ApproveDevice("zzzzzzzz", "nobody@example.com", true); !errors.Is(err, ErrUnknownUser) {
		t.Errorf("ApproveDevice unknown user: got %v, want ErrUnknownUser", err)
	}
}
