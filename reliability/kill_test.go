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
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
	"golang.org/x/oauth2"
)

// Environment of the victim process of TestKill9DuringRefresh.
const (
	victimEnv = "ZOOMTRAY_RELIABILITY_VICTIM" // "1" in the victim
	victimURL = "ZOOMTRAY_RELIABILITY_VICTIM_URL"
	victimDir = "ZOOMTRAY_RELIABILITY_VICTIM_DIR"
	// victimMutation breaks the victim on purpose, to show the test catches it.
	victimMutation = "ZOOMTRAY_RELIABILITY_VICTIM_MUTATION"
	mutationNoSave = "no-save" // the store never saves a rotated token
)

// noSaveStore is the mutation mutationNoSave: it loads the stored token but drops every
// save, as a session that forgot to persist its rotated refresh token would.
type noSaveStore struct{ tokenstore.Store }

func (noSaveStore) Save(context.Context, *oauth2.Token) error { return nil }

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
// answer of the refresh that rotated the stored token out never reached the process (the
// fake records, per rotation, whether its reply was delivered in full), or reached it less
// than the save grace before the kill (saveGrace, or more on a machine seen to save slowly),
// not counting the time the process waited for a CPU (stallClock): Zoom had rotated the
// refresh token and the process could not have kept the new one (docs/zoom-reference.md,
// "Refresh tokens"). Every other loss fails.
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
			for _, loss := range runKills(t, kills, tc.start).lost {
				t.Error(loss)
			}
		})
	}
}

// TestKill9CatchesUnsavedRotation runs TestKill9DuringRefresh's kills against a victim
// whose store never saves a rotated token (the mutation mutationNoSave): the test must
// count its lost sessions as losses, not excuse them as the rotation window.
func TestKill9CatchesUnsavedRotation(t *testing.T) {
	start := func(t *testing.T, url, dir string) killVictim {
		return startVictimWith(t, url, dir, mutationNoSave)
	}
	if res := runKills(t, 8, start); len(res.lost) == 0 {
		t.Errorf("a victim that never saves a rotated token lost no session outside the window "+
			"(%d excused): the kill test cannot fail", res.excused)
	}
}

// saveGrace is how long after receiving a rotated token a killed process is at least
// excused for not having saved it yet: reading, locking and writing the token file take
// milliseconds. A busy machine (a race build, every core taken) can take longer, so the
// grace grows to twice the slowest save the test saw in the same run (saveWatch); a process
// that never saves shows no save and keeps the half second.
const saveGrace = 500 * time.Millisecond

// saveWatch measures how long the victim takes to save a rotated token: it reads the store
// every 10 ms and, at each change the victim made, takes the time since the fake delivered
// the reply that rotated the previous token out. The test's own sign-ins (seedStore) are
// not the victim's saves: hold and resume bracket them.
type saveWatch struct {
	mu      sync.Mutex
	slowest time.Duration
	prev    string // the refresh token last seen in the store
	held    bool   // the test is writing the store
}

// watch observes store until ctx is done, and samples stalls at each look.
func (w *saveWatch) watch(ctx context.Context, s *zoomtest.Server, store tokenstore.Store, stalls *stallClock) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		stalls.sample()
		tok, err := store.Load(ctx)
		if err != nil {
			continue
		}
		w.mu.Lock()
		if !w.held && tok.RefreshToken != w.prev {
			if reply, ok := s.RotationReplyOf(w.prev); w.prev != "" && ok && reply.Delivered {
				w.slowest = max(w.slowest, time.Since(reply.At))
			}
			w.prev = tok.RefreshToken
		}
		w.mu.Unlock()
	}
}

// hold stops counting changes while the test writes the store itself.
func (w *saveWatch) hold() {
	w.mu.Lock()
	w.held = true
	w.mu.Unlock()
}

// resume counts changes again, from the token the test wrote.
func (w *saveWatch) resume(written string) {
	w.mu.Lock()
	w.held, w.prev = false, written
	w.mu.Unlock()
}

// grace is saveGrace, or twice the slowest save seen when that is longer.
func (w *saveWatch) grace() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return max(saveGrace, 2*w.slowest)
}

// killVictim is a process TestKill9DuringRefresh kills.
type killVictim interface {
	ready() error // waits until it holds a token, or says why it cannot
	kill()        // SIGKILL and reap; idempotent
	pid() int     // the process ID
}

// killResult counts the lost sessions of runKills.
type killResult struct {
	lost    []string // losses no undelivered reply excuses
	excused int      // losses inside the rotation window
}

