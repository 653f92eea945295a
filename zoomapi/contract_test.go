package zoomapi_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// contractCall is what a contract case asks the client, against a server that answers the
// body of one file of testdata/contract (their sources: testdata/contract/README.md).
type contractCall func(ctx context.Context, c *zoomapi.Client) (any, error)

func callRecordings(ctx context.Context, c *zoomapi.Client) (any, error) {
	d := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	return c.Recordings(ctx, d, d.AddDate(0, 0, 5))
}

func callMeetings(ctx context.Context, c *zoomapi.Client) (any, error) {
	return c.UpcomingMeetings(ctx)
}
func callMe(ctx context.Context, c *zoomapi.Client) (any, error) { return c.Me(ctx) }

// TestContractCorpus decodes every body of the corpus through the client's real calls:
// the shapes real accounts send decode to what they mean, each documented error becomes
// the *zoomapi.Error its code says.
func TestContractCorpus(t *testing.T) {
	tests := []struct {
		file   string
		status int
		call   contractCall
		check  func(t *testing.T, got any, err error)
	}{
		{"recordings_in_progress.json", 200, callRecordings, func(t *testing.T, got any, err error) {
			recs := got.([]zoomapi.Recording)
			if err != nil || len(recs) != 2 {
				t.Fatalf("got %d recordings, %v; want 2", len(recs), err)
			}
			f := recs[0].Files[0]
			if !f.InProgress() || f.Ready() || !f.RecordingEnd.IsZero() || recs[0].RecordingPlayPasscode != "" {
				t.Errorf("file in progress: %+v; want in progress, not ready, unknown end, no passcode", f)
			}
			if !recs[1].Files[0].Ready() {
				t.Errorf("finished file %+v not ready", recs[1].Files[0])
			}
		}},
		{"recordings_bare_files.json", 200, callRecordings, func(t *testing.T, got any, err error) {
			recs := got.([]zoomapi.Recording)
			if err != nil || len(recs) != 1 || recs[0].ID != 87011223344 || recs[0].Type != 2 {
				t.Fatalf("got %+v, %v; want one recording, id and type read from strings", recs, err)
			}
			keys := map[string]bool{}
			for _, f := range recs[0].Files {
				k := recs[0].FileKey(f)
				if k == "" || keys[k] {
					t.Errorf("%s file key %q: empty or repeated", f.FileType, k)
				}
				keys[k] = true
				if want := f.FileType != "TRANSCRIPT"; f.Ready() != want {
					t.Errorf("%s ready %v, want %v", f.FileType, f.Ready(), want)
				}
			}
		}},
		{"meetings_upcoming_occurrences.json", 200, callMeetings, func(t *testing.T, got any, err error) {
			ms := got.([]zoomapi.Meeting)
			if err != nil || len(ms) != 4 || ms[0].Key() == ms[1].Key() || !ms[0].IsHost || !ms[3].StartTime.IsZero() {
				t.Errorf("got %d meetings, %v; want both occurrences of Team sync, hosted, the invited one, type 3 last", len(ms), err)
			}
		}},
		{"meetings_null_times.json", 200, callMeetings, func(t *testing.T, got any, err error) {
			ms := got.([]zoomapi.Meeting)
			if err != nil || len(ms) != 5 {
				t.Fatalf("got %d meetings, %v; want 3 hosted and 2 from upcoming_meetings", len(ms), err)
			}
			for _, m := range ms {
				if strings.Contains(m.Topic, "created_at") && !m.CreatedAt.IsZero() {
					t.Errorf("%q created_at %v, want unknown", m.Topic, m.CreatedAt)
				}
			}
		}},
		{"user.json", 200, callMe, func(t *testing.T, got any, err error) {
			u := got.(*zoomapi.User)
			if err != nil || u.Email != "dana@example.org" || u.PMI != 6543210987 || u.CreatedAt.Year() != 2023 {
				t.Errorf("got %+v, %v", u, err)
			}
		}},
		{"create_instant_meeting.json", 201, func(ctx context.Context, c *zoomapi.Client) (any, error) {
			return c.CreateInstantMeeting(ctx, "Quick call")
		}, func(t *testing.T, got any, err error) {
			m := got.(*zoomapi.Meeting)
			if err != nil || m.ID != 84455667788 || m.StartURL == "" || m.Password == "" {
				t.Errorf("got %+v, %v", m, err)
			}
		}},
		{"zak.json", 200, func(ctx context.Context, c *zoomapi.Client) (any, error) { return c.ZAK(ctx) },
			func(t *testing.T, got any, err error) {
				if err != nil || got.(string) == "" {
					t.Errorf("got %q, %v", got, err)
				}
			}},
		{"meeting_recordings.json", 200, func(ctx context.Context, c *zoomapi.Client) (any, error) {
			return c.RecordingPasscode(ctx, "/Zq4wLm2//xTp9Rk3vBn1A==")
		}, func(t *testing.T, got any, err error) {
			if err != nil || got.(string) != "Pw7Qe8Rt9Yu0Io1Pa2Sd3Fg4Hj5Kl6Zx" {
				t.Errorf("got %q, %v", got, err)
			}
		}},
		{"error_invalid_token.json", 401, callMe, wantZoomError(401, 124)},
		{"error_expired_token.json", 401, callMe, wantZoomError(401, 124)},
		{"error_missing_scope.json", 400, callMe, wantZoomError(400, 4711)},
		{"error_user_not_found.json", 404, callMe, wantZoomError(404, 1001)},
		{"error_meeting_not_found.json", 404, callMe, wantZoomError(404, 3001)},
		{"error_hosting_not_allowed.json", 400, callMe, wantZoomError(400, 3161)},
		{"error_recording_not_found.json", 404, callMe, wantZoomError(404, 3301)},
		{"error_denial_paid_200.json", 200, callMe, wantZoomError(200, 200)},
		{"error_denial_permission_200.json", 200, callMe, wantZoomError(200, 200)},
		{"error_rate_limit_qps.json", 429, callMe, wantZoomError(429, 429)},
		{"error_rate_limit_create_daily.json", 429, callMe, wantZoomError(429, 429)},
		{"error_login_page_200.html", 200, callMe, wantZoomError(200, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join("testdata", "contract", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			c := contractClient(t, tt.status, body)
			got, err := tt.call(context.Background(), c)
			tt.check(t, got, err)
		})
	}
}

// wantZoomError checks for an *zoomapi.Error with status and code.
func wantZoomError(status, code int) func(t *testing.T, got any, err error) {
	return func(t *testing.T, _ any, err error) {
		t.Helper()
		var ze *zoomapi.Error
		if !errors.As(err, &ze) || ze.Status != status || ze.Code != code {
			t.Errorf("error = %v, want a zoom error with status %d code %d", err, status, code)
		}
	}
}

// contractClient returns a client of a server that answers body with status. A meetings
// list body answers both meetings calls; a user list of meetings answers
// upcoming_meetings with the body of upcoming_meetings_bare.json (so the merge is tested).
func contractClient(t *testing.T, status int, body []byte) *zoomapi.Client {
	t.Helper()
	upcoming, err := os.ReadFile(filepath.Join("testdata", "contract", "upcoming_meetings_bare.json"))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, st := body, status
		if r.URL.Path == "/v2/users/me/upcoming_meetings" && status == 200 {
			b = upcoming
		}
		if p := r.URL.EscapedPath(); strings.HasPrefix(p, "/v2/meetings/") && p != "/v2/meetings/%252FZq4wLm2%252F%252FxTp9Rk3vBn1A==/recordings" {
			t.Errorf("path %s, want the uuid with // encoded twice", p)
		}
		ct := "application/json;charset=UTF-8"
		if strings.HasPrefix(string(b), "<") {
			ct = "text/html;charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(st)
		_, _ = w.Write(b)
	}))
	t.Cleanup(srv.Close)
	return zoomapi.NewClient(srv.Client(), srv.URL+"/v2", zoomapi.WithRetries(0, 0))
}
