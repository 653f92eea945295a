package auth

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// deviceClock is a DeviceOptions clock: after advances it at once and records the wait.
type deviceClock struct {
	mu    sync.Mutex // guards now and waits
	now   time.Time
	waits []time.Duration
}

func newDeviceClock() *deviceClock {
	return &deviceClock{now: time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC)}
}

func (c *deviceClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *deviceClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.waits = append(c.waits, d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func (c *deviceClock) Waits() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.waits)
}

func (c *deviceClock) options() DeviceOptions { return DeviceOptions{now: c.Now, after: c.After} }

// scriptedZoom is a token server that answers device requests from a script. An answer is
// "STATUS BODY", or "reset" to drop the connection.
type scriptedZoom struct {
	*httptest.Server
	mu      sync.Mutex // guards the fields below
	device  string     // answer of /oauth/devicecode
	polls   []string   // answers of /oauth/token, in order; the last repeats
	reqs    []*http.Request
	forms   []url.Values
	npolled int
}

const deviceOK = `200 {"device_code":"dc-1","user_code":"abcd1234","verification_uri":"https://zoom.us/oauth_device","verification_uri_complete":"https://zoom.us/oauth/device/complete/x","expires_in":900,"interval":5}`

const tokenOK = `200 {"access_token":"at-1","token_type":"bearer","refresh_token":"rt-1","expires_in":3599,"scope":"user:read","api_url":"https://api.zoom.us"}`

func newScriptedZoom(t *testing.T, device string, polls ...string) *scriptedZoom {
	t.Helper()
	s := &scriptedZoom{device: device, polls: polls}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *scriptedZoom) serve(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	s.mu.Lock()
	s.reqs, s.forms = append(s.reqs, r), append(s.forms, r.PostForm)
	answer := s.device
	if r.URL.Path == "/oauth/token" {
		answer = s.polls[min(s.npolled, len(s.polls)-1)]
		s.npolled++
	}
	s.mu.Unlock()
	if answer == "reset" {
		conn, _, _ := w.(http.Hijacker).Hijack()
		_ = conn.Close()
		return
	}
	var status int
	var body string
	_, _ = fmt.Sscanf(answer, "%d", &status)
	body = answer[strings.IndexByte(answer, ' ')+1:]
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

func (s *scriptedZoom) polled() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.npolled
}

func (s *scriptedZoom) config(public bool) Config {
	cfg := Config{ClientID: "demo-client", ClientSecret: "demo-secret", OAuthURL: s.URL}
	if public {
		cfg.ClientID, cfg.ClientSecret = "demo-public", ""
	}
	return cfg
}

// TestDevicePublicClient: Zoom documents the device grant only with the client secret, so
// a public (PKCE-only) client reports it unavailable, with the reason, without asking.
func TestDevicePublicClient(t *testing.T) {
	s := newScriptedZoom(t, deviceOK, tokenOK)
	_, err := StartDevice(t.Context(), s.config(true), newDeviceClock().options())
	if !errors.Is(err, ErrDeviceGrantUnavailable) || !errors.Is(err, ErrPublicClient) {
		t.Errorf("StartDevice(public) = %v, want ErrDeviceGrantUnavailable and ErrPublicClient", err)
	}
	if len(s.reqs) != 0 {
		t.Errorf("sent %d requests, want none", len(s.reqs))
	}
}

func TestDeviceClientAuth(t *testing.T) {
	for _, public := range []bool{false} {
		t.Run(fmt.Sprint("public=", public), func(t *testing.T) {
			s := newScriptedZoom(t, deviceOK, tokenOK)
			cfg := s.config(public)
			d, err := StartDevice(t.Context(), cfg, newDeviceClock().options())
			if err != nil {
				t.Fatalf("StartDevice: %v", err)
			}
			if _, err := d.Wait(t.Context()); err != nil {
				t.Fatalf("Wait: %v", err)
			}
			wantAuth := ""
			if !public {
				wantAuth = "Basic " + base64.StdEncoding.EncodeToString([]byte("demo-client:demo-secret"))
			}
			for i, r := range s.reqs {
				if got := r.Header.Get("Authorization"); got != wantAuth {
					t.Errorf("request %d Authorization: got %q, want %q", i, got, wantAuth)
				}
				if got := s.forms[i].Get("client_id"); got != cfg.ClientID {
					t.Errorf("request %d client_id: got %q, want %q", i, got, cfg.ClientID)
				}
				if s.forms[i].Has("client_secret") {
					t.Errorf("request %d sends client_secret in the body", i)
				}
			}
			if got, want := s.forms[1].Get("grant_type"), deviceGrantType; got != want {
				t.Errorf("grant_type: got %q, want %q", got, want)
			}
			if got, want := s.forms[1].Get("device_code"), "dc-1"; got != want {
				t.Errorf("device_code: got %q, want %q", got, want)
			}
		})
	}
}

