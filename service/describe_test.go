package service

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestDescribeLocalFilePath checks that a local file error names the file, and that a
// real failure to create a file in a missing folder is not blamed on the network.
func TestDescribeLocalFilePath(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing", "x.mp4.part")
	_, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o600)
	got := Describe(fmt.Errorf("download: %w", err))
	if got.Kind != KindLocalFile || got.Reason != ReasonFileNoFolder || got.Path != p {
		t.Errorf("Describe(%v) = %+v, want kind %q reason %q path %q", err, got, KindLocalFile, ReasonFileNoFolder, p)
	}
}

func TestDescribe(t *testing.T) {
	retry := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	wrap := func(err error) error { return fmt.Errorf("service: layer: %w", err) }
	tests := []struct {
		name       string
		err        error
		wantKind   string
		wantReason Reason
		wantScopes []string
		wantRetry  time.Time
		wantStatus int
		wantCode   int
	}{
		{name: "token invalid", err: wrap(&zoomapi.Error{Status: 401, Code: 124, Message: "Invalid access token."}),
			wantKind: KindAuth, wantReason: ReasonTokenInvalid, wantStatus: 401, wantCode: 124},
		{name: "missing scope", err: &zoomapi.Error{Status: 400, Code: 4711, Message: "Invalid access token, does not contain scopes:[meeting:read, user:read]"},
			wantKind: KindMissingScope, wantScopes: []string{"meeting:read", "user:read"}, wantStatus: 400, wantCode: 4711},
		{name: "rate limited", err: wrap(&zoomapi.Error{Status: 429, Code: 429, Message: "daily", RetryAfter: retry}),
			wantKind: KindRateLimited, wantRetry: retry, wantStatus: 429, wantCode: 429},
		{name: "zoom other", err: &zoomapi.Error{Status: 404, Code: 3001, Message: "Meeting does not exist."},
			wantKind: KindZoom, wantStatus: 404, wantCode: 3001},
		{name: "zoom denial as 200", err: &zoomapi.Error{Status: 200, Code: 200, Message: "Only available for Paid account."},
			wantKind: KindZoom, wantStatus: 200, wantCode: 200},
		{name: "access denied", err: wrap(&auth.CallbackError{Code: "access_denied"}), wantKind: KindAuth, wantReason: ReasonAccessDenied},
		{name: "device grant unavailable", err: wrap(auth.ErrDeviceGrantUnavailable), wantKind: KindDeviceGrant},
		{name: "device code expired", err: auth.ErrDeviceCodeExpired, wantKind: KindAuth, wantReason: ReasonCodeExpired},
		{name: "browser timeout", err: auth.ErrTimeout, wantKind: KindAuth, wantReason: ReasonTimeout},
		{name: "needs sign-in", err: wrap(auth.ErrNeedsSignIn), wantKind: KindAuth},
		{name: "signed out", err: auth.ErrSignedOut, wantKind: KindSignedOut},
		{name: "no free port", err: wrap(&auth.PortsError{Ports: []int{53682}, Errs: []error{syscall.EADDRINUSE}}),
			wantKind: KindConfig, wantReason: ReasonNoFreePort},
		{name: "sign-in answered with HTML", err: wrap(&auth.TokenError{Status: 200, Code: auth.CodeInvalidResponse, Answer: auth.AnswerHTML, Reason: "an HTML page instead of JSON"}),
			wantKind: KindAuth, wantReason: ReasonUnexpectedPage, wantStatus: 200},
		{name: "sign-in answered with bad JSON", err: &auth.TokenError{Status: 200, Code: auth.CodeInvalidResponse, Answer: auth.AnswerMalformed, Reason: "malformed JSON"},
			wantKind: KindAuth, wantReason: ReasonMalformedAnswer, wantStatus: 200},
		{name: "sign-in answered with code 200", err: wrap(&auth.TokenError{Status: 200, Code: auth.CodeInvalidResponse, Answer: auth.AnswerZoomError, ZoomCode: 200, Reason: "Only available for Paid account."}),
			wantKind: KindZoom, wantStatus: 200, wantCode: 200},
		{name: "invalid client", err: &auth.TokenError{Status: 400, Code: "invalid_client"}, wantKind: KindConfig, wantReason: ReasonInvalidClient},
		{name: "keyring", err: wrap(fmt.Errorf("keyring: %w", tokenstore.ErrUnavailable)), wantKind: KindKeyring},
		{name: "token not saved", err: auth.ErrTokenNotSaved, wantKind: KindKeyring},
		{name: "session offline", err: auth.ErrOffline, wantKind: KindNetwork},
		{name: "connection refused", err: &url.Error{Op: "Get", URL: "http://127.0.0.1:1/v2", Err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}},
			wantKind: KindNetwork},
		{name: "dns", err: wrap(&net.DNSError{Err: "no such host", Name: "api.zoom.us", IsNotFound: true}), wantKind: KindNetwork},
		{name: "stalled download", err: zoomapi.ErrStalled, wantKind: KindNetwork},
		{name: "config", err: &config.Error{Setting: "zoom_url", Message: "must be https"}, wantKind: KindConfig},
		{name: "already described", err: wrap(&ErrorInfo{Kind: KindNotFound, Message: "meeting 1 not found"}), wantKind: KindNotFound},
		{name: "cancelled", err: context.Canceled, wantKind: KindInternal},
		{name: "missing folder", err: wrap(&fs.PathError{Op: "open", Path: "/home/a/Downloads/x.mp4.part", Err: syscall.ENOENT}),
			wantKind: KindLocalFile, wantReason: ReasonFileNoFolder},
		{name: "not a folder", err: &fs.PathError{Op: "open", Path: "/etc/passwd/x", Err: syscall.ENOTDIR}, wantKind: KindLocalFile, wantReason: ReasonFileNotFolder},
		{name: "no permission", err: &fs.PathError{Op: "open", Path: "/x", Err: syscall.EACCES}, wantKind: KindLocalFile, wantReason: ReasonFilePermission},
		{name: "read-only", err: &fs.PathError{Op: "open", Path: "/x", Err: syscall.EROFS}, wantKind: KindLocalFile, wantReason: ReasonFilePermission},
		{name: "disk full", err: wrap(&fs.PathError{Op: "write", Path: "/x", Err: syscall.ENOSPC}), wantKind: KindLocalFile, wantReason: ReasonFileNoSpace},
		{name: "exists", err: &fs.PathError{Op: "open", Path: "/x", Err: syscall.EEXIST}, wantKind: KindLocalFile, wantReason: ReasonFileExists},
		{name: "rename", err: &os.LinkError{Op: "rename", Old: "/a.part", New: "/a", Err: syscall.EIO}, wantKind: KindLocalFile, wantReason: ReasonFileOther},
		{name: "other", err: errors.New("boom"), wantKind: KindInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Describe(tt.err)
			if got.Kind != tt.wantKind || got.Reason != tt.wantReason {
				t.Errorf("Describe(%v) = kind %q reason %q, want %q %q", tt.err, got.Kind, got.Reason, tt.wantKind, tt.wantReason)
			}
			if !slices.Equal(got.Scopes, tt.wantScopes) || !got.RetryAfter.Equal(tt.wantRetry) {
				t.Errorf("Describe(%v) = scopes %v retry %v, want %v %v", tt.err, got.Scopes, got.RetryAfter, tt.wantScopes, tt.wantRetry)
			}
			if got.Status != tt.wantStatus || got.Code != tt.wantCode || got.Message == "" {
				t.Errorf("Describe(%v) = status %d code %d message %q, want %d %d and a message", tt.err, got.Status, got.Code, got.Message, tt.wantStatus, tt.wantCode)
			}
		})
	}
	if got := Describe(nil); got != nil {
		t.Errorf("Describe(nil) = %+v, want nil", got)
	}
}

