package auth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// leakMark stands for token material a bad answer might carry; it must never reach an error.
const leakMark = "secret-in-body-7f3a"

// Bad 200 answers of the fault matrix (zoomtest FaultHTML200, FaultMalformedJSON, FaultCode200).
var badAnswers = []struct {
	name, contentType, body string
	wantAnswer              Answer
	wantZoomCode            int
}{
	{"html 200", "text/html;charset=utf-8", "\n <!DOCTYPE html><html><body>Sign in " + leakMark + "</body></html>", AnswerHTML, 0},
	{"bad json", "application/json;charset=UTF-8", `{"code":0,"id":"trunc` + leakMark, AnswerMalformed, 0},
	{"code 200", "application/json;charset=UTF-8", `{"code":200,"message":"Only available for Paid account."}`, AnswerZoomError, 200},
	{"no token", "application/json", `{"token_type":"bearer","refresh_token":"` + leakMark + `"}`, AnswerMalformed, 0},
}

// checkInvalidResponse fails unless err is a *TokenError for an unexpected answer of the
// wanted kind, matching ErrInvalidResponse, with a message free of the body's secrets.
func checkInvalidResponse(t *testing.T, err error, wantAnswer Answer, wantZoomCode int) {
	t.Helper()
	var te *TokenError
	if !errors.As(err, &te) {
		t.Fatalf("error: got %v (%T), want a *TokenError", err, err)
	}
	if !errors.Is(err, ErrInvalidResponse) {
		t.Errorf("errors.Is(%v, ErrInvalidResponse): got false, want true", err)
	}
	if te.Status != http.StatusOK || te.Code != CodeInvalidResponse || te.Answer != wantAnswer || te.ZoomCode != wantZoomCode {
		t.Errorf("TokenError: got status %d code %q answer %q zoom code %d, want 200 %q %q %d",
			te.Status, te.Code, te.Answer, te.ZoomCode, CodeInvalidResponse, wantAnswer, wantZoomCode)
	}
	if strings.Contains(err.Error(), leakMark) || strings.Contains(err.Error(), "<html") {
		t.Errorf("error %q repeats the body", err)
	}
	if errors.Is(err, ErrInvalidGrant) || errors.Is(err, ErrAccessDenied) || te.transient() {
		t.Errorf("error %v: matches another sentinel or counts as transient", err)
	}
}

func TestInvalidAnswerRFCErrorWith200(t *testing.T) {
	tests := []struct {
		name, body string
		wantCode   string
		wantIs     error
	}{
		{"pending", `{"error":"authorization_pending","reason":"waiting"}`, "authorization_pending", nil},
		{"invalid grant", `{"reason":"Invalid authorization code","error":"invalid_grant"}`, "invalid_grant", ErrInvalidGrant},
		{"array", `[]`, CodeInvalidResponse, ErrInvalidResponse},
		{"code without message", `{"code":200}`, CodeInvalidResponse, ErrInvalidResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			te := invalidAnswer(http.StatusOK, []byte(tt.body), "access_token")
			if te.Code != tt.wantCode || te.Status != http.StatusOK {
				t.Errorf("invalidAnswer(%s): got code %q status %d, want %q 200", tt.body, te.Code, te.Status, tt.wantCode)
			}
			if tt.wantIs != nil && !errors.Is(te, tt.wantIs) {
				t.Errorf("invalidAnswer(%s) = %v: got no match for %v", tt.body, te, tt.wantIs)
			}
		})
	}
}

func TestStartDeviceInvalidResponse(t *testing.T) {
	for _, tt := range badAnswers {
		t.Run(tt.name, func(t *testing.T) {
			cfg := Config{ClientID: "demo-client", ClientSecret: "demo-secret",
				OAuthURL: scriptedTokenServer(t, http.StatusOK, tt.contentType, tt.body)}
			d, err := StartDevice(t.Context(), cfg, newDeviceClock().options())
			if d != nil {
				t.Fatalf("StartDevice: got a device login, want an error")
			}
			checkInvalidResponse(t, err, tt.wantAnswer, tt.wantZoomCode)
		})
	}
}

