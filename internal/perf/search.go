package perf

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// SearchOptions configures SearchIndex.
type SearchOptions struct {
	// Zoomtray is the built agent binary.
	Zoomtray string
	// Recordings is how many one-hour recordings with a transcript and a chat the fake
	// adds (zoomtest.Options.TranscriptRecordings). Default 1000.
	Recordings int
	// Scale divides the agent's intervals, the sync's pace included. Default 300: the
	// idle pace of one request every 20 s becomes one every 67 ms, within the fake's
	// per-second limits.
	Scale float64
	// Queries is how many searches are timed. Default 100.
	Queries int
	// After is how long the agent's CPU is measured once the sync is done. Default 30 s.
	After time.Duration
	// Log receives progress lines; nil discards.
	Log io.Writer
}

// SearchReport holds the transcript index figures.
type SearchReport struct {
	Recordings, Indexed int
	TextBytes           int64 // the transcripts and chats served
	Wall                time.Duration
	Scale               float64
	Requests            map[string]int // by route, during the sync
	RequestsTotal       int
	PeakRSS             int64 // the agent's VmHWM, bytes
	IndexBytes          int64
	CPUDuring           float64 // share of one core while syncing (at Scale)
	CPUPerRequest       time.Duration
	CPUAfter            float64 // share of one core in After once done
	After               time.Duration
	Latencies           []time.Duration // sorted
	Hits                int
}

// searchPhrases are what the timed queries look for: phrases and words of the fake's
// transcripts in its languages, and words that are not there.
var searchPhrases = []string{
	"quarterly budget", "release candidate", "database migration", "renewal contract", "roadmap",
	"onboarding flow", "security patch", "test coverage", "incident postmortem", "staging cluster",
	"dashboard", "accessibility audit", "mobile prototype", "share your screen", "customer",
	"Angebot", "Vertrag", "Umsatzzahlen", "問い合わせ", "リリース", "バックアップ", "бюджет",
	"презентацию", "الميزانية", "ملخص", "kubernetes", "invoice", "the", "budget review is due",
}

// SearchIndex runs the real agent against a fake with o.Recordings hour-long recordings,
// waits until its transcript sync is complete, then times o.Queries searches through
// the local API.
func SearchIndex(ctx context.Context, o SearchOptions) (*SearchReport, error) {
	o = o.withDefaults()
	fake := zoomtest.NewServer(zoomtest.Options{TranscriptRecordings: o.Recordings})
	defer fake.Close()
	a, err := newAgentRunAs(ctx, fake, o.Zoomtray, o.Scale, "alex@example.com")
	if err != nil {
		return nil, err
	}
	defer a.Close()
	before, err := fakeRequests(ctx, fake.URL)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	c, err := a.start(ctx)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	ticks0 := cpuTicks(a.cmd.Process.Pid)
	rep := &SearchReport{Recordings: o.Recordings, Scale: o.Scale, After: o.After}
	if err := waitSynced(ctx, c, o.Log, rep); err != nil {
		return nil, err
	}
	rep.Wall = time.Since(start)
	cpu := cpuTicks(a.cmd.Process.Pid) - ticks0
	rep.CPUDuring = ticksShare(cpu, rep.Wall)
	after, err := fakeRequests(ctx, fake.URL)
	if err != nil {
		return nil, err
	}
	rep.Requests, rep.RequestsTotal = delta(before, after)
	rep.CPUPerRequest = ticksDuration(cpu) / time.Duration(max(rep.syncRequests(), 1))
	rep.TextBytes = fake.TextBytes()
	rep.PeakRSS = procStatus(a.cmd.Process.Pid, "VmHWM")
	if fi, err := os.Stat(filepath.Join(a.home, ".local", "share", "zoomtray", "transcripts.db")); err == nil {
		rep.IndexBytes = fi.Size()
	}
	t0 := cpuTicks(a.cmd.Process.Pid)
	if err := wait(ctx, o.After); err != nil {
		return nil, err
	}
	rep.CPUAfter = ticksShare(cpuTicks(a.cmd.Process.Pid)-t0, o.After)
	return rep, timeQueries(ctx, c, o.Queries, rep)
}

