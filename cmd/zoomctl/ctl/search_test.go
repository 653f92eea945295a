package ctl

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
)

// TestSearchThroughAgent signs in through an agent whose time runs 400 times faster than in
// real life, searches while the transcript sync is under way (as a user who just signed in
// would), waits for the index, and searches again with zoomctl.
func TestSearchThroughAgent(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	if tz, ok := os.LookupEnv("TZ"); ok { // --from and --to are dates of zoomctl's zone: the test's
		u.env = append(u.env, "TZ="+tz)
	}
	data := filepath.Join(t.TempDir(), "data")
	var logs bytes.Buffer
	var mu sync.Mutex // the agent's goroutines write the logs
	startAgentWith(t, f, u, func(o *service.Options) {
		o.Dirs.Data, o.TimeScale = data, 400
		o.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
	})
	u.loginDevice(t, f)
	var last string
	t.Cleanup(func() {
		if t.Failed() {
			mu.Lock()
			defer mu.Unlock()
			t.Log("last output: " + last + "\nlogs: " + logs.String())
		}
	})

	// A search answers with what is indexed so far, and it speeds the sync up: left alone,
	// a pass begins at its slowest pace (a request an hour, 9 s at this scale) and takes a
	// minute to reach its full one; after a search it starts at a request every 10 s (25 ms
	// here) at most. The agent learns the account's ID just after the sign-in, so the first
	// search may find it signed out.
	testenv.EventuallyEvery(t, waitFor, 100*time.Millisecond, "a search during the sync answers", func() bool {
		r := u.run(t, f, "search", "--json", "quarterly", "budget")
		last = r.stdout + r.stderr
		if r.code != 0 {
			return false
		}
		var early service.SearchResult
		jsonTo(t, r.stdout, &early)
		if early.Progress.Indexed > early.Progress.Total {
			t.Fatalf("search during the sync: progress %+v", early.Progress)
		}
		return true
	})

	// The wait fails when the sync stops making progress for 3 minutes (or at 20: a loaded
	// machine with the race detector is slow), not at a fixed time.
	progress, stalled := "", time.Now().Add(3*time.Minute)
	testenv.EventuallyEvery(t, 20*time.Minute, 250*time.Millisecond, "the index is complete", func() bool {
		var st service.Status
		last = u.mustRun(t, f, "status", "--json").stdout
		jsonTo(t, last, &st)
		if st.Search == nil {
			return false
		}
		if p := fmt.Sprintf("%d/%d", st.Search.Indexed, st.Search.Total); p != progress {
			progress, stalled = p, time.Now().Add(3*time.Minute)
		}
		if time.Now().After(stalled) {
			t.Fatalf("the transcript sync made no progress for 3 minutes (indexed/total %s)", progress)
		}
		return !st.Search.LastSync.IsZero()
	})

	var res service.SearchResult
	jsonTo(t, u.mustRun(t, f, "search", "--json", "quarterly", "budget").stdout, &res)
	if len(res.Hits) == 0 || res.Progress.Indexed != res.Progress.Total || res.Progress.Total == 0 {
		t.Fatalf("search --json: %d hits, progress %+v", len(res.Hits), res.Progress)
	}
	h := res.Hits[0]
	if h.Speaker != "Alex Rivera" || h.Text[h.Match[0][0]:h.Match[0][1]] != "quarterly budget" {
		t.Errorf("first hit %+v", h)
	}
	for i := 1; i < len(res.Hits); i++ {
		if res.Hits[i].Start.After(res.Hits[i-1].Start) {
			t.Errorf("hit %d is newer than hit %d", i, i-1)
		}
	}

	out := u.mustRun(t, f, "search", "Нужно обсудить").stdout
	if !strings.Contains(out, "  > Ольга Иванова: Нужно обсудить бюджет на следующий квартал.") {
		t.Errorf("search output:\n%s", out)
	}

	// --from and --to are local dates, both included.
	newest := h.Start.Local().Format(time.DateOnly)
	var only service.SearchResult
	jsonTo(t, u.mustRun(t, f, "search", "--json", "--from", newest, "--to", newest, "quarterly budget").stdout, &only)
	for _, o := range only.Hits {
		if o.Start.Local().Format(time.DateOnly) != newest {
			t.Errorf("--from %s --to %s gave a hit of %v", newest, newest, o.Start)
		}
	}
	if len(only.Hits) == 0 {
		t.Errorf("--from %s --to %s found nothing", newest, newest)
	}
	if r := u.run(t, f, "search"); r.code != ExitUsage {
		t.Errorf("search without a phrase: exit %d, want %d", r.code, ExitUsage)
	}
}

func TestPrintHits(t *testing.T) {
	start := time.Date(2026, 3, 10, 15, 4, 0, 0, time.Local)
	hits := []transcripts.Hit{
		{Topic: "Design review", Start: start, Kind: transcripts.KindTranscript, OffsetMS: 754000, Speaker: "Sam Okafor",
			Text: "The quarterly budget review is due.", Match: [][2]int{{4, 20}}, Before: "Good morning.", After: "Thanks."},
		{Topic: "Design review", Start: start, Kind: transcripts.KindChat, OffsetMS: 3723000, Speaker: "田中 由紀",
			Text: "資料を共有します。", Match: [][2]int{{0, 6}}},
	}
	tests := []struct {
		tty  bool
		want string
	}{
		{false, "2026-03-10 15:04  Design review  (transcript at 12:34)\n    Good morning.\n  > Sam Okafor: The quarterly budget review is due.\n    Thanks.\n\n" +
			"2026-03-10 15:04  Design review  (chat at 1:02:03)\n  > 田中 由紀: 資料を共有します。\n"},
		{true, "2026-03-10 15:04  Design review  (transcript at 12:34)\n    Good morning.\n  > Sam Okafor: The \x1b[7mquarterly budget\x1b[0m review is due.\n    Thanks.\n\n" +
			"2026-03-10 15:04  Design review  (chat at 1:02:03)\n  > 田中 由紀: \x1b[7m資料\x1b[0mを共有します。\n"},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		printHits(&b, hits, tt.tty)
		if b.String() != tt.want {
			t.Errorf("tty %v:\n%q\nwant\n%q", tt.tty, b.String(), tt.want)
		}
	}
	var b bytes.Buffer
	printHits(&b, nil, false)
	if b.String() != "No matches.\n" {
		t.Errorf("no hits: %q", b.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
