package auth

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// deviceFake is a fake Zoom with a 1 s polling interval, so the device tests run in
// seconds on the real clock.
func deviceFake(t *testing.T, opts zoomtest.Options) *zoomtest.Server {
	t.Helper()
	opts.DeviceInterval = time.Second
	return flowFake(t, opts)
}

// startFakeDevice starts a device sign-in against s.
func startFakeDevice(t *testing.T, s *zoomtest.Server, client, secret string, opts DeviceOptions) *DeviceLogin {
	t.Helper()
	d, err := StartDevice(t.Context(), fakeConfig(s, client, secret), opts)
	if err != nil {
		t.Fatalf("StartDevice: %v", err)
	}
	if d.UserCode == "" || !strings.HasPrefix(d.VerificationURIComplete, s.URL+"/oauth/device/complete/") ||
		d.Interval != time.Second || time.Until(d.Expiry) > 15*time.Minute {
		t.Fatalf("device login: got %+v, want the fake's codes, 1 s interval, ≤15 min", d)
	}
	return d
}

// checkPolls checks the fake counted no slow_down and at most ceil(elapsed/interval)+1
// polls: the client never polls faster than the interval.
func checkPolls(t *testing.T, s *zoomtest.Server, elapsed time.Duration) {
	t.Helper()
	st := s.Stats()
	if st.SlowDown != 0 {
		t.Errorf("slow_down answers: got %d, want 0", st.SlowDown)
	}
	if limit := int(math.Ceil(elapsed.Seconds())) + 1; st.DevicePolls > limit {
		t.Errorf("polls: got %d, want ≤ %d for %v at 1 s", st.DevicePolls, limit, elapsed)
	}
}

func TestDeviceZoomFake(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, client, secret string
		afterPolls           int  // approve or deny once the fake counted this many polls
		allow                bool // the user's decision
		faults               []zoomtest.Fault
		wantErr              error // nil: want a token
	}{
		{"approve at once, confidential", "demo-client", "demo-secret", 0, true, nil, nil},
		{"approve after two polls", "demo-client", "demo-secret", 2, true, nil, nil},
		{"deny", "demo-client", "demo-secret", 1, false, nil, ErrAccessDenied},
		{"5xx and reset blips", "demo-client", "demo-secret", 0, true, []zoomtest.Fault{
			{Kind: zoomtest.FaultStatus, Path: "/oauth/token", Status: 503, Count: 1},
			{Kind: zoomtest.FaultReset, Path: "/oauth/token", Count: 1}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := deviceFake(t, zoomtest.Options{})
			d := startFakeDevice(t, s, tt.client, tt.secret, DeviceOptions{})
			s.SetFaults(tt.faults...)
			start := time.Now()
			done := make(chan flowResult, 1)
			go func() { tok, err := d.Wait(t.Context()); done <- flowResult{tok, err} }()
			flowWaitFor(t, func() bool { return s.Stats().DevicePolls >= tt.afterPolls })
			if err := s.ApproveDevice(d.UserCode, "alex@example.com", tt.allow); err != nil {
				t.Fatalf("ApproveDevice: %v", err)
			}
			r := <-done
			checkFlowResult(t, r.tok, r.err, tt.wantErr)
			checkPolls(t, s, time.Since(start))
			if got := s.Stats().TokenGrants[deviceGrantType] + s.Stats().TokenGrants["device_code"]; tt.wantErr == nil && got != 1 {
				t.Errorf("device grants: got %v, want 1", s.Stats().TokenGrants)
			}
		})
	}
}

func TestDeviceZoomFakeToken(t *testing.T) {
	t.Parallel()
	s := deviceFake(t, zoomtest.Options{})
	d := startFakeDevice(t, s, "demo-client", "demo-secret", DeviceOptions{})
	if err := s.ApproveDevice(d.UserCode, "alex@example.com", true); err != nil {
		t.Fatalf("ApproveDevice: %v", err)
	}
	tok, err := d.Wait(t.Context())
	if err != nil {
		t.Fatalf("Wait: %v", err)
	}
	if !s.GrantActive(tok.AccessToken) || !s.GrantActive(tok.RefreshToken) || tok.Extra("api_url") != s.URL {
		t.Errorf("token not an active grant of the fake with its api_url")
	}
}