func TestDescribeStripsURLQueries(t *testing.T) {
	const zak = "eyJzZWNyZXQiOiJ6YWsifQ.zak-secret"
	tests := []struct {
		name string
		err  error
	}{
		{"https start link", errors.New("open https://zoom.us/s/123?zak=" + zak + " failed")},
		{"zoommtg link", errors.New("open zoommtg://zoom.us/start?confno=1&zak=" + zak)},
		{"url error", &url.Error{Op: "Get", URL: "https://zoom.us/s/1?zak=" + zak, Err: errors.New("eof")}},
		{"long", errors.New(strings.Repeat("x", 2*maxMessage) + "?zak=" + zak)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Describe(tt.err).Message
			if strings.Contains(got, zak) || strings.Contains(got, "zak=") || len(got) > maxMessage+len("…") {
				t.Errorf("Describe message %q keeps the query or is too long", got)
			}
		})
	}
}

func TestErrorInfoIs(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		target error
		want   bool
	}{
		{"same kind", fmt.Errorf("x: %w", &ErrorInfo{Kind: KindNoAgent, Message: "m"}), ErrNoAgent, true},
		{"other kind", &ErrorInfo{Kind: KindAuth}, ErrNoAgent, false},
		{"reason matches", &ErrorInfo{Kind: KindAuth, Reason: "revoked"}, &ErrorInfo{Kind: KindAuth, Reason: "revoked"}, true},
		{"reason differs", &ErrorInfo{Kind: KindAuth, Reason: "expired"}, &ErrorInfo{Kind: KindAuth, Reason: "revoked"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(tt.err, tt.target); got != tt.want {
				t.Errorf("errors.Is = %v, want %v", got, tt.want)
			}
		})
	}
}
