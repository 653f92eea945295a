package main

import (
	"flag"
	"io"
	"net/url"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// parseConfig parses args as run does and returns the options and initial faults.
func parseConfig(t *testing.T, args ...string) (zoomtest.Options, []zoomtest.Fault) {
	t.Helper()
	fs := flag.NewFlagSet("zoomfake", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var c config
	c.register(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatalf("parse %q: %v", args, err)
	}
	o, faults, err := c.options(io.Discard)
	if err != nil {
		t.Fatalf("options %q: %v", args, err)
	}
	return o, faults
}

func TestFlagsToOptions(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		check func(t *testing.T, o zoomtest.Options, f []zoomtest.Fault)
	}{
		{"defaults", nil, func(t *testing.T, o zoomtest.Options, f []zoomtest.Fault) {
			want := []zoomtest.Client{
				{ID: "demo-client", Secret: "demo-secret", RedirectURIs: zoomtest.DefaultRedirectURIs, DeviceGrant: true},
				{ID: "demo-public", RedirectURIs: zoomtest.DefaultRedirectURIs, DeviceGrant: true},
				{ID: "nodevice-client", Secret: "nodevice-secret", RedirectURIs: zoomtest.DefaultRedirectURIs},
			}
			if o.Addr != "127.0.0.1:9010" || !reflect.DeepEqual(o.Clients, want) || o.Plan != zoomtest.PlanPro || len(f) != 0 {
				t.Errorf("got addr %s, clients %+v, plan %s, faults %v; want the documented defaults", o.Addr, o.Clients, o.Plan, f)
			}
			if o.AccessTokenTTL != 3599*time.Second || o.RefreshTokenTTL != 90*24*time.Hour || o.CodeTTL != 5*time.Minute ||
				o.DeviceCodeTTL != 900*time.Second || o.DeviceInterval != 5*time.Second || o.RefreshGrace != 0 {
				t.Errorf("got lifetimes %+v, want Zoom's", o)
			}
		}},
		{"clients and repeated redirect URIs", []string{"-client-id", "id1", "-client-secret", "s1", "-public-client-id", "pub1",
			"-redirect-uri", "http://localhost:8080/cb/", "-redirect-uri", "http://127.0.0.1:9/x", "-no-device-grant"},
			func(t *testing.T, o zoomtest.Options, f []zoomtest.Fault) {
				redirects := []string{"http://localhost:8080/cb/", "http://127.0.0.1:9/x"}
				c, p := o.Clients[0], o.Clients[1]
				if c.ID != "id1" || c.Secret != "s1" || p.ID != "pub1" || !p.Public() || c.DeviceGrant || p.DeviceGrant ||
					!reflect.DeepEqual(c.RedirectURIs, redirects) || !reflect.DeepEqual(p.RedirectURIs, redirects) {
					t.Errorf("got clients %+v, want id1/s1 and public pub1 with both redirects and no device grant", o.Clients)
				}
			}},
		{"lifetimes", []string{"-access-ttl", "30s", "-refresh-ttl", "1h", "-refresh-grace", "10s", "-code-ttl", "1m",
			"-device-ttl", "2m", "-device-interval", "1s"}, func(t *testing.T, o zoomtest.Options, f []zoomtest.Fault) {
			if o.AccessTokenTTL != 30*time.Second || o.RefreshTokenTTL != time.Hour || o.RefreshGrace != 10*time.Second ||
				o.CodeTTL != time.Minute || o.DeviceCodeTTL != 2*time.Minute || o.DeviceInterval != time.Second {
				t.Errorf("got %+v, want the lifetimes given", o)
			}
		}},
		{"plan and switches", []string{"-plan", "free", "-recording-range-reject", "-auto-approve", "yuki@example.com", "-auto-deny"},
			func(t *testing.T, o zoomtest.Options, f []zoomtest.Fault) {
				if o.Plan != zoomtest.PlanFree || !o.RecordingRangeReject || o.AutoApprove != "yuki@example.com" || !o.AutoDeny {
					t.Errorf("got %+v, want plan free, range reject, auto-approve yuki, auto-deny", o)
				}
				if o.Shapes != (zoomtest.Shapes{}) {
					t.Errorf("got shapes %+v without -messy, want the tidy ones", o.Shapes)
				}
			}},
		{"messy", []string{"-messy"}, func(t *testing.T, o zoomtest.Options, f []zoomtest.Fault) {
			if o.Shapes != zoomtest.MessyShapes() {
				t.Errorf("got shapes %+v, want MessyShapes", o.Shapes)
			}
		}},
		{"faults", []string{"-latency", "100ms", "-fault", "status:/v2/:1:500", "-fault", "drop_after_commit:/oauth/token:1"},
			func(t *testing.T, o zoomtest.Options, f []zoomtest.Fault) {
				want := []zoomtest.Fault{
					{Kind: zoomtest.FaultLatency, Latency: 100 * time.Millisecond},
					{Kind: zoomtest.FaultStatus, Path: "/v2/", Count: 1, Status: 500},
					{Kind: zoomtest.FaultDropAfterCommit, Path: "/oauth/token", Count: 1},
				}
				if !reflect.DeepEqual(f, want) {
					t.Errorf("got faults %+v, want %+v", f, want)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, f := parseConfig(t, tt.args...)
			tt.check(t, o, f)
		})
	}
}

// TestFlagsTakeEffect starts the command with flags and checks through HTTP that the
// server uses them, then stops it with SIGTERM.
func TestFlagsTakeEffect(t *testing.T) {
	redirect := "http://localhost:8080/cb/"
	z := startZoomfake(t, buildZoomfake(t), "-redirect-uri", redirect, "-no-device-grant",
		"-access-ttl", "30s", "-fault", "html_200:/v2/:1")
	authz := url.Values{"response_type": {"code"}, "client_id": {"demo-client"}, "state": {"s"}, "decision": {"allow"}}
	tests := []struct {
		name, redirect string
		wantStatus     int
	}{
		{"registered redirect", redirect, 302},
		{"without the trailing slash", strings.TrimSuffix(redirect, "/"), 400},
		{"a default redirect no longer registered", "http://127.0.0.1:53682/callback", 400},
	}
	var code string
	for _, tt := range tests {
		authz.Set("redirect_uri", tt.redirect)
		st, loc, _ := call(t, "POST", z.url+"/oauth/authorize", authz, false, "")
		if st != tt.wantStatus {
			t.Errorf("%s: got %d, want %d", tt.name, st, tt.wantStatus)
		}
		if u, err := url.Parse(loc); err == nil && st == 302 {
			code = u.Query().Get("code")
		}
	}
	st, _, body := call(t, "POST", z.url+"/oauth/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"redirect_uri": {redirect}}, true, "")
	m := decode(t, st, body, 200)
	if m["expires_in"] != 30.0 {
		t.Errorf("expires_in: got %v, want 30", m["expires_in"])
	}
	if st, _, body := call(t, "GET", z.url+"/v2/users/me", nil, false, m["access_token"].(string)); st != 200 || !strings.HasPrefix(body, "<!DOCTYPE html>") {
		t.Errorf("first REST call with -fault html_200: got %d %.40q, want 200 with an HTML page", st, body)
	}
	if st, _, body := call(t, "POST", z.url+"/oauth/devicecode", nil, true, ""); st != 400 || !strings.Contains(body, "unauthorized_client") {
		t.Errorf("devicecode with -no-device-grant: got %d %s, want 400 unauthorized_client", st, body)
	}
	z.stopWith(t, syscall.SIGTERM)
}
