package reliability

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// Environment of the victim process of TestKill9DuringRefresh.
const (
	victimEnv = "ZOOMTRAY_RELIABILITY_VICTIM" // "1" in the victim
	victimURL = "ZOOMTRAY_RELIABILITY_VICTIM_URL"
	victimDir = "ZOOMTRAY_RELIABILITY_VICTIM_DIR"
)

// killSeed repeats the kill points of an earlier run: go test ./reliability/ -run Kill9 -seed N.
var killSeed = flag.Uint64("seed", 0, "seed of TestKill9DuringRefresh's kill points (default: the clock)")

// Kill -9 timing: 1 s access tokens are refreshed every 0.75 s (the session refreshes a
// quarter of the lifetime ahead), and the token endpoint answers after 150 ms, so a kill at
// a random point of 1.5 s often lands while a refresh is in flight.
const (
	killLifetime     = time.Second
	killTokenLatency = 150 * time.Millisecond
)

// TestKill9DuringRefresh kills a process that holds a refreshing session (file store and
// lock file) with SIGKILL at random points, restarts it, and counts lost sessions: a
// restart that cannot get a token without a new sign-in. A loss is excused only when the
// kill fell inside the window where Zoom had rotated the refresh token but the process had
// not yet saved the new one (docs/zoom-reference.md, "Refresh tokens"): the stored refresh
// token is then rotated out at the fake. Those are reported apart, and the test wants
// every loss to be one of them.
//
// Two victims: the real zoomtray agent (agent_victim_test.go; 10 kills, 100 long) and a
// bare auth.Session in the test binary (TestKillVictim; 20 kills, 200 long), which kills
// faster and so covers more refresh phases in the same time.
func TestKill9DuringRefresh(t *testing.T) {
	skipSoakInShort(t)
	for _, tc := range []struct {
		name        string
		kills, long int
		start       func(t *testing.T, url, dir string) killVictim
	}{
		{"agent", 10, 100, startAgentVictim},
		{"session", 20, 200, startVictim},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kills := tc.kills
			if isLong() {
				kills = tc.long
			}
			runKills(t, kills, tc.start)
		})
	}
}

// killVictim is a process TestKill9DuringRefresh kills.
type killVictim interface {
	ready() error // waits until it holds a token, or says why it cannot
	kill()        // SIGKILL and reap; idempotent
}

// runKills kills victims started by start at random points, kills times, and counts the
// lost sessions inside and outside the rotation window.
func runKills(t *testing.T, kills int, start func(t *testing.T, url, dir string) killVictim) {
	seed := *killSeed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (repeat the kill points with -seed %d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, 0))
	s := newFake(t, zoomtest.Options{AccessTokenTTL: killLifetime, Plan: zoomtest.PlanBusiness})
	s.SetFaults(zoomtest.Fault{Kind: zoomtest.FaultLatency, Path: "/oauth/token", Latency: killTokenLatency})
	dir := t.TempDir()
	store := tokenstore.NewFile(filepath.Join(dir, "tokens.json"))
	seedStore(t, s, store)
	var inWindow, lost int
	for i := range kills {
		v := start(t, s.URL, dir)
		if err := v.ready(); err != nil {
			// The fake may still have rotated the token of a request the killed process
			// had sent: then the restart is the first to see the loss.
			v.kill()
			if state := storedState(t, s, store); state != "rotated" {
				lost++
				t.Errorf("restart %d: %v (stored token: %s); want a token without a new sign-in", i, err, state)
			} else {
				inWindow++
				t.Logf("kill %d: inside the rotation window, seen at restart (%v); signing in again", i-1, err)
			}
			seedStore(t, s, store)
			continue
		}
		waitRandom(t, time.Duration(rng.Int64N(int64(3*killLifetime/2))))
		v.kill()
		switch state := storedState(t, s, store); state {
		case "rotated":
			inWindow++
			t.Logf("kill %d: inside the rotation window (Zoom rotated, the reply was not saved); signing in again", i)
			seedStore(t, s, store)
		case "ok":
		default:
			lost++
			t.Errorf("kill %d: session lost outside the rotation window: %s", i, state)
			seedStore(t, s, store)
		}
	}
	st := s.Stats()
	t.Logf("%d kills: %d lost outside the rotation window, %d inside it; fake: %d refreshes, %d invalid_grant",
		kills, lost, inWindow, st.Refreshes, st.InvalidGrant)
}