func TestDevicePollSchedule(t *testing.T) {
	const pending = `400 {"reason":"pending","error":"authorization_pending"}`
	const slow = `400 {"reason":"slow","error":"slow_down"}`
	ms := time.Millisecond
	tests := []struct {
		name      string
		device    string
		polls     []string
		wantWaits []time.Duration
		wantErr   error // nil: want a token
	}{
		{"approved at once", deviceOK, []string{tokenOK}, []time.Duration{5250 * ms}, nil},
		{"pending then approved", deviceOK, []string{pending, pending, tokenOK}, []time.Duration{5250 * ms, 5250 * ms, 5250 * ms}, nil},
		{"slow_down adds 5 s for good", deviceOK, []string{slow, pending, slow, tokenOK}, []time.Duration{5250 * ms, 10250 * ms, 10250 * ms, 15250 * ms}, nil},
		{"5xx and resets are retried", deviceOK, []string{`503 {"code":503,"message":"Service Unavailable"}`, "reset", `502 <html>`, tokenOK}, []time.Duration{5250 * ms, 5250 * ms, 5250 * ms, 5250 * ms}, nil},
		{"denied", deviceOK, []string{pending, `400 {"reason":"denied","error":"access_denied"}`}, []time.Duration{5250 * ms, 5250 * ms}, ErrAccessDenied},
		{"expired at the server", deviceOK, []string{`400 {"reason":"expired","error":"expired_token"}`}, []time.Duration{5250 * ms}, ErrDeviceCodeExpired},
		{"expired locally", strings.Replace(deviceOK, `"expires_in":900`, `"expires_in":12`, 1), []string{pending},
			[]time.Duration{5250 * ms, 5250 * ms, 1500 * ms}, ErrDeviceCodeExpired},
		{"invalid grant", deviceOK, []string{`400 {"reason":"Invalid Token!","error":"invalid_grant"}`}, []time.Duration{5250 * ms}, ErrInvalidGrant},
		{"default interval", strings.Replace(deviceOK, `,"interval":5`, ``, 1), []string{tokenOK}, []time.Duration{5250 * ms}, nil},
		{"fractional interval", strings.Replace(deviceOK, `"interval":5`, `"interval":1`, 1), []string{pending, tokenOK}, []time.Duration{1250 * ms, 1250 * ms}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScriptedZoom(t, tt.device, tt.polls...)
			clock := newDeviceClock()
			d, err := StartDevice(t.Context(), s.config(false), clock.options())
			if err != nil {
				t.Fatalf("StartDevice: %v", err)
			}
			tok, err := d.Wait(t.Context())
			checkFlowResult(t, tok, err, tt.wantErr)
			if tt.wantErr == nil && (tok == nil || tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || tok.Extra("api_url") != "https://api.zoom.us") {
				t.Errorf("token: got %+v, want at-1/rt-1 with api_url", tok)
			}
			if got := clock.Waits(); !slices.Equal(got, tt.wantWaits) {
				t.Errorf("waits: got %v, want %v", got, tt.wantWaits)
			}
		})
	}
}

func TestDeviceMargin(t *testing.T) {
	tests := []struct {
		margin, want time.Duration
	}{{0, 5250 * time.Millisecond}, {time.Second, 6 * time.Second}, {-1, 5 * time.Second}}
	for _, tt := range tests {
		s := newScriptedZoom(t, deviceOK, tokenOK)
		clock := newDeviceClock()
		opts := clock.options()
		opts.Margin = tt.margin
		d, err := StartDevice(t.Context(), s.config(false), opts)
		if err != nil {
			t.Fatalf("StartDevice: %v", err)
		}
		if _, err := d.Wait(t.Context()); err != nil {
			t.Fatalf("Wait: %v", err)
		}
		if got := clock.Waits(); len(got) != 1 || got[0] != tt.want {
			t.Errorf("margin %v: waits got %v, want [%v]", tt.margin, got, tt.want)
		}
		d2, err := d.Renew(t.Context())
		if err != nil {
			t.Fatalf("Renew: %v", err)
		}
		if got, want := d2.opts.Margin, d.opts.Margin; got != want {
			t.Errorf("margin %v after Renew: got %v, want %v", tt.margin, got, want)
		}
	}
}

