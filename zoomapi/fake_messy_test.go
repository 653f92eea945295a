package zoomapi_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// messyNow is the fixed clock of the messy-shape tests: a Wednesday afternoon in New York.
var messyNow = time.Date(2026, 11, 25, 19, 7, 0, 0, time.UTC)

func newMessyEnv(t *testing.T, sh zoomtest.Shapes) *env {
	t.Helper()
	return newEnv(t, zoomtest.Options{Now: func() time.Time { return messyNow }, Shapes: sh})
}

// TestRecordingsInProgressAndBareFiles reads the recordings of the last days from a fake
// that lists a meeting being recorded ("recording_end": "", "file_type": "") and TIMELINE
// and CC files without id: the list decodes, the file in progress is not ready, and every
// downloadable file has its own non-empty key.
func TestRecordingsInProgressAndBareFiles(t *testing.T) {
	e := newMessyEnv(t, zoomtest.Shapes{RecordingInProgress: true, BareFiles: true})
	recs, err := e.c.Recordings(context.Background(), messyNow.AddDate(0, 0, -20), messyNow)
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	keys := map[string]string{}
	var inProgress, bare int
	for _, r := range recs {
		for _, f := range r.Files {
			if f.InProgress() {
				inProgress++
				if f.Ready() || !f.RecordingEnd.IsZero() {
					t.Errorf("file in progress: ready %v, end %v; want not ready, unknown end", f.Ready(), f.RecordingEnd)
				}
				continue
			}
			if f.ID == "" {
				bare++
			}
			k := r.FileKey(f)
			if f.DownloadURL != "" && k == "" {
				t.Errorf("%s file of %s has no key", f.FileType, r.UUID)
			}
			if other, dup := keys[k]; dup && k != "" {
				t.Errorf("key %q of %s %s also names %s", k, r.UUID, f.FileType, other)
			}
			keys[k] = r.UUID + " " + f.FileType
		}
	}
	if inProgress != 1 || bare == 0 {
		t.Errorf("got %d files in progress and %d without id, want 1 and some", inProgress, bare)
	}
	if r := (zoomapi.Recording{UUID: "u"}); r.FileKey(zoomapi.RecordingFile{}) != "" {
		t.Errorf("a file without download_url has key %q, want none", r.FileKey(zoomapi.RecordingFile{}))
	}
}

// TestRecordingsPartial fails one of three month windows (a 400 is not retried): the
// recordings of the other months arrive, with a *PartialError naming the failed window.
func TestRecordingsPartial(t *testing.T) {
	e := newMessyEnv(t, zoomtest.Shapes{})
	c := e.client(e.tok, zoomapi.WithConcurrency(1))
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 400, Path: "/v2/users/me/recordings", Count: 1})
	from := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	recs, err := c.Recordings(context.Background(), from, time.Date(2026, 10, 31, 0, 0, 0, 0, time.UTC))
	var pe *zoomapi.PartialError
	if !errors.As(err, &pe) || len(pe.Failed) != 1 {
		t.Fatalf("Recordings error = %v, want a *PartialError with one failed window", err)
	}
	if f := pe.Failed[0]; !f.From.Equal(from) || f.Err == nil {
		t.Errorf("failed window %v..%v (%v), want the first, from %v, with its error", f.From, f.To, f.Err, from)
	}
	if len(recs) == 0 {
		t.Fatal("got no recordings, want those of the months that worked")
	}
	for _, r := range recs {
		if r.StartTime.Before(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("recording of %v from the failed window", r.StartTime)
		}
	}
}

// TestRecordingsLocalDates asks one local day in the zones furthest west and east of UTC:
// the client sends the UTC dates that cover that day, and returns exactly the recordings
// that started on it, once each.
func TestRecordingsLocalDates(t *testing.T) {
	for _, zone := range []string{"Etc/GMT+12", "Pacific/Kiritimati", "UTC"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Skip(err)
			}
			e := newMessyEnv(t, zoomtest.Shapes{})
			day := time.Date(2024, 5, 15, 0, 0, 0, 0, loc)
			in := []time.Time{day.Add(30 * time.Minute), day.Add(20 * time.Hour), day.Add(23*time.Hour + 59*time.Minute)}
			out := []time.Time{day.Add(-time.Minute), day.AddDate(0, 0, 1)}
			want := map[string]bool{}
			for i, at := range append(in, out...) {
				uuid, err := e.s.AddRecording("alex@example.com", "local day test", at)
				if err != nil {
					t.Fatal(err)
				}
				want[uuid] = i < len(in)
			}
			recs, err := e.c.Recordings(context.Background(), day, day.Add(12*time.Hour))
			if err != nil {
				t.Fatalf("Recordings: %v", err)
			}
			got := 0
			for _, r := range recs {
				in, ours := want[r.UUID]
				if !ours {
					continue
				}
				if !in {
					t.Errorf("recording at %v (local %v) is outside the local day", r.StartTime, r.StartTime.In(loc))
				}
				got++
			}
			if got != len(in) {
				t.Errorf("got %d of the %d recordings of the local day %s", got, len(in), day.Format(time.DateOnly))
			}
		})
	}
}

