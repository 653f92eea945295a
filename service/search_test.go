package service

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/pollplan"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/zoomapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// testSearchMonths is how far back the tests' syncs go: enough recordings to see paging,
// resuming and progress, few enough for the race detector on a busy machine.
const testSearchMonths = 3

// searchEnv is a signed-in, running service with a data directory, on a fake clock.
type searchEnv struct {
	s    *Service
	clk  *fakeClock
	env  *fakeEnv
	opts Options
	// listedAt is the clock when the sync sent its first list request after listsBefore
	// of them (zero before): the end of the sync's horizon, which textFiles must share.
	listedAt    time.Time
	listsBefore int
}

func newSearchEnv(t *testing.T, tweak func(*Options)) *searchEnv {
	t.Helper()
	clk := newFakeClock(time.Now())
	env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
	opts := env.testOptions(t, clk, nil)
	opts.Dirs.Data = filepath.Join(t.TempDir(), "data")
	opts.searchMonths = testSearchMonths
	if err := os.MkdirAll(opts.Dirs.Data, 0o700); err != nil {
		t.Fatal(err)
	}
	if tweak != nil {
		tweak(&opts)
	}
	return startSearchEnv(t, env, clk, opts)
}

func startSearchEnv(t *testing.T, env *fakeEnv, clk *fakeClock, opts Options) *searchEnv {
	t.Helper()
	s := newService(t, opts)
	run(t, s)
	login(t, s)
	return &searchEnv{s: s, clk: clk, env: env, opts: opts}
}

// pumpFor bounds pump: a pass is a hundred requests and as many SQLite transactions,
// which the race detector on a busy 2-core machine slows down many times. It is a
// deadline for a hang, not a measure of speed.
const pumpFor = 3 * waitFor

// pump fires the sync's timers (its pace and its waits) until cond holds.
func (e *searchEnv) pump(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(pumpFor)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, pumpFor)
		}
		if at, ok := e.clk.pending(timerSearch); ok {
			// The sync arms its next timer after its request, at the clock of the last
			// advance.
			if e.listedAt.IsZero() && e.env.zoom.Stats().Routes["GET /v2/users/me/recordings"].Count > e.listsBefore {
				e.listedAt = e.clk.Now()
			}
			e.clk.advance(at)
			continue
		}
		select {
		case <-e.clk.armed:
		case <-time.After(10 * time.Millisecond): // a request is in flight: look again
		}
	}
}

func (e *searchEnv) progress() SearchProgress {
	if p := e.s.status().Search; p != nil {
		return *p
	}
	return SearchProgress{}
}

// synced waits for a complete pass.
func (e *searchEnv) synced(t *testing.T) SearchProgress {
	t.Helper()
	e.pump(t, "a complete pass", func() bool { return !e.progress().LastSync.IsZero() })
	return e.progress()
}

// textFiles counts alex's transcripts and chats that can be downloaded, and the
// recordings that have one, within the sync's horizon (its UTC months, back from its first
// list request, which may be on the day before the pass ended): a month a (virtual)
// second, within the fake's rate limits.
func textFiles(t *testing.T, e *searchEnv) (files, recs int) {
	t.Helper()
	to := e.listedAt
	if to.IsZero() {
		to = e.clk.Now()
	}
	to = to.UTC()
	for range testSearchMonths {
		from := zoomapi.MonthEndingOn(to)
		list, err := e.s.rest().api.Recordings(context.Background(), from, to)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range list {
			todo, _ := searchFiles(r, nil)
			files += len(todo)
			if len(todo) > 0 {
				recs++
			}
		}
		to = from.AddDate(0, 0, -1)
		e.clk.advance(e.clk.Now().Add(time.Second))
	}
	return files, recs
}

func downloads(z *zoomtest.Server) int { return z.Stats().Routes["GET /rec/download/{file}"].Count }

