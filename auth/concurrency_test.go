package auth

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// soak lengthens TestConcurrentSessionsTwoProcesses: go test ./auth/ -run Concurr -soak=10m.
var soak = flag.Duration("soak", 0, "run the two-process session concurrency test this long (default 30s, 6s with -short)")

// Environment of the helper process of TestConcurrentSessionsTwoProcesses.
const (
	helperEnv      = "ZOOMTRAY_SESSION_HELPER" // "1" in the helper
	helperURL      = "ZOOMTRAY_SESSION_HELPER_URL"
	helperDir      = "ZOOMTRAY_SESSION_HELPER_DIR"
	helperDuration = "ZOOMTRAY_SESSION_HELPER_DURATION"
	helperPrefix   = "SESSION-HELPER-RESULT "
)

// callerReport is what a group of API callers saw; the helper prints it as JSON.
type callerReport struct {
	Calls, Failures int
	NeedsSignIn     bool
	FirstFailure    string
}

// hammer runs callers goroutines that call GET /v2/users/me through s every period until
// d has passed, staying under the fake's per-second rate limit.
func hammer(s *Session, callers int, period, d time.Duration) callerReport {
	var (
		mu  sync.Mutex // guards rep
		rep callerReport
		wg  sync.WaitGroup
	)
	ch, cancel := s.Subscribe()
	defer cancel()
	watchDone := make(chan struct{})
	go func() {
		defer close(watchDone)
		for st := range ch {
			if st.Kind == NeedsSignIn {
				mu.Lock()
				rep.NeedsSignIn = true
				mu.Unlock()
			}
		}
	}()
	end := time.Now().Add(d)
	for i := range callers {
		wg.Go(func() {
			start := time.NewTimer(period * time.Duration(i) / time.Duration(callers)) // spread the phases
			<-start.C
			tick := time.NewTicker(period)
			defer tick.Stop()
			for ; time.Now().Before(end); <-tick.C {
				err := callMe(s)
				mu.Lock()
				rep.Calls++
				if err != nil {
					rep.Failures++
					if rep.FirstFailure == "" {
						rep.FirstFailure = err.Error()
					}
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	cancel()
	<-watchDone
	return rep
}

// callMe calls GET /users/me and wants HTTP 200.
func callMe(s *Session) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.APIURL()+"/users/me", nil)
	if err != nil {
		return err
	}
	resp, err := s.HTTPClient().Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET /users/me: HTTP %d", resp.StatusCode)
	}
	return nil
}

// startSessionHelper re-executes the test binary as the second process.
func startSessionHelper(t *testing.T, url, dir string, d time.Duration) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperSessionProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"=1", helperURL+"="+url, helperDir+"="+dir,
		helperDuration+"="+d.String())
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatalf("start helper process: %v", err)
	}
	return cmd, &out
}

// helperReport finds the helper's result line in its output.
func helperReport(t *testing.T, out string) callerReport {
	t.Helper()
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), helperPrefix); ok {
			var rep callerReport
			if err := json.Unmarshal([]byte(rest), &rep); err != nil {
				t.Fatalf("helper result: %v", err)
			}
			return rep
		}
	}
	t.Fatalf("helper printed no result; output:\n%s", out)
	return callerReport{}
}

// TestHelperSessionProcess is the second process of TestConcurrentSessionsTwoProcesses. It
// shares the token file and the lock file, and skips unless started by that test.
func TestHelperSessionProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "1" {
		t.Skip("helper process of TestConcurrentSessionsTwoProcesses")
	}
	d, err := time.ParseDuration(os.Getenv(helperDuration))
	if err != nil {
		t.Fatal(err)
	}
	dir, url := os.Getenv(helperDir), os.Getenv(helperURL)
	opts := SessionOptions{Store: tokenstore.NewFile(filepath.Join(dir, "tokens.json")),
		LockPath: filepath.Join(dir, "session.lock")}
	s := newTestSession(t, Config{ClientID: "demo-client", ClientSecret: "demo-secret", OAuthURL: url}, opts)
	if err := s.Load(context.Background()); err != nil {
		t.Fatal(err)
	}
	runSession(t, s)
	rep := hammer(s, 10, 1500*time.Millisecond, d)
	b, _ := json.Marshal(rep)
	fmt.Println(helperPrefix + string(b))
}

