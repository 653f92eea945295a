package zoomapi

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestErrorHelpers(t *testing.T) {
	ra := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name                       string
		err                        error
		tokenInvalid, rate, denied bool
		scopes                     []string
		retryAfter                 time.Time
	}{
		{name: "expired token", err: &Error{Status: 401, Code: 124, Message: "Access token is expired."}, tokenInvalid: true},
		{name: "401 without code", err: &Error{Status: 401}, tokenInvalid: true},
		{name: "missing scopes", err: &Error{Status: 400, Code: 4711, Message: "Invalid access token, does not contain scopes:[meeting:read, user:read:zak]"},
			scopes: []string{"meeting:read", "user:read:zak"}},
		{name: "4711 without list", err: &Error{Status: 400, Code: 4711, Message: "Invalid access token"}, scopes: []string{}},
		{name: "qps limit", err: &Error{Status: 429, Code: 429}, rate: true},
		{name: "daily limit", err: &Error{Status: 429, Code: 429, RetryAfter: ra}, rate: true, retryAfter: ra},
		{name: "denied 200", err: &Error{Status: 200, Code: 200, Message: "Only available for Paid account."}, denied: true},
		{name: "html 200 is not a denial", err: &Error{Status: 200, Message: errHTML}},
		{name: "wrapped", err: fmt.Errorf("get /users/me: %w", &Error{Status: 401, Code: 124}), tokenInvalid: true},
		{name: "other error", err: errors.New("boom")},
		{name: "nil", err: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := IsTokenInvalid(tt.err); got != tt.tokenInvalid {
				t.Errorf("IsTokenInvalid = %v, want %v", got, tt.tokenInvalid)
			}
			if got := IsRateLimited(tt.err); got != tt.rate {
				t.Errorf("IsRateLimited = %v, want %v", got, tt.rate)
			}
			if got := IsDenied(tt.err); got != tt.denied {
				t.Errorf("IsDenied = %v, want %v", got, tt.denied)
			}
			if got := MissingScopes(tt.err); !slices.Equal(got, tt.scopes) || (got == nil) != (tt.scopes == nil) {
				t.Errorf("MissingScopes = %#v, want %#v", got, tt.scopes)
			}
			got, ok := RetryAfter(tt.err)
			if !got.Equal(tt.retryAfter) || ok != !tt.retryAfter.IsZero() {
				t.Errorf("RetryAfter = %v, %v, want %v", got, ok, tt.retryAfter)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Status: 401, Code: 124, Message: "Invalid access token."}, "zoom: HTTP 401 code 124: Invalid access token."},
		{&Error{Status: 200, Message: errHTML}, "zoom: HTTP 200: unexpected HTML response"},
		{&Error{Status: 503}, "zoom: HTTP 503"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestNewError(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	jsonH := http.Header{"Content-Type": {"application/json;charset=UTF-8"}}
	tests := []struct {
		name   string
		status int
		h      http.Header
		body   string
		want   Error
	}{
		{"zoom body", 404, jsonH, `{"code":3001,"message":"Meeting does not exist: 1."}`, Error{Status: 404, Code: 3001, Message: "Meeting does not exist: 1."}},
		{"html", 502, http.Header{"Content-Type": {"text/html"}}, `<html>bad gateway</html>`, Error{Status: 502, Message: errHTML}},
		{"html sniffed", 500, http.Header{}, ` <!doctype html>`, Error{Status: 500, Message: errHTML}},
		{"empty", 503, http.Header{}, ``, Error{Status: 503, Message: "service unavailable"}},
		{"daily limit", 429, http.Header{"Content-Type": {"application/json"}, "Retry-After": {"2026-11-26T00:00:00Z"},
			"X-Ratelimit-Category": {"Medium"}, "X-Ratelimit-Type": {"Daily-limit"}},
			`{"code":429,"message":"daily"}`,
			Error{Status: 429, Code: 429, Message: "daily", RetryAfter: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), Category: "Medium", LimitType: "Daily-limit"}},
		{"qps seconds", 429, http.Header{"Retry-After": {"3"}}, `{"code":429,"message":"qps"}`,
			Error{Status: 429, Code: 429, Message: "qps", RetryAfter: now.Add(3 * time.Second)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := newError(tt.status, tt.h, []byte(tt.body), now)
			if !got.RetryAfter.Equal(tt.want.RetryAfter) {
				t.Errorf("RetryAfter = %v, want %v", got.RetryAfter, tt.want.RetryAfter)
			}
			got.RetryAfter, tt.want.RetryAfter = time.Time{}, time.Time{}
			if *got != tt.want {
				t.Errorf("newError = %+v, want %+v", *got, tt.want)
			}
		})
	}
}

func TestDenial(t *testing.T) {
	tests := []struct {
		name, body, want string
		wantErr          bool
	}{
		{"paid only", `{"code":200,"message":"Only available for Paid account."}`, "meetings", true},
		{"permission", `{"code":200,"message":"You do not have the right permission."}`, "id", true},
		{"normal list", `{"page_size":300,"meetings":[]}`, "meetings", false},
		{"list with code field", `{"code":0,"message":"","meetings":[]}`, "meetings", false},
		{"not an object", `[1,2]`, "id", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := denial([]byte(tt.body), tt.want)
			if (got != nil) != tt.wantErr {
				t.Fatalf("denial = %v, want error %v", got, tt.wantErr)
			}
			if got != nil && (!IsDenied(got) || !strings.Contains(got.Error(), "code 200")) {
				t.Errorf("denial = %v, want a code-200 denial", got)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, false},
		{"0", now, true},
		{"120", now.Add(2 * time.Minute), true},
		{"2026-11-26T00:00:00Z", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), true},
		{"2026-11-26T00:00:00.000Z", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), true},
		{"2026-11-26T00:00:00+0000", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), true},
		{"2026-11-26T00:00:00", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), true},
		{"Thu, 26 Nov 2026 00:00:00 GMT", time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), true},
		{"-5", time.Time{}, false},
		{"soon", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if !got.Equal(tt.want) || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
