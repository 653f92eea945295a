package localapi

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestRoutes sends every unary method through a real socket and checks that the stub got
// the arguments and the client got the answer.
func TestRoutes(t *testing.T) {
	when := time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC)
	stub := newStub()
	stub.status = service.Status{State: "signed_in", Account: &service.Account{ID: "u1", Email: "alex@example.com", Name: "Alex"},
		StoreKind: "file", StoreLocation: "/x/tokens.json (0600)", TokenExpiry: when, LastRefresh: when.Add(-time.Hour)}
	stub.meetings = service.MeetingList{Meetings: []zoomapi.Meeting{{ID: 123, Topic: "Standup", StartTime: when}}, FetchedAt: when, Stale: true}
	stub.recs = []zoomapi.Recording{{UUID: "r==", ID: 9, Topic: "Review", Files: []zoomapi.RecordingFile{{ID: "f1", FileType: "MP4", FileSize: 3000}}}}
	stub.meeting = &zoomapi.Meeting{ID: 77, Topic: "Quick", JoinURL: "https://zoom.example/j/77"}
	stub.url = "https://zoom.example/s/77?zak=x"
	stub.start = service.StartResult{MeetingID: 77, Opened: true, JoinURL: "https://zoom.example/j/77"}
	stub.logout = service.LogoutResult{Revoked: false, Message: "Zoom could not be reached"}
	_, c := serve(t, stub)
	ctx := context.Background()
	searchQ := transcripts.Query{Text: "бюджет", From: when.Add(-720 * time.Hour), To: when, Limit: 5}

	tests := []struct {
		name     string
		call     func() (any, error)
		want     any
		wantArgs []any
	}{
		{"status", func() (any, error) { return c.Status(ctx) }, stub.status, []any{"status"}},
		{"meetings cached", func() (any, error) { return c.Meetings(ctx, false) }, stub.meetings, []any{"meetings", false}},
		{"meetings refresh", func() (any, error) { return c.Meetings(ctx, true) }, stub.meetings, []any{"meetings", true}},
		{"recordings", func() (any, error) { return c.Recordings(ctx, when.Add(-720*time.Hour), when) }, stub.recs,
			[]any{"recordings", when.Add(-720 * time.Hour), when}},
		{"recording passcode", func() (any, error) { return c.RecordingPasscode(ctx, "/a//b==") }, "pass-/a//b==",
			[]any{"passcode", "/a//b=="}},
		{"new meeting", func() (any, error) { return c.NewMeeting(ctx, "Quick") }, stub.meeting, []any{"new", "Quick"}},
		{"start url", func() (any, error) { return c.StartURL(ctx, 77) }, stub.url, []any{"start-url", int64(77)}},
		{"start", func() (any, error) { return c.Start(ctx, 77) }, stub.start, []any{"start", int64(77)}},
		{"join url", func() (any, error) { return c.JoinURL(ctx, 77) }, stub.url, []any{"join-url", int64(77)}},
		{"logout", func() (any, error) { return c.Logout(ctx) }, stub.logout, []any{"logout"}},
		{"search", func() (any, error) {
			res, err := c.Search(ctx, searchQ)
			return res.Hits[0].Text + " " + res.Hits[0].Speaker + fmt.Sprint(res.Progress), err
		}, "бюджет 田中 由紀{212 340 true 0001-01-01 00:00:00 +0000 UTC}", []any{"search", searchQ}},
		{"window", func() (any, error) { return nil, c.OpenWindow(ctx) }, nil, []any{"window"}},
		{"quit", func() (any, error) { return nil, c.Quit(ctx) }, nil, []any{"quit"}},
		{"restart", func() (any, error) { return nil, c.Restart(ctx) }, nil, []any{"restart"}},
		{"activity", func() (any, error) { return nil, c.Activity(ctx) }, nil, []any{"activity"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.call()
			if err != nil {
				t.Fatalf("got error %v, want none", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
			if args := stub.lastArgs(); !reflect.DeepEqual(args, tt.wantArgs) {
				t.Errorf("API got %v, want %v", args, tt.wantArgs)
			}
		})
	}
}

// TestErrorsRoundTrip checks that an *ErrorInfo returned by the API comes back from the
// client equal, for every kind, and that a plain error becomes KindInternal.
func TestErrorsRoundTrip(t *testing.T) {
	retry := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	kinds := []*service.ErrorInfo{
		{Kind: service.KindZoom, Status: 400, Code: 3161, Message: "hosting not allowed"},
		{Kind: service.KindAuth, Reason: "revoked", Message: "sign-in needed"},
		{Kind: service.KindNetwork, Message: "zoom unreachable"},
		{Kind: service.KindRateLimited, Status: 429, Code: 429, Message: "daily limit", RetryAfter: retry},
		{Kind: service.KindMissingScope, Status: 400, Code: 4711, Message: "missing", Scopes: []string{"meeting:read"}},
		{Kind: service.KindDeviceGrant, Message: "no device grant"},
		{Kind: service.KindKeyring, Message: "no keyring"},
		{Kind: service.KindConfig, Message: "client_id not set"},
		{Kind: service.KindNotFound, Status: 404, Code: 3001, Message: "meeting not found"},
		{Kind: service.KindSignedOut, Message: "signed out"},
		{Kind: service.KindNoAgent, Message: "no agent"},
		{Kind: service.KindInternal, Message: "boom"},
	}
	stub := newStub()
	_, c := serve(t, stub)
	for _, want := range kinds {
		t.Run(want.Kind, func(t *testing.T) {
			stub.mu.Lock()
			stub.err = want
			stub.mu.Unlock()
			_, err := c.Meetings(context.Background(), false)
			var got *service.ErrorInfo
			if !errors.As(err, &got) {
				t.Fatalf("got error %T %v, want *service.ErrorInfo", err, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %#v, want %#v", got, want)
			}
		})
	}
	t.Run("plain error", func(t *testing.T) {
		stub.mu.Lock()
		stub.err = errors.New("disk full")
		stub.mu.Unlock()
		_, err := c.Status(context.Background())
		var got *service.ErrorInfo
		if !errors.As(err, &got) || got.Kind != service.KindInternal || got.Message != "disk full" {
			t.Errorf("got %#v, want KindInternal \"disk full\"", err)
		}
	})
}

func TestHTTPStatusOfKinds(t *testing.T) {
	tests := []struct {
		kind string
		want int
	}{
		{service.KindNotFound, 404}, {service.KindSignedOut, 401}, {service.KindAuth, 401},
		{service.KindMissingScope, 403}, {service.KindRateLimited, 429}, {service.KindNetwork, 502},
		{service.KindZoom, 502}, {service.KindConfig, 409}, {service.KindDeviceGrant, 409},
		{service.KindKeyring, 503}, {service.KindNoAgent, 503}, {service.KindInternal, 500}, {"new", 500},
	}
	for _, tt := range tests {
		if got := httpStatus(&service.ErrorInfo{Kind: tt.kind}); got != tt.want {
			t.Errorf("httpStatus(%s) = %d, want %d", tt.kind, got, tt.want)
		}
	}
}

// partialAPI answers Recordings with recordings and a *zoomapi.PartialError.
type partialAPI struct {
	*stubAPI
	recs    []zoomapi.Recording
	partial *zoomapi.PartialError
}

func (p partialAPI) Recordings(context.Context, time.Time, time.Time) ([]zoomapi.Recording, error) {
	return p.recs, p.partial
}

// TestRecordingsPartialRoundTrip checks that recordings that arrived with a failed month
// cross the local API together with the failed month and its typed error.
func TestRecordingsPartialRoundTrip(t *testing.T) {
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	api := partialAPI{stubAPI: &stubAPI{}, recs: []zoomapi.Recording{{UUID: "r==", Topic: "Kept"}},
		partial: &zoomapi.PartialError{Failed: []zoomapi.FailedRange{{From: from, To: from.AddDate(0, 0, 29),
			Err: &service.ErrorInfo{Kind: service.KindZoom, Status: 500, Message: "zoom failed"}}}}}
	_, c := serve(t, api)
	recs, err := c.Recordings(context.Background(), from, from.AddDate(0, 2, 0))
	var pe *zoomapi.PartialError
	if !errors.As(err, &pe) || len(pe.Failed) != 1 || !pe.Failed[0].From.Equal(from) {
		t.Fatalf("error = %v, want a *PartialError naming %v", err, from)
	}
	var info *service.ErrorInfo
	if !errors.As(pe.Failed[0].Err, &info) || info.Status != 500 {
		t.Errorf("failed month error = %v, want the ErrorInfo with status 500", pe.Failed[0].Err)
	}
	if len(recs) != 1 || recs[0].Topic != "Kept" {
		t.Errorf("recordings = %+v, want the one that arrived", recs)
	}
}