func TestSearchSyncIndexesEverything(t *testing.T) {
	e := newSearchEnv(t, nil)
	p := e.synced(t)
	files, recs := textFiles(t, e)
	if recs == 0 || p.Total != recs || p.Indexed != recs || p.Syncing {
		t.Errorf("progress %+v, want %d of %d and not syncing", p, recs, recs)
	}
	if got := downloads(e.env.zoom); got != files {
		t.Errorf("%d downloads, want one per transcript and chat (%d)", got, files)
	}
	// One list a month for the sync and one for textFiles; a local month away from UTC
	// covers two UTC months, each asked for apart.
	if got := e.env.zoom.Stats().Routes["GET /v2/users/me/recordings"].Count; got > 2*2*testSearchMonths {
		t.Errorf("%d list requests for %d months", got, testSearchMonths)
	}
	res, err := e.s.Search(context.Background(), transcripts.Query{Text: "quarterly budget"})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("Search: %d hits, %v", len(res.Hits), err)
	}
	h := res.Hits[0]
	if h.Speaker != "Alex Rivera" || h.Topic == "" || h.MeetingID == 0 || h.PlayURL == "" || len(h.Match) != 1 ||
		h.Text[h.Match[0][0]:h.Match[0][1]] != "quarterly budget" {
		t.Errorf("first hit %+v", h)
	}
	fi, err := os.Stat(filepath.Join(e.opts.Dirs.Data, searchFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("index file: %v, %v; want mode 0600", fi, err)
	}
}

func TestSearchSyncPacesRequests(t *testing.T) {
	e := newSearchEnv(t, nil)
	start := e.clk.Now()
	e.synced(t)
	files, _ := textFiles(t, e)
	requests := files + testSearchMonths
	// Idle pace: one request every pollplan.SyncIdleGap, never faster.
	if got, want := e.clk.Now().Sub(start), time.Duration(requests-1)*pollplan.SyncIdleGap; got < want {
		t.Errorf("%d requests took %v of the clock, want at least %v (3 a minute)", requests, got, want)
	}
}

func TestSearchSyncResumesAfterRestart(t *testing.T) {
	var logs logBuffer
	e := newSearchEnv(t, func(o *Options) { o.Logger = logs.logger() })
	t.Cleanup(func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	})
	e.pump(t, "five recordings indexed", func() bool { return e.progress().Indexed >= 5 })
	if err := e.s.Close(); err != nil {
		t.Fatal(err)
	}
	before := downloads(e.env.zoom)
	again := startSearchEnv(t, e.env, e.clk, e.opts)
	p := again.synced(t)
	files, recs := textFiles(t, again)
	if p.Indexed != recs || p.Total != recs {
		t.Errorf("after the restart: progress %+v, want %d of %d", p, recs, recs)
	}
	// Each file is fetched once, but the one in flight at the restart.
	if got := downloads(e.env.zoom); got > files+1 || got-before >= files {
		t.Errorf("%d downloads in all (%d after the restart) for %d files", got, got-before, files)
	}
	// A later pass fetches nothing new.
	n := downloads(e.env.zoom)
	again.pump(t, "a second pass", func() bool { return again.progress().LastSync.After(p.LastSync) })
	if got := downloads(e.env.zoom); got != n {
		t.Errorf("the second pass downloaded %d files, want none", got-n)
	}
}

func TestSearchSyncRecoversFromNetworkLoss(t *testing.T) {
	e := newSearchEnv(t, func(o *Options) { o.apiOpts = append(o.apiOpts, zoomapi.WithRetries(0, 0)) })
	e.pump(t, "three recordings indexed", func() bool { return e.progress().Indexed >= 3 })
	e.env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultReset, Path: "/rec/download/"})
	e.pump(t, "the pass failed", func() bool { return !e.progress().Syncing })
	stuck := e.progress().Indexed
	e.env.zoom.SetFaults()
	// The next pass lists the months back from its own start, which may be a day later.
	e.listedAt, e.listsBefore = time.Time{}, e.env.zoom.Stats().Routes["GET /v2/users/me/recordings"].Count
	p := e.synced(t)
	_, recs := textFiles(t, e)
	if p.Indexed != recs || stuck >= recs {
		t.Errorf("indexed %d when the network failed, %d after, want %d", stuck, p.Indexed, recs)
	}
}