// TestUpcomingOccurrences lists a recurring meeting once per occurrence (same id and
// uuid, another start_time): every occurrence stays its own row.
func TestUpcomingOccurrences(t *testing.T) {
	e := newMessyEnv(t, zoomtest.Shapes{EachOccurrence: true})
	ms, err := e.c.UpcomingMeetings(context.Background())
	if err != nil {
		t.Fatalf("UpcomingMeetings: %v", err)
	}
	var starts []time.Time
	for _, m := range ms {
		if m.Topic == "Team stand-up" {
			starts = append(starts, m.StartTime)
		}
	}
	if len(starts) < 5 || len(slices.Compact(slices.Clone(starts))) != len(starts) {
		t.Errorf("Team stand-up occurrences %v, want each coming one once (at least 5)", starts)
	}
}

// TestUpcomingIsHostMissing: upcoming_meetings without is_host must not erase the hosted
// list's answer.
func TestUpcomingIsHostMissing(t *testing.T) {
	e := newMessyEnv(t, zoomtest.Shapes{UpcomingBare: true, EachOccurrence: true})
	ms, err := e.c.UpcomingMeetings(context.Background())
	if err != nil {
		t.Fatalf("UpcomingMeetings: %v", err)
	}
	hosts := map[string]bool{}
	for _, m := range ms {
		hosts[m.Topic] = hosts[m.Topic] || m.IsHost
	}
	for topic, want := range map[string]bool{"1:1 Alex / Jonas": true, "Sprint planning": true, "Team stand-up": true, "Pipeline review (Berlin)": false} {
		if got, ok := hosts[topic]; !ok || got != want {
			t.Errorf("%q: listed %v, is host %v; want listed, host %v", topic, ok, got, want)
		}
	}
}

// TestUpcomingFallback: any failure of upcoming_meetings but a 401 falls back to the
// hosted list.
func TestUpcomingFallback(t *testing.T) {
	tests := []struct {
		name    string
		fault   zoomtest.Fault
		wantErr bool
	}{
		{"404", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 404}, false},
		{"400", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 400}, false},
		{"503", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 503}, false},
		{"html", zoomtest.Fault{Kind: zoomtest.FaultHTML200}, false},
		{"malformed", zoomtest.Fault{Kind: zoomtest.FaultMalformedJSON}, false},
		{"denial", zoomtest.Fault{Kind: zoomtest.FaultCode200}, false},
		{"401", zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 401}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newMessyEnv(t, zoomtest.Shapes{})
			tt.fault.Path = "/v2/users/me/upcoming_meetings"
			e.s.SetFaults(tt.fault)
			ms, err := e.c.UpcomingMeetings(context.Background())
			if (err != nil) != tt.wantErr {
				t.Fatalf("UpcomingMeetings error = %v, want error %v", err, tt.wantErr)
			}
			if !tt.wantErr && !slices.ContainsFunc(ms, func(m zoomapi.Meeting) bool { return m.Topic == "Sprint planning" && m.IsHost }) {
				t.Errorf("hosted meetings missing from the fallback list (%d meetings)", len(ms))
			}
		})
	}
}

// TestRecordingPasscode fetches the play passcode that the user list left out, for a
// plain uuid and for one that Zoom requires double-encoded.
func TestRecordingPasscode(t *testing.T) {
	e := newMessyEnv(t, zoomtest.MessyShapes())
	recs := e.s.Recordings("alex@example.com")
	for _, r := range []zoomtest.Recording{recs[0], recs[len(recs)-1]} {
		got, err := e.c.RecordingPasscode(context.Background(), r.UUID)
		if err != nil || got != r.PlayPasscode {
			t.Errorf("RecordingPasscode(%q) = %q, %v; want %q", r.UUID, got, err, r.PlayPasscode)
		}
	}
}

// TestRecordingsTokenRejected: a 401 in one window fails the whole list, not as a partial
// result, and stops the other windows.
func TestRecordingsTokenRejected(t *testing.T) {
	e := newMessyEnv(t, zoomtest.Shapes{})
	c := e.client(e.tok, zoomapi.WithConcurrency(1))
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultStatus, Status: 401, Path: "/v2/users/me/recordings", Count: 1})
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	recs, err := c.Recordings(context.Background(), from, from.AddDate(0, 6, 0))
	var pe *zoomapi.PartialError
	if !zoomapi.IsTokenInvalid(err) || errors.As(err, &pe) || recs != nil {
		t.Fatalf("Recordings = %d, %v; want the 401 alone", len(recs), err)
	}
	if n := e.log.count("GET", "/v2/users/me/recordings"); n != 1 {
		t.Errorf("sent %d window requests, want 1 (the others stopped)", n)
	}
}