// TestDeviceZoomFakeExpiry lets a 2 s code expire, then renews it and approves.
func TestDeviceZoomFakeExpiry(t *testing.T) {
	t.Parallel()
	s := deviceFake(t, zoomtest.Options{DeviceCodeTTL: 2 * time.Second})
	d := startFakeDevice(t, s, "demo-client", "demo-secret", DeviceOptions{})
	if _, err := d.Wait(t.Context()); !errors.Is(err, ErrDeviceCodeExpired) || !errors.Is(err, ErrExpired) {
		t.Fatalf("Wait: got %v, want ErrDeviceCodeExpired", err)
	}
	d2, err := d.Renew(t.Context())
	if err != nil {
		t.Fatalf("Renew: %v", err)
	}
	if d2.UserCode == d.UserCode || d2.deviceCode == d.deviceCode {
		t.Errorf("Renew returned the old codes")
	}
	if err := s.ApproveDevice(d2.UserCode, "alex@example.com", true); err != nil {
		t.Fatalf("ApproveDevice: %v", err)
	}
	if _, err := d2.Wait(t.Context()); err != nil {
		t.Errorf("Wait after Renew: %v", err)
	}
	checkPolls(t, s, 4*time.Second)
}

// TestDeviceZoomFakeExpiredAtServer moves the fake's clock past the code's life, so the
// server answers expired_token before the client's own clock says so.
func TestDeviceZoomFakeExpiredAtServer(t *testing.T) {
	t.Parallel()
	var skew atomic.Int64
	s := deviceFake(t, zoomtest.Options{Now: func() time.Time { return time.Now().Add(time.Duration(skew.Load())) }})
	d := startFakeDevice(t, s, "demo-client", "demo-secret", DeviceOptions{})
	skew.Store(int64(time.Hour))
	if _, err := d.Wait(t.Context()); !errors.Is(err, ErrDeviceCodeExpired) {
		t.Errorf("Wait: got %v, want ErrDeviceCodeExpired", err)
	}
	if got := s.Stats().DevicePolls; got != 1 {
		t.Errorf("polls: got %d, want 1", got)
	}
}

// TestDeviceZoomFakeSlowDown polls too early through the clock seam: the fake answers
// slow_down and the next wait must be 5 s longer, for good.
func TestDeviceZoomFakeSlowDown(t *testing.T) {
	s := deviceFake(t, zoomtest.Options{})
	var mu sync.Mutex // guards waits
	var waits []time.Duration
	ctx, cancel := context.WithCancel(t.Context())
	after := func(d time.Duration) <-chan time.Time {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
		ch := make(chan time.Time, 1)
		switch len(waits) {
		case 1, 2:
			ch <- time.Now() // poll at once: the second poll is too early
		default:
			cancel() // the wait after slow_down is what the test looks at
		}
		return ch
	}
	d := startFakeDevice(t, s, "demo-client", "demo-secret", DeviceOptions{after: after})
	if _, err := d.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Wait: got %v, want context.Canceled", err)
	}
	mu.Lock()
	defer mu.Unlock()
	if want := []time.Duration{1250 * time.Millisecond, 1250 * time.Millisecond, 6250 * time.Millisecond}; len(waits) != 3 || waits[2] != want[2] {
		t.Errorf("waits: got %v, want %v", waits, want)
	}
	if st := s.Stats(); st.SlowDown != 1 || st.DevicePolls != 2 {
		t.Errorf("fake counted %d slow_down in %d polls, want 1 in 2", st.SlowDown, st.DevicePolls)
	}
}

func TestDeviceZoomFakeStartErrors(t *testing.T) {
	tests := []struct {
		name, client, secret string
		unavailable          bool
		want                 error
	}{
		{"no device grant", "nodevice-client", "nodevice-secret", true, nil},
		{"wrong secret", "demo-client", "wrong", false, ErrInvalidClient},
		{"unknown client", "nobody", "x", false, ErrInvalidClient},
		{"public client", "demo-public", "", true, ErrPublicClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := deviceFake(t, zoomtest.Options{})
			_, err := StartDevice(t.Context(), fakeConfig(s, tt.client, tt.secret), DeviceOptions{})
			if got := errors.Is(err, ErrDeviceGrantUnavailable); err == nil || got != tt.unavailable {
				t.Errorf("StartDevice: got %v (unavailable %v), want unavailable %v", err, got, tt.unavailable)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("StartDevice: got %v, want %v", err, tt.want)
			}
		})
	}
}

func TestDeviceZoomFakeCancel(t *testing.T) {
	t.Parallel()
	s := deviceFake(t, zoomtest.Options{})
	d := startFakeDevice(t, s, "demo-client", "demo-secret", DeviceOptions{})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { _, err := d.Wait(ctx); done <- err }()
	flowWaitFor(t, func() bool { return s.Stats().DevicePolls >= 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Wait: got %v, want context.Canceled", err)
	}
}