// runKills kills victims started by start at random points, kills times, and sorts the
// lost sessions into excused (the rotating reply never reached the process) and lost.
func runKills(t *testing.T, kills int, start func(t *testing.T, url, dir string) killVictim) killResult {
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
	var res killResult
	var killedAt time.Time
	var saves saveWatch
	var stalls stallClock
	ctx, stopWatch := context.WithCancel(t.Context())
	watched := make(chan struct{})
	go func() { defer close(watched); saves.watch(ctx, s, store, &stalls) }()
	defer func() { stopWatch(); <-watched }()
	judge := func(what string) {
		state, excuse := storedState(t, s, store, killedAt, saves.grace(), &stalls)
		switch {
		case state == "ok":
			return
		case excuse:
			res.excused++
			t.Logf("%s: inside the rotation window (%s); signing in again", what, state)
		default:
			res.lost = append(res.lost, fmt.Sprintf("%s: session lost: %s", what, state))
		}
		saves.hold()
		seedStore(t, s, store)
		written := ""
		if tok, err := store.Load(context.Background()); err == nil {
			written = tok.RefreshToken
		}
		saves.resume(written)
	}
	for i := range kills {
		v := start(t, s.URL, dir)
		stalls.follow(v.pid())
		if err := v.ready(); err != nil {
			// The fake may have rotated the token of a request the killed process had
			// sent: then the restart is the first to see the loss of kill i-1.
			v.kill()
			judge(fmt.Sprintf("restart %d (%v)", i, err))
			continue
		}
		waitRandom(t, time.Duration(rng.Int64N(int64(3*killLifetime/2))))
		killedAt = stalls.sample()
		v.kill()
		judge(fmt.Sprintf("kill %d", i))
	}
	st := s.Stats()
	t.Logf("%d kills: %d lost, %d excused; fake: %d refreshes, %d invalid_grant; save grace %v; victims waited %v for a CPU",
		kills, len(res.lost), res.excused, st.Refreshes, st.InvalidGrant, saves.grace().Round(time.Millisecond),
		stalls.between(time.Time{}, killedAt).Round(time.Millisecond))
	return res
}

// seedStore signs in afresh: a new grant at the fake saved to the store.
func seedStore(t *testing.T, s *zoomtest.Server, store tokenstore.Store) {
	t.Helper()
	if err := store.Save(context.Background(), issue(t, s)); err != nil {
		t.Fatalf("save token: %v", err)
	}
}

// storedState says what the store holds after a kill at killedAt: "ok" (a refresh token
// Zoom still accepts) or why it is unusable, and whether that is excused: the stored
// refresh token was rotated out by a refresh whose answer never reached the process, or
// reached it less than grace before the kill, not counting the time the process waited for
// a CPU meanwhile.
func storedState(t *testing.T, s *zoomtest.Server, store tokenstore.Store, killedAt time.Time, grace time.Duration, stalls *stallClock) (state string, excused bool) {
	t.Helper()
	tok, err := store.Load(context.Background())
	switch {
	case err != nil:
		return "store unreadable: " + err.Error(), false
	case s.GrantActive(tok.RefreshToken):
		return "ok", false
	}
	reply, ok := s.RotationReplyOf(tok.RefreshToken)
	switch {
	case !ok:
		return "the stored refresh token is unknown to Zoom", false
	case !reply.Delivered:
		return "rotated; the reply never reached the process", true
	case !reply.At.Before(killedAt):
		return "rotated; the reply was written after the kill", true
	}
	since, stalled := killedAt.Sub(reply.At), stalls.between(reply.At, killedAt)
	if since-stalled < grace {
		return fmt.Sprintf("rotated; the reply arrived %v before the kill (%v of it waiting for a CPU)",
			since.Round(time.Millisecond), stalled.Round(time.Millisecond)), true
	}
	return fmt.Sprintf("rotated; the process got the new token %v before the kill (%v of it waiting for a CPU) and did not save it",
		since.Round(time.Millisecond), stalled.Round(time.Millisecond)), false
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
	return startVictimWith(t, url, dir, "")
}

// startVictimWith is startVictim with a mutation of the victim's store ("" for none).
func startVictimWith(t *testing.T, url, dir, mutation string) killVictim {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKillVictim$", "-test.count=1")
	cmd.Env = append(os.Environ(), victimEnv+"=1", victimURL+"="+url, victimDir+"="+dir,
		victimMutation+"="+mutation)
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

func (v *victim) pid() int { return v.cmd.Process.Pid }

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
	var store tokenstore.Store = tokenstore.NewFile(filepath.Join(dir, "tokens.json"))
	if os.Getenv(victimMutation) == mutationNoSave {
		store = noSaveStore{store}
	}
	sess := auth.NewSession(cfg, auth.SessionOptions{Store: store, LockPath: filepath.Join(dir, "session.lock")})
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