func TestDeviceWaitInvalidResponse(t *testing.T) {
	for _, tt := range badAnswers {
		t.Run(tt.name, func(t *testing.T) {
			s := newScriptedZoom(t, deviceOK, "200 "+tt.body)
			d, err := StartDevice(t.Context(), s.config(false), newDeviceClock().options())
			if err != nil {
				t.Fatalf("StartDevice: %v", err)
			}
			tok, err := d.Wait(t.Context())
			if tok != nil {
				t.Fatalf("Wait: got a token, want an error")
			}
			checkInvalidResponse(t, err, tt.wantAnswer, tt.wantZoomCode)
			if got := s.polled(); got != 1 {
				t.Errorf("polls: got %d, want 1 (an unexpected answer is not retried)", got)
			}
		})
	}
}

func TestExchangeInvalidResponse(t *testing.T) {
	for _, tt := range badAnswers {
		t.Run(tt.name, func(t *testing.T) {
			cfg := flowTestConfig(53682)
			cfg.OAuthURL = scriptedTokenServer(t, http.StatusOK, tt.contentType, tt.body)
			b := newBrowserLogin(t.Context(), cfg, BrowserOptions{}, 53682)
			tok, err := b.exchange(t.Context(), "code-"+leakMark)
			if tok != nil {
				t.Fatalf("exchange: got a token, want an error")
			}
			checkInvalidResponse(t, err, tt.wantAnswer, tt.wantZoomCode)
		})
	}
}

// TestExchangeAnswers checks the code exchange's ordinary answers: a token, and Zoom's
// error shape (docs/zoom-reference.md, "Token endpoint errors").
func TestExchangeAnswers(t *testing.T) {
	tests := []struct {
		name, body string
		status     int
		wantIs     error
	}{
		{"token", tokenOK[4:], http.StatusOK, nil},
		{"used code", `{"reason":"Invalid authorization code","error":"invalid_grant"}`, http.StatusBadRequest, ErrInvalidGrant},
		{"bad client", `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`, http.StatusBadRequest, ErrInvalidClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := flowTestConfig(53682)
			cfg.OAuthURL = scriptedTokenServer(t, tt.status, "application/json", tt.body)
			b := newBrowserLogin(t.Context(), cfg, BrowserOptions{}, 53682)
			tok, err := b.exchange(t.Context(), "code")
			if tt.wantIs == nil {
				if err != nil || tok.AccessToken != "at-1" || tok.RefreshToken != "rt-1" || tok.Extra("api_url") != "https://api.zoom.us" {
					t.Fatalf("exchange: got %v, %v; want the token with its api_url", tok, err)
				}
				return
			}
			var te *TokenError
			if !errors.As(err, &te) || !errors.Is(err, tt.wantIs) || te.Status != tt.status {
				t.Errorf("exchange: got %v, want a *TokenError with status %d matching %v", err, tt.status, tt.wantIs)
			}
		})
	}
}

// TestSignInLifetimeFromExpiry checks that a token without ExpiresIn but with Expiry is
// planned by its own lifetime: RefreshAhead is capped at a quarter of it, so a short-lived
// token is not refreshed at once.
func TestSignInLifetimeFromExpiry(t *testing.T) {
	now := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC)
	tests := []struct {
		name      string
		expiry    time.Time
		expiresIn int64
		wantNext  time.Time
	}{
		{"expiry only, 20 s", now.Add(20 * time.Second), 0, now.Add(15 * time.Second)},
		{"expiry only, 2 min", now.Add(2 * time.Minute), 0, now.Add(90 * time.Second)},
		{"expiry only, 1 h", now.Add(time.Hour), 0, now.Add(55 * time.Minute)},
		{"expires_in, 20 s", now.Add(20 * time.Second), 20, now.Add(15 * time.Second)},
		{"neither: Zoom's hour", time.Time{}, 0, now.Add(55 * time.Minute)},
		{"already expired", now.Add(-time.Minute), 0, now.Add(-6 * time.Minute)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestSession(t, Config{ClientID: "demo-client", OAuthURL: "http://127.0.0.1:9"},
				SessionOptions{now: func() time.Time { return now }})
			tok := &oauth2.Token{AccessToken: "at", RefreshToken: "rt", Expiry: tt.expiry, ExpiresIn: tt.expiresIn}
			if err := s.SignIn(context.Background(), tok); err != nil {
				t.Fatalf("SignIn: %v", err)
			}
			if got := s.State().NextRefresh; !got.Equal(tt.wantNext) {
				t.Errorf("NextRefresh: got %v after sign-in, want %v", got.Sub(now), tt.wantNext.Sub(now))
			}
		})
	}
}
