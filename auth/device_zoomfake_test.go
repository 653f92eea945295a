package auth

import (
	"context"
	"errors"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// deviceFake is an in-memory fake Zoom with Zoom's own device-grant timing (a 5 s polling
// interval, 15-minute codes). Tests that wait on it run in a testing/synctest bubble, where
// those minutes pass in virtual time: the protocol is tested at its real pace in
// milliseconds.
func deviceFake(t *testing.T, opts zoomtest.Options) *zoomtest.Server {
	t.Helper()
	opts.InMemory = true
	return flowFake(t, opts)
}

// zoomInterval is Zoom's device polling interval, which deviceFake keeps.
const zoomInterval = 5 * time.Second

// bubbleWaitFor waits, in a synctest bubble's virtual time, until cond holds; it fails the
// test after an hour of virtual time (longer than any device code lives).
func bubbleWaitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Hour)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within an hour of virtual time", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// startFakeDevice starts a device sign-in against s.
func startFakeDevice(t *testing.T, s *zoomtest.Server, client, secret string, opts DeviceOptions) *DeviceLogin {
	t.Helper()
	d, err := StartDevice(t.Context(), fakeConfig(s, client, secret), opts)
	if err != nil {
		t.Fatalf("StartDevice: %v", err)
	}
	if d.UserCode == "" || !strings.HasPrefix(d.VerificationURIComplete, s.URL+"/oauth/device/complete/") ||
		d.Interval != zoomInterval || time.Until(d.Expiry) > 15*time.Minute {
		t.Fatalf("device login: got %+v, want the fake's codes, 5 s interval, ≤15 min", d)
	}
	return d
}

// checkPolls checks the fake counted no slow_down and at most ceil(elapsed/interval)+1
// polls: the client never polls faster than the interval. In a bubble, elapsed is exact.
func checkPolls(t *testing.T, s *zoomtest.Server, elapsed time.Duration) {
	t.Helper()
	st := s.Stats()
	if st.SlowDown != 0 {
		t.Errorf("slow_down answers: got %d, want 0", st.SlowDown)
	}
	if limit := int(math.Ceil(elapsed.Seconds()/zoomInterval.Seconds())) + 1; st.DevicePolls > limit {
		t.Errorf("polls: got %d, want ≤ %d for %v at %v", st.DevicePolls, limit, elapsed, zoomInterval)
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
			synctest.Test(t, func(t *testing.T) {
				s := deviceFake(t, zoomtest.Options{})
				d := startFakeDevice(t, s, tt.client, tt.secret, DeviceOptions{})
				s.SetFaults(tt.faults...)
				start := time.Now()
				done := make(chan flowResult, 1)
				go func() { tok, err := d.Wait(t.Context()); done <- flowResult{tok, err} }()
				bubbleWaitFor(t, "polls before the decision", func() bool { return s.Stats().DevicePolls >= tt.afterPolls })
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
		})
	}
}

// TestDeviceZoomFakeToken signs in against a fake listening on a real loopback socket, as
// the app does, rather than in memory (with a 1 s interval: this one waits in real time).
func TestDeviceZoomFakeToken(t *testing.T) {
	t.Parallel()
	s := flowFake(t, zoomtest.Options{DeviceInterval: time.Second})
	d, err := StartDevice(t.Context(), fakeConfig(s, "demo-client", "demo-secret"), DeviceOptions{})
	if err != nil {
		t.Fatalf("StartDevice: %v", err)
	}
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

// TestDeviceZoomFakeExpiry lets a code live out Zoom's 15 minutes unapproved, then renews it
// and approves: the client polls no faster than the interval the whole time.
func TestDeviceZoomFakeExpiry(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		s := deviceFake(t, zoomtest.Options{})
		start := time.Now()
		d := startFakeDevice(t, s, "demo-client", "demo-secret", DeviceOptions{})
		if _, err := d.Wait(t.Context()); !errors.Is(err, ErrDeviceCodeExpired) || !errors.Is(err, ErrExpired) {
			t.Fatalf("Wait: got %v, want ErrDeviceCodeExpired", err)
		}
		if lived := time.Since(start); lived < 15*time.Minute || lived > 15*time.Minute+2*zoomInterval {
			t.Errorf("the code was given up after %v, want Zoom's 15 minutes", lived)
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
		checkPolls(t, s, time.Since(start))
	})
}

// TestDeviceZoomFakeExpiredAtServer moves the fake's clock past the code's life, so the
// server answers expired_token before the client's own clock says so.
func TestDeviceZoomFakeExpiredAtServer(t *testing.T) {
	t.Parallel()
	synctest.Test(t, testDeviceZoomFakeExpiredAtServer)
}

func testDeviceZoomFakeExpiredAtServer(t *testing.T) {
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
	if want := []time.Duration{5250 * time.Millisecond, 5250 * time.Millisecond, 10250 * time.Millisecond}; len(waits) != 3 || waits[2] != want[2] {
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
	synctest.Test(t, func(t *testing.T) {
		s := deviceFake(t, zoomtest.Options{})
		d := startFakeDevice(t, s, "demo-client", "demo-secret", DeviceOptions{})
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan error, 1)
		go func() { _, err := d.Wait(ctx); done <- err }()
		bubbleWaitFor(t, "a poll", func() bool { return s.Stats().DevicePolls >= 1 })
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("Wait: got %v, want context.Canceled", err)
		}
	})
}
