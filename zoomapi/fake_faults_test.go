package zoomapi_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// endpoint is one client call, the path and method a fault for it must match, and the
// fake's route that counts its requests.
type endpoint struct {
	name, method, path string
	call               func(context.Context, *zoomapi.Client) error
}

// sent returns how many requests of ep the client sent since the log was reset.
func sent(e *env, ep endpoint) int {
	n := 0
	for _, r := range e.log.all() {
		if r.Method == ep.method && (r.Path == ep.path || strings.HasSuffix(ep.path, "/") && strings.HasPrefix(r.Path, ep.path)) {
			n++
		}
	}
	return n
}

// endpoints returns every call of the client; the download fetches a file seeded in e.
func endpoints(t *testing.T, e *env) []endpoint {
	t.Helper()
	f := seededFile(t, e, "MP4")
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	return []endpoint{
		{"me", "GET", "/v2/users/me", func(ctx context.Context, c *zoomapi.Client) error { _, err := c.Me(ctx); return err }},
		{"upcoming", "GET", "/v2/users/me/meetings", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.UpcomingMeetings(ctx)
			return err
		}},
		{"recordings", "GET", "/v2/users/me/recordings", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.Recordings(ctx, day, day)
			return err
		}},
		{"zak", "GET", "/v2/users/me/zak", func(ctx context.Context, c *zoomapi.Client) error { _, err := c.ZAK(ctx); return err }},
		{"download", "GET", "/rec/download/", func(ctx context.Context, c *zoomapi.Client) error {
			return c.Download(ctx, f, io.Discard, 0, nil)
		}},
		{"create", "POST", "/v2/users/me/meetings", func(ctx context.Context, c *zoomapi.Client) error {
			_, err := c.CreateInstantMeeting(ctx, "t")
			return err
		}},
	}
}

// seededFile adds a recording to the fake and returns its file of fileType, as listed.
func seededFile(t *testing.T, e *env, fileType string) zoomapi.RecordingFile {
	t.Helper()
	start := time.Date(2024, 7, 1, 15, 0, 0, 0, time.UTC)
	uuid, err := e.s.AddRecording("alex@example.com", "seeded", start)
	if err != nil {
		t.Fatalf("AddRecording: %v", err)
	}
	recs, err := e.c.Recordings(context.Background(), start, start)
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	for _, r := range recs {
		for _, f := range r.Files {
			if r.UUID == uuid && f.FileType == fileType {
				return f
			}
		}
	}
	t.Fatalf("no %s file in the seeded recording", fileType)
	return zoomapi.RecordingFile{}
}

func TestResponseForms(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	eps := endpoints(t, e)
	c := e.strictClient()
	tests := []struct {
		kind  zoomtest.FaultKind
		check func(error) bool
		want  string
	}{
		{zoomtest.FaultHTML200, func(err error) bool {
			var ze *zoomapi.Error
			return errors.As(err, &ze) && ze.Status == 200 && ze.Code == 0 && strings.Contains(ze.Message, "HTML")
		}, "*Error for an HTML page"},
		{zoomtest.FaultCode200, zoomapi.IsDenied, "a denial (IsDenied)"},
		{zoomtest.FaultMalformedJSON, func(err error) bool {
			var ze *zoomapi.Error
			return err != nil && (strings.Contains(err.Error(), "malformed JSON") || errors.As(err, &ze))
		}, "a malformed JSON error (an *Error for a download)"},
		{zoomtest.FaultStatus, func(err error) bool {
			var ze *zoomapi.Error
			return errors.As(err, &ze) && ze.Status == 503
		}, "*Error with status 503 after the retries"},
	}
	for _, tt := range tests {
		for _, ep := range eps {
			t.Run(string(tt.kind)+"/"+ep.name, func(t *testing.T) {
				e.log.reset()
				e.s.SetFaults(zoomtest.Fault{Kind: tt.kind, Path: ep.path, Method: ep.method})
				t.Cleanup(func() { e.s.SetFaults() })
				err := ep.call(context.Background(), c)
				if !tt.check(err) {
					t.Errorf("got error %v, want %s", err, tt.want)
				}
				wantN := 1
				if tt.kind == zoomtest.FaultStatus && ep.method == "GET" {
					wantN = 4 // first try and 3 retries
				}
				if n := sent(e, ep); n != wantN {
					t.Errorf("sent %d requests, want %d", n, wantN)
				}
			})
		}
	}
}

func TestRetriesAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	eps := endpoints(t, e)
	c := e.strictClient()
	tests := []struct {
		name      string
		fault     zoomtest.Fault
		wantGET   int // requests sent by a GET call
		wantPOST  int
		wantWaits int
		succeeds  bool
	}{
		{"503 twice", zoomtest.Fault{Kind: zoomtest.FaultStatus, Count: 2}, 3, 1, 2, true},
		{"500 twice", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 500, Count: 2}, 3, 1, 2, true},
		{"reset twice", zoomtest.Fault{Kind: zoomtest.FaultReset, Count: 2}, 3, 1, 2, true},
		{"drop after commit once", zoomtest.Fault{Kind: zoomtest.FaultDropAfterCommit, Count: 1}, 2, 1, 1, true},
		{"qps 429 once", zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS, Count: 1}, 2, 1, 1, true},
		{"daily 429", zoomtest.Fault{Kind: zoomtest.FaultRateLimitDaily, Count: 1}, 1, 1, 0, false},
	}
	for _, tt := range tests {
		for _, ep := range eps {
			t.Run(tt.name+"/"+ep.name, func(t *testing.T) {
				e.log.reset()
				e.sleeps.reset()
				f := tt.fault
				f.Path, f.Method = ep.path, ep.method
				e.s.SetFaults(f)
				t.Cleanup(func() { e.s.SetFaults() })
				err := ep.call(context.Background(), c)
				want, wantWaits, ok := tt.wantGET, tt.wantWaits, tt.succeeds
				if ep.method == "POST" {
					want, wantWaits, ok = tt.wantPOST, 0, false
				}
				if (err == nil) != ok {
					t.Errorf("got error %v, want success %v", err, ok)
				}
				if n := sent(e, ep); n != want {
					t.Errorf("sent %d requests, want %d", n, want)
				}
				if n := len(e.sleeps.all()); n != wantWaits {
					t.Errorf("waited %d times, want %d", n, wantWaits)
				}
			})
		}
	}
}

// TestCanceledContext: every call returns ctx.Err() for a cancelled context and sends
// nothing.
func TestCanceledContext(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	eps := endpoints(t, e)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, ep := range eps {
		t.Run(ep.name, func(t *testing.T) {
			e.log.reset()
			if err := ep.call(ctx, e.c); err != context.Canceled {
				t.Errorf("got error %v, want context.Canceled itself", err)
			}
			if n := len(e.log.all()); n != 0 {
				t.Errorf("sent %d requests, want 0", n)
			}
		})
	}
}
