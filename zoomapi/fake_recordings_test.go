package zoomapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// recordingWindows returns the from..to of every recordings request, sorted.
func recordingWindows(l *requestLog) []string {
	var out []string
	for _, r := range l.all() {
		if r.Path == "/v2/users/me/recordings" && r.Query.Get("next_page_token") == "" {
			out = append(out, r.Query.Get("from")+".."+r.Query.Get("to"))
		}
	}
	slices.Sort(out)
	return out
}

// TestRecordingsMonthSplit asks a year and a half of recordings from a fake that rejects
// any request over a month, and checks the windows the client asked for.
func TestRecordingsMonthSplit(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		want     []string
	}{
		{"one day", "2026-03-05", "2026-03-05", []string{"2026-03-05..2026-03-05"}},
		{"jan 31", "2026-01-31", "2026-03-31", []string{"2026-01-31..2026-02-27", "2026-02-28..2026-03-27", "2026-03-28..2026-03-31"}},
		{"calendar year", "2025-01-01", "2025-12-31", []string{
			"2025-01-01..2025-01-31", "2025-02-01..2025-02-28", "2025-03-01..2025-03-31", "2025-04-01..2025-04-30",
			"2025-05-01..2025-05-31", "2025-06-01..2025-06-30", "2025-07-01..2025-07-31", "2025-08-01..2025-08-31",
			"2025-09-01..2025-09-30", "2025-10-01..2025-10-31", "2025-11-01..2025-11-30", "2025-12-01..2025-12-31"}},
	}
	e := newEnv(t, zoomtest.Options{RecordingRangeReject: true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.log.reset()
			from, _ := time.Parse(time.DateOnly, tt.from)
			to, _ := time.Parse(time.DateOnly, tt.to)
			if _, err := e.c.Recordings(context.Background(), from, to); err != nil {
				t.Fatalf("Recordings: %v", err)
			}
			if got := recordingWindows(e.log); !slices.Equal(got, tt.want) {
				t.Errorf("windows = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestRecordingsAgainstFake reads 14 months of the fake's seeded recordings, through a
// fake that answers 400 to any range over a month, and compares them with what the fake
// holds: every recording whose start falls on the dates asked, once, newest first. The
// fake's clock is fixed, so the result does not depend on the day the test runs.
func TestRecordingsAgainstFake(t *testing.T) {
	now := time.Date(2026, 3, 31, 0, 30, 0, 0, time.UTC)
	e := newEnv(t, zoomtest.Options{Now: func() time.Time { return now }, RecordingRangeReject: true})
	from, to := now.AddDate(-1, -2, 0), now
	var want []string
	for _, r := range e.s.Recordings("alex@example.com") {
		if !r.Start.Before(time.Date(2025, 1, 31, 0, 0, 0, 0, time.UTC)) && r.Start.Before(time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)) {
			want = append(want, r.UUID)
		}
	}
	for _, conc := range []int{1, 4} {
		t.Run(fmt.Sprint("concurrency ", conc), func(t *testing.T) {
			got, err := e.client(e.tok, zoomapi.WithConcurrency(conc)).Recordings(context.Background(), from, to)
			if err != nil {
				t.Fatalf("Recordings: %v", err)
			}
			var uuids []string
			for i, r := range got {
				uuids = append(uuids, r.UUID)
				if i > 0 && r.StartTime.After(got[i-1].StartTime) {
					t.Errorf("recording at %v sorted after %v, want newest first", r.StartTime, got[i-1].StartTime)
				}
				if r.ID == 0 || len(r.Files) == 0 {
					t.Errorf("recording %q: id %d with %d files, want both", r.UUID, r.ID, len(r.Files))
				}
			}
			if len(want) < 50 || !slices.Equal(uuids, want) {
				t.Errorf("got %d recordings, want the fake's %d (over 50) in the same order", len(uuids), len(want))
			}
		})
	}
}

// TestRecordingsPages seeds more than 300 recordings in one month: that window takes two
// pages of 300.
func TestRecordingsPages(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	day := time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)
	const n = 310
	for i := range n {
		if _, err := e.s.AddRecording("alex@example.com", fmt.Sprintf("rec %d", i), day.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatalf("AddRecording: %v", err)
		}
	}
	got, err := e.c.Recordings(context.Background(), day, day.AddDate(0, 0, 1))
	if err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	if len(got) != n {
		t.Errorf("got %d recordings, want %d", len(got), n)
	}
	var pages, withToken int
	for _, r := range e.log.all() {
		if r.Path == "/v2/users/me/recordings" {
			pages++
			if r.Query.Get("page_size") != "300" {
				t.Errorf("page_size = %q, want 300", r.Query.Get("page_size"))
			}
			if r.Query.Get("next_page_token") != "" {
				withToken++
			}
		}
	}
	if pages != 2 || withToken != 1 {
		t.Errorf("got %d requests, %d with next_page_token; want 2 and 1", pages, withToken)
	}
}

// TestRecordingsCancel cancels a year's fetch while the fake holds the first requests:
// Recordings returns ctx's error and sends no further window.
func TestRecordingsCancel(t *testing.T) {
	e := newEnv(t, zoomtest.Options{})
	e.s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultLatency, Path: "/v2/users/me/recordings", Latency: time.Minute})
	ctx, cancel := context.WithCancel(context.Background())
	sent := make(chan struct{}, 64)
	hc := &http.Client{Timeout: 2 * time.Minute, Transport: &loggingTransport{log: e.log, base: authTransport(e),
		onSend: func(*http.Request) { sent <- struct{}{} }}}
	c := zoomapi.NewClient(hc, e.s.URL+"/v2", zoomapi.WithConcurrency(2))
	go func() {
		<-sent
		cancel()
	}()
	_, err := c.Recordings(ctx, time.Now().AddDate(-1, 0, 0), time.Now())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Recordings = %v, want context.Canceled", err)
	}
	if n := e.log.count(http.MethodGet, "/v2/users/me/recordings"); n > 2 {
		t.Errorf("sent %d window requests after cancellation, want at most the 2 in flight", n)
	}
}
