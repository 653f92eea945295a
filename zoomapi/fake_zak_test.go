package zoomapi_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

func TestZAKAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	tests := []struct {
		name      string
		scopes    []string
		wantPaths []string
		wantErr   bool
	}{
		{"zak scope", []string{"user_zak:read"}, []string{"/v2/users/me/zak"}, false},
		{"token fallback", []string{"user:read"}, []string{"/v2/users/me/zak", "/v2/users/me/token"}, false},
		{"neither", []string{"meeting:read"}, []string{"/v2/users/me/zak", "/v2/users/me/token"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.log.reset()
			zak, err := e.scopedClient(t, tt.scopes...).ZAK(context.Background())
			if (err != nil) != tt.wantErr || (zak == "") != tt.wantErr {
				t.Fatalf("ZAK: error %v, got a ZAK %v; want error %v", err, zak != "", tt.wantErr)
			}
			if tt.wantErr && zoomapi.MissingScopes(err) == nil {
				t.Errorf("ZAK error = %v, want a missing-scopes error", err)
			}
			var paths []string
			for _, r := range e.log.all() {
				paths = append(paths, r.Path)
				if r.Path == "/v2/users/me/token" && r.Query.Get("type") != "zak" {
					t.Errorf("token request query %v, want type=zak", r.Query)
				}
			}
			if !slices.Equal(paths, tt.wantPaths) {
				t.Errorf("requests = %v, want %v", paths, tt.wantPaths)
			}
		})
	}
}

// TestStartURLAgainstFake creates an instant meeting and opens its start link as a browser
// would: the fake starts the meeting for a valid, fresh ZAK of its host.
func TestStartURLAgainstFake(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	m, err := e.c.CreateInstantMeeting(context.Background(), "Start me")
	if err != nil {
		t.Fatalf("CreateInstantMeeting: %v", err)
	}
	link, err := e.c.StartURL(context.Background(), int64(m.ID))
	if err != nil {
		t.Fatalf("StartURL: %v", err)
	}
	if prefix := e.s.URL + "/s/"; !strings.HasPrefix(link, prefix) || !strings.Contains(link, "?zak=") {
		t.Fatalf("StartURL has the wrong form, want %s<id>?zak=<zak>", prefix)
	}
	browser := &http.Client{Timeout: 10 * time.Second}
	resp, err := browser.Get(link)
	if err != nil {
		t.Fatalf("open start link: %v", zoomapiRedacted(err))
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !slices.Contains(e.s.StartedMeetings(), int64(m.ID)) {
		t.Errorf("start link answered %d, started %v; want 200 and meeting %d started", resp.StatusCode, e.s.StartedMeetings(), m.ID)
	}
}

// zoomapiRedacted keeps a URL error from printing the ZAK in a test failure.
func zoomapiRedacted(err error) string {
	s := err.Error()
	if i := strings.Index(s, "zak="); i >= 0 {
		return s[:i] + "zak=<redacted>"
	}
	return s
}