func TestConcurrentSessionsTwoProcesses(t *testing.T) {
	d := 30 * time.Second
	if testing.Short() {
		d = 6 * time.Second // the developer's loop: three token lifetimes, a few refreshes
	}
	if *soak > 0 {
		d = *soak
	}
	const lifetime = 2 * time.Second
	srv := sessFake(t, zoomtest.Options{AccessTokenTTL: lifetime, Plan: zoomtest.PlanBusiness})
	dir := t.TempDir()
	opts := SessionOptions{Store: tokenstore.NewFile(filepath.Join(dir, "tokens.json")),
		LockPath: filepath.Join(dir, "session.lock")}
	s := signedInSession(t, srv, opts)
	runSession(t, s)
	start := time.Now()
	cmd, out := startSessionHelper(t, srv.URL, dir, d)
	// 50 callers here (the figure) and 10 in the helper, each calling every 3 s and
	// at most twice in one period (a ticker keeps one tick while a call waits for a refresh),
	// stay within the fake's Business limit of 80 calls a second even when a refresh
	// releases them all at once: a 429 would be the fake's rate limit, not a lost session.
	rep := hammer(s, 50, 3*time.Second, d)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper process: %v\n%s", err, out)
	}
	elapsed := time.Since(start)
	other := helperReport(t, out.String())
	st := srv.Stats()
	// Each token lives lifetime and is refreshed a quarter of it ahead, so refreshes land
	// between elapsed/lifetime (no refresh before expiry) and elapsed/(3/4 lifetime); the band
	// allows half the former on a loaded machine and half again the latter.
	expected := float64(elapsed) / float64(lifetime)
	lo, hi := int(expected/2), int(1.5*expected*4/3)+2
	t.Logf("%v with %v tokens: this process %d calls (%d failed), other process %d calls (%d failed); "+
		"refreshes %d (elapsed/lifetime %.1f, band %d..%d), invalid_grant %d, token requests %d",
		elapsed.Round(time.Millisecond), lifetime, rep.Calls, rep.Failures, other.Calls, other.Failures,
		st.Refreshes, expected, lo, hi, st.InvalidGrant, tokenRequests(srv))
	for name, r := range map[string]callerReport{"this process": rep, "other process": other} {
		if r.Failures != 0 || r.NeedsSignIn || r.Calls == 0 {
			t.Errorf("%s: got %d of %d calls failed (first: %s), needs sign-in %v; want all succeeded, signed in",
				name, r.Failures, r.Calls, r.FirstFailure, r.NeedsSignIn)
		}
	}
	if st.InvalidGrant != 0 {
		t.Errorf("invalid_grant at the fake: got %d, want 0", st.InvalidGrant)
	}
	if st.Refreshes < lo || st.Refreshes > hi {
		t.Errorf("refreshes: got %d, want %d..%d (elapsed/lifetime = %.1f)", st.Refreshes, lo, hi, expected)
	}
	if got, want := tokenRequests(srv), st.Refreshes+1; got != want {
		t.Errorf("token requests: got %d, want %d (the sign-in and one per refresh, none wasted)", got, want)
	}
	if got := s.State().Kind; got != SignedIn && got != Refreshing {
		t.Errorf("final state: got %q, want %q", got, SignedIn)
	}
}

// TestRefreshRunAhead runs the background refresher for two hours of Zoom's real one-hour
// tokens, in a synctest bubble's virtual time: it refreshes a quarter of each lifetime ahead
// (at 45 and 90 minutes), so no token ever lapses and nothing waits for a refresh.
func TestRefreshRunAhead(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := sessFake(t, zoomtest.Options{InMemory: true})
		opts := sessTestOptions(nil)
		opts.wakeCheck = time.Minute
		s := signedInSession(t, srv, opts)
		runSession(t, s)
		time.Sleep(2 * time.Hour)
		synctest.Wait()
		if got := srv.Stats().Refreshes; got != 2 {
			t.Errorf("refreshes in two hours: got %d, want 2 (at 45 and 90 minutes)", got)
		}
		st := s.State()
		if st.Kind != SignedIn {
			t.Errorf("State: got %q, want %q", st.Kind, SignedIn)
		}
		if left := time.Until(st.Expiry); left < 15*time.Minute {
			t.Errorf("token expires in %v, want at least a quarter hour left after a run-ahead refresh", left)
		}
		if got := srv.Stats().InvalidGrant; got != 0 {
			t.Errorf("invalid_grant: got %d, want 0", got)
		}
	})
}

func TestRefreshRunAfterClockJump(t *testing.T) {
	srv := sessFake(t, zoomtest.Options{})
	clock := &sessClock{}
	opts := sessTestOptions(nil)
	opts.now = clock.now
	s := signedInSession(t, srv, opts)
	runSession(t, s)
	clock.advance(2 * time.Hour) // a suspend: the wall clock jumps, the monotonic timer does not
	since := clock.now()
	waitState(t, s, "a refresh after the jump", func(st State) bool {
		return st.Kind == SignedIn && st.LastRefresh.After(since)
	})
	if got := srv.Stats().Refreshes; got != 1 {
		t.Errorf("refreshes: got %d, want 1", got)
	}
}
