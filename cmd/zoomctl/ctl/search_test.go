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

// TestSearchThroughAgent signs in through an agent whose transcript sync runs 400 times
// faster than in real life, waits for the index, and searches with zoomctl.
func TestSearchThroughAgent(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	if tz, ok := os.LookupEnv("TZ"); ok { // --from and --to are dates of zoomctl's zone: the test's
		u.env = append(u.env, "TZ="+tz)
	}
	data := filepath.Join(t.TempDir(), "data")
	var logs bytes.Buffer
	var mu sync.Mutex
	startAgentWith(t, f, u, func(o *service.Options) {
		o.Dirs.Data, o.TimeScale = data, 400
		o.Logger = slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, nil))
	})
	u.loginDevice(t, f)
	var last string
	t.Cleanup(func() {
		if t.Failed() {
			mu.Lock()
			t.Log("last status: " + last + "\nlogs: " + logs.String())
			mu.Unlock()
		}
	})
	// The pass takes a minute or two at this scale, several on a loaded machine with the race
	// detector: the wait fails when the sync stops making progress for 3 minutes (or at 20),
	// not at a fixed time. zoomctl runs once a second, not more, so as not to add to the load.
	progress, stalled := "", time.Now().Add(3*time.Minute)
	testenv.EventuallyEvery(t, 20*time.Minute, time.Second, "the index is complete", func() bool {
		var st service.Status
		out := u.mustRun(t, f, "status", "--json").stdout
		jsonTo(t, out, &st)
		mu.Lock()
		last = out
		mu.Unlock()
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