func TestSearchIndexDeletedOnSignOut(t *testing.T) {
	e := newSearchEnv(t, nil)
	e.synced(t)
	path := filepath.Join(e.opts.Dirs.Data, searchFile)
	if _, err := e.s.Logout(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("index after sign-out: %v, want deleted", err)
	}
	if p := e.progress(); p.Indexed != 0 || p.Total != 0 {
		t.Errorf("progress after sign-out %+v", p)
	}
	if _, err := e.s.Search(context.Background(), transcripts.Query{Text: "budget"}); err == nil {
		t.Error("Search after sign-out succeeded")
	}
}

func TestSearchIndexDeletedOnAccountChange(t *testing.T) {
	e := newSearchEnv(t, nil)
	e.synced(t)
	path := filepath.Join(e.opts.Dirs.Data, searchFile)
	const said = "quarterly budget" // alex's words, stored as text in the index file
	if b, err := os.ReadFile(path); err != nil || !strings.Contains(string(b), said) {
		t.Fatalf("the index holds no %q before the change (%v)", said, err)
	}
	e.s.setAccount(Account{ID: "someone-else", Email: "jonas@example.com"})
	// The new account may have a new index already, but without the old one's words.
	if b, err := os.ReadFile(path); err == nil && strings.Contains(string(b), said) {
		t.Error("the old account's words are still on disk")
	}
	res, err := e.s.Search(context.Background(), transcripts.Query{Text: "quarterly budget"})
	if err != nil || len(res.Hits) != 0 {
		t.Errorf("the new account finds %d of the old one's lines (%v)", len(res.Hits), err)
	}
}

func TestSearchNeverInKiosk(t *testing.T) {
	for _, tweak := range []func(*Options){
		func(o *Options) { o.Kiosk = true },
		func(o *Options) { o.Settings.Kiosk = true },
	} {
		clk := newFakeClock(time.Now())
		env := newFake(t, clk, zoomtest.Options{AutoApprove: alex})
		opts := env.testOptions(t, clk, nil)
		opts.Dirs.Data = t.TempDir()
		tweak(&opts)
		s := newService(t, opts)
		run(t, s)
		if _, err := s.Meetings(context.Background(), true); err == nil {
			t.Log("signed in without a login?")
		}
		if s.status().Search != nil {
			t.Error("kiosk status has search progress")
		}
		_, err := s.Search(context.Background(), transcripts.Query{Text: "budget"})
		var ei *ErrorInfo
		if !errors.As(err, &ei) || ei.Reason != ReasonSearchOff {
			t.Errorf("Search in kiosk mode: %v, want %s", err, ReasonSearchOff)
		}
		if _, ok := clk.pending(timerSearch); ok || downloads(env.zoom) != 0 {
			t.Error("kiosk mode syncs transcripts")
		}
		if files := cacheFiles(t, opts.Dirs.Data); len(files) != 0 {
			t.Errorf("kiosk data directory holds %v", files)
		}
	}
}

func TestSearchRebuildsDamagedIndex(t *testing.T) {
	e := newSearchEnv(t, func(o *Options) {
		// A half-written file from an earlier run.
		if err := os.WriteFile(filepath.Join(o.Dirs.Data, searchFile), []byte(strings.Repeat("SQLite format 3\x00", 300)), 0o600); err != nil {
			t.Fatal(err)
		}
	})
	p := e.synced(t)
	if p.Indexed == 0 {
		t.Fatalf("progress %+v", p)
	}
	if res, err := e.s.Search(context.Background(), transcripts.Query{Text: "budget"}); err != nil || len(res.Hits) == 0 {
		t.Errorf("Search after the rebuild: %d hits, %v", len(res.Hits), err)
	}
}