func TestDeviceStartErrors(t *testing.T) {
	tests := []struct {
		name        string
		answer      string
		unavailable bool
		want        error // also matched, when not nil
	}{
		{"unauthorized_client", `400 {"reason":"Device grant is not enabled","error":"unauthorized_client"}`, true, nil},
		{"unsupported_grant_type", `400 {"reason":"unsupported grant type","error":"unsupported_grant_type"}`, true, nil},
		{"404 page", `404 <html>not found</html>`, true, nil},
		{"wrong secret", `400 {"reason":"Invalid client_id or client_secret","error":"invalid_client"}`, false, ErrInvalidClient},
		{"401 wrong secret", `401 {"reason":"Invalid client_id or client_secret","error":"invalid_client"}`, false, ErrInvalidClient},
		{"server error", `500 <html>oops</html>`, false, nil},
		{"not JSON", `200 <html>login</html>`, false, nil},
		{"no user code", `200 {"device_code":"d","verification_uri":"https://zoom.us/oauth_device"}`, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newScriptedZoom(t, tt.answer, tokenOK)
			_, err := StartDevice(t.Context(), s.config(false), DeviceOptions{})
			if err == nil {
				t.Fatalf("StartDevice: got nil error, want one")
			}
			if got := errors.Is(err, ErrDeviceGrantUnavailable); got != tt.unavailable {
				t.Errorf("errors.Is(%v, ErrDeviceGrantUnavailable): got %v, want %v", err, got, tt.unavailable)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error: got %v, want %v", err, tt.want)
			}
			if strings.Contains(err.Error(), "<html>") {
				t.Errorf("error %q quotes the response body", err)
			}
		})
	}
}

func TestDeviceCancel(t *testing.T) {
	s := newScriptedZoom(t, deviceOK, `400 {"error":"authorization_pending"}`)
	d, err := StartDevice(t.Context(), s.config(false), DeviceOptions{})
	if err != nil {
		t.Fatalf("StartDevice: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := d.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait: got %v, want context.Canceled", err)
	}
	if got := s.polled(); got != 0 {
		t.Errorf("polls after cancellation: got %d, want 0", got)
	}
}

func TestDecodeDeviceResponse(t *testing.T) {
	now := newDeviceClock().Now()
	tests := []struct {
		name, body   string
		wantErr      bool
		wantInterval time.Duration
		wantLife     time.Duration
		wantComplete string
	}{
		{"zoom", deviceOK[4:], false, 5 * time.Second, 900 * time.Second, "https://zoom.us/oauth/device/complete/x"},
		{"string numbers", `{"device_code":"d","user_code":"u","verification_uri":"https://x/y","expires_in":"60","interval":"2"}`, false, 2 * time.Second, time.Minute, ""},
		{"verification_url spelling", `{"device_code":"d","user_code":"u","verification_url":"https://x/y"}`, false, 5 * time.Second, 900 * time.Second, ""},
		{"huge values clamped", `{"device_code":"d","user_code":"u","verification_uri":"https://x/y","expires_in":1e300,"interval":1e300}`, false, maxDeviceInterval, maxDeviceLifetime, ""},
		{"tiny interval raised", `{"device_code":"d","user_code":"u","verification_uri":"https://x/y","interval":0.001}`, false, time.Second, 900 * time.Second, ""},
		{"negative values", `{"device_code":"d","user_code":"u","verification_uri":"https://x/y","expires_in":-5,"interval":-5}`, false, 5 * time.Second, 900 * time.Second, ""},
		{"bad complete URI dropped", `{"device_code":"d","user_code":"u","verification_uri":"https://x/y","verification_uri_complete":"javascript:alert(1)"}`, false, 5 * time.Second, 900 * time.Second, ""},
		{"javascript URI", `{"device_code":"d","user_code":"u","verification_uri":"javascript:alert(1)"}`, true, 0, 0, ""},
		{"no device code", `{"user_code":"u","verification_uri":"https://x/y"}`, true, 0, 0, ""},
		{"not JSON", `<html>`, true, 0, 0, ""},
		{"array", `[]`, true, 0, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeDeviceResponse([]byte(tt.body), now)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got.Interval != tt.wantInterval || got.Expiry.Sub(now) != tt.wantLife || got.VerificationURIComplete != tt.wantComplete {
				t.Errorf("got interval %v, life %v, complete %q; want %v, %v, %q",
					got.Interval, got.Expiry.Sub(now), got.VerificationURIComplete, tt.wantInterval, tt.wantLife, tt.wantComplete)
			}
		})
	}
}