// seedStore signs in afresh: a new grant at the fake saved to the store.
func seedStore(t *testing.T, s *zoomtest.Server, store tokenstore.Store) {
	t.Helper()
	if err := store.Save(context.Background(), issue(t, s)); err != nil {
		t.Fatalf("save token: %v", err)
	}
}

// storedState says what the store holds after a kill: "ok" (a refresh token Zoom still
// accepts), "rotated" (a refresh token Zoom rotated out: the reply carrying its successor
// died with the process), or why it is unusable.
func storedState(t *testing.T, s *zoomtest.Server, store tokenstore.Store) string {
	t.Helper()
	tok, err := store.Load(context.Background())
	switch {
	case err != nil:
		return "store unreadable: " + err.Error()
	case s.GrantActive(tok.RefreshToken):
		return "ok"
	}
	return "rotated"
}

// waitRandom waits d, or until the test ends.
func waitRandom(t *testing.T, d time.Duration) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-t.Context().Done():
	}
}

// victim is a running victim process.
type victim struct {
	cmd   *exec.Cmd
	lines chan string
}

// startVictim starts the test binary as a bare session victim (TestKillVictim) with its
// token file and lock in dir.
func startVictim(t *testing.T, url, dir string) killVictim {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillVictim$", "-test.count=1")
	cmd.Env = append(os.Environ(), victimEnv+"=1", victimURL+"="+url, victimDir+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start victim: %v", err)
	}
	v := &victim{cmd: cmd, lines: make(chan string, 16)}
	go func() {
		defer close(v.lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case v.lines <- sc.Text():
			default:
			}
		}
	}()
	t.Cleanup(v.kill)
	return v
}

// ready waits until the victim says it holds a token, or why not.
func (v *victim) ready() error {
	timer := time.NewTimer(waitFor)
	defer timer.Stop()
	for {
		select {
		case line, ok := <-v.lines:
			switch {
			case !ok:
				return errors.New("the process ended without a token")
			case line == "READY":
				return nil
			case strings.HasPrefix(line, "LOST "):
				return errors.New(strings.TrimPrefix(line, "LOST "))
			}
		case <-timer.C:
			return fmt.Errorf("no token within %s", waitFor)
		}
	}
}

// kill sends SIGKILL and reaps the process; it is idempotent.
func (v *victim) kill() {
	if v.cmd.ProcessState != nil {
		return
	}
	_ = v.cmd.Process.Kill() // SIGKILL on unix
	_ = v.cmd.Wait()
}

// TestKillVictim is the victim process of TestKill9DuringRefresh: it loads the stored
// session, runs the background refresher and asks for a token every 50 ms, printing READY
// once it has one, or LOST and the reason when it cannot. It runs until killed.
func TestKillVictim(t *testing.T) {
	if os.Getenv(victimEnv) != "1" {
		t.Skip("victim process of TestKill9DuringRefresh")
	}
	dir := os.Getenv(victimDir)
	cfg := auth.Config{ClientID: clientID, ClientSecret: clientSecret, OAuthURL: os.Getenv(victimURL)}
	sess := auth.NewSession(cfg, auth.SessionOptions{Store: tokenstore.NewFile(filepath.Join(dir, "tokens.json")),
		LockPath: filepath.Join(dir, "session.lock")})
	ctx := context.Background()
	if err := sess.Load(ctx); err != nil {
		fmt.Println("LOST load:", err)
		return
	}
	go sess.Run(ctx)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	ready := false
	for range tick.C {
		_, err := sess.Token(ctx)
		switch {
		case errors.Is(err, auth.ErrNeedsSignIn) || errors.Is(err, auth.ErrSignedOut):
			fmt.Println("LOST", err)
			return
		case err == nil && !ready:
			ready = true
			fmt.Println("READY")
		}
	}
}