func TestSearchHitsInOrderSaid(t *testing.T) {
	e := newSearchEnv(t, nil)
	e.synced(t)
	res, err := e.s.Search(context.Background(), transcripts.Query{Text: "quarterly budget", Limit: 500})
	if err != nil || len(res.Hits) < 20 {
		t.Fatalf("%d hits, %v", len(res.Hits), err)
	}
	for i := 1; i < len(res.Hits); i++ {
		a, b := res.Hits[i-1], res.Hits[i]
		switch {
		case b.Start.After(a.Start):
			t.Fatalf("hit %d (%v) is newer than hit %d (%v)", i, b.Start, i-1, a.Start)
		case b.RecordingUUID == a.RecordingUUID && b.Kind == a.Kind && b.OffsetMS < a.OffsetMS:
			for j := max(0, i-7); j <= i; j++ {
				t.Logf("%d %s %v %s %q", j, res.Hits[j].RecordingUUID, res.Hits[j].Offset(), res.Hits[j].Kind, res.Hits[j].Before)
			}
			t.Fatalf("hit %d at %v comes after hit %d at %v of the same file", i, b.Offset(), i-1, a.Offset())
		}
	}
}

// TestSearchSyncSlowsDownAfter429 answers the sync's first list request with Zoom's
// per-second 429. The sync waits out a backoff, then goes on at its slowest pace, so that
// an account that hit its limit is not hit again by background work. Without the 429 the
// pass's second request comes after 30 minutes (the slowest pace halved by the fake's
// quiet answer); after it, 48 (eased by a fifth only).
func TestSearchSyncSlowsDownAfter429(t *testing.T) {
	lists := func(z *zoomtest.Server) int { return z.Stats().Routes["GET /v2/users/me/recordings"].Count }
	// secondGap starts a signed-in service, lets the sync's first list request succeed
	// (after the 429 and its backoff when limited) and returns the wait for the second.
	secondGap := func(limited bool) time.Duration {
		clk := newFakeClock(time.Now())
		// The quota headers on successes tell the sync that the account is quiet. The fake's
		// clock stands still, so the agent's first poll and the sync's first list share one
		// second of the quota, in either order: on Business (60 Medium a second) they leave
		// it quiet (at most 6 used) either way; on Pro (20) the order decided.
		env := newFake(t, clk, zoomtest.Options{AutoApprove: alex, RateLimitHeaders: true, Plan: zoomtest.PlanBusiness})
		opts := env.testOptions(t, clk, nil)
		opts.Dirs.Data = filepath.Join(t.TempDir(), "data")
		opts.searchMonths = testSearchMonths
		if err := os.MkdirAll(opts.Dirs.Data, 0o700); err != nil {
			t.Fatal(err)
		}
		if limited {
			env.zoom.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultRateLimitQPS, Path: "/v2/users/me/recordings", Count: 1})
		}
		e := startSearchEnv(t, env, clk, opts)
		if limited {
			start := e.clk.Now()
			testenv.Eventually(t, waitFor, "the 429 and the sync's backoff", func() bool {
				_, ok := e.clk.pending(timerSearch)
				return lists(env.zoom) == 1 && ok
			})
			at, _ := e.clk.pending(timerSearch)
			if at.Sub(start) < pollplan.SyncBackoffMin {
				t.Errorf("after a 429: next try in %v, want a backoff of %v at least", at.Sub(start), pollplan.SyncBackoffMin)
			}
			e.clk.advance(at)
		}
		var at time.Time
		testenv.Eventually(t, waitFor, "the sync's first list request answered", func() bool {
			var ok bool
			at, ok = e.clk.pending(timerSearch)
			return lists(env.zoom) == map[bool]int{false: 1, true: 2}[limited] && ok
		})
		return at.Sub(e.clk.Now())
	}
	calm, after := secondGap(false), secondGap(true)
	if calm < 25*time.Minute || calm > 35*time.Minute {
		t.Errorf("without a 429: second request after %v, want the slow start halved, 30 minutes", calm)
	}
	if after < 40*time.Minute {
		t.Errorf("after a 429: second request after %v, want the slowest pace eased by a fifth (48 minutes)", after)
	}
}