func (o SearchOptions) withDefaults() SearchOptions {
	if o.Recordings == 0 {
		o.Recordings = 1000
	}
	if o.Scale == 0 {
		o.Scale = 300
	}
	if o.Queries == 0 {
		o.Queries = 100
	}
	if o.After == 0 {
		o.After = 30 * time.Second
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
	return o
}

// waitSynced polls the agent's status until a sync pass is complete (30 minutes at most).
func waitSynced(ctx context.Context, c *localapi.Client, log io.Writer, rep *SearchReport) error {
	deadline := time.Now().Add(30 * time.Minute)
	last := time.Now()
	for time.Now().Before(deadline) {
		st, err := c.Status(ctx)
		if err != nil {
			return err
		}
		if p := st.Search; p != nil {
			rep.Indexed = p.Indexed
			if !p.LastSync.IsZero() {
				return nil
			}
			if time.Since(last) > 10*time.Second {
				fmt.Fprintf(log, "searchindex: indexed %d of %d recordings\n", p.Indexed, p.Total)
				last = time.Now()
			}
		}
		if err := wait(ctx, 250*time.Millisecond); err != nil {
			return err
		}
	}
	return fmt.Errorf("the transcript sync did not finish in 30 minutes")
}

// timeQueries runs n searches, phrases drawn from searchPhrases, and records each one's
// latency through the local API.
func timeQueries(ctx context.Context, c *localapi.Client, n int, rep *SearchReport) error {
	r := rand.New(rand.NewPCG(15, 2))
	for range n {
		q := searchPhrases[r.IntN(len(searchPhrases))]
		t := time.Now()
		res, err := c.Search(ctx, transcripts.Query{Text: q})
		if err != nil {
			return err
		}
		rep.Latencies = append(rep.Latencies, time.Since(t))
		rep.Hits += len(res.Hits)
	}
	slices.Sort(rep.Latencies)
	return nil
}

// cpuTicks returns utime + stime of pid, in clock ticks (/proc/PID/stat).
func cpuTicks(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, _ := strconv.ParseInt(fields[11], 10, 64)
	st, _ := strconv.ParseInt(fields[12], 10, 64)
	return ut + st
}

// clkTck is Linux's USER_HZ.
const clkTck = 100

func ticksDuration(t int64) time.Duration { return time.Duration(t) * time.Second / clkTck }

func ticksShare(t int64, d time.Duration) float64 { return ticksDuration(t).Seconds() / d.Seconds() }

// procStatus returns a "kB" field of /proc/PID/status in bytes.
func procStatus(pid int, key string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// syncRequests counts the sync's own requests: the recordings lists and the downloads (the
// meetings polls, run Scale times faster too, are not the sync's).
func (r *SearchReport) syncRequests() int {
	return r.Requests["GET /rec/download/{file}"] + r.Requests["GET /v2/users/me/recordings"]
}

// Print writes the report.
func (r *SearchReport) Print(w io.Writer) {
	mb := func(b int64) float64 { return float64(b) / 1e6 }
	pct := func(i int) time.Duration { return r.Latencies[min(len(r.Latencies)-1, i*len(r.Latencies)/100)] }
	fmt.Fprintf(w, "# %s, %d cores\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), runtime.NumCPU())
	fmt.Fprintf(w, "recordings: %d one-hour (transcript + chat), %.1f MB of text; indexed %d\n", r.Recordings, mb(r.TextBytes), r.Indexed)
	fmt.Fprintf(w, "full sync at %gx the real pace: wall %v; %d requests of the sync, %d in all (%s)\n",
		r.Scale, r.Wall.Round(time.Millisecond), r.syncRequests(), r.RequestsTotal, routes(r.Requests))
	real := time.Duration(float64(r.Wall) * r.Scale)
	perHour := float64(r.syncRequests()) / real.Hours()
	fmt.Fprintf(w, "  at the real idle pace: %v, %.0f sync requests per hour (peak %.2f/s; Zoom Pro allows 30/s Light, 20/s Medium; Free 6,000 Light a day: %.0f%% of it)\n",
		real.Round(time.Minute), perHour, 1/pollplan.SyncIdleGap.Seconds(), 100*perHour*24/6000)
	fmt.Fprintf(w, "agent peak RSS (VmHWM): %.1f MB; index file: %.1f MB\n", mb(r.PeakRSS), mb(r.IndexBytes))
	fmt.Fprintf(w, "agent CPU: %.1f%% of a core during the accelerated sync (%v per request; %.3f%% at the real idle pace), %.2f%% in %v after it\n",
		100*r.CPUDuring, r.CPUPerRequest.Round(100*time.Microsecond), 100*r.CPUPerRequest.Seconds()*3/60, 100*r.CPUAfter, r.After)
	fmt.Fprintf(w, "search through the local API, %d queries (%d hits): p50 %v, p95 %v, max %v\n",
		len(r.Latencies), r.Hits, pct(50).Round(10*time.Microsecond), pct(95).Round(10*time.Microsecond), r.Latencies[len(r.Latencies)-1].Round(10*time.Microsecond))
}

// routes is "N route, ..." for the routes of m, most first.
func routes(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return m[b] - m[a] })
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}
