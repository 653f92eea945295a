package perf

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/oauth2"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// The fake's seeded account used by the agent figures: Sam hosts no seeded meeting, so
// the only meeting is the one each scenario adds (zoomtest seed.go).
const (
	agentUser         = "sam@example.com"
	agentClientID     = "demo-client"
	agentClientSecret = "demo-secret"
	zoomAccessTTL     = 3599 * time.Second // Zoom's access token lifetime (docs/zoom-reference.md)
	agentWait         = 60 * time.Second   // bounds each wait for the agent
)

// agentRun is one zoomtray agent process with a scratch HOME, pointed at a fake Zoom.
type agentRun struct {
	fake    *zoomtest.Server
	bin     string
	home    string // HOME and the XDG directories below it
	runtime string // XDG_RUNTIME_DIR, short: unix socket paths are limited
	scale   float64
	user    string // the signed-in fake user; agentUser unless set
	cmd     *exec.Cmd
	done    chan error
}

// newAgentRun prepares a scratch user whose file token store holds a fresh grant of the
// fake, as after a sign-in; the disk cache is empty.
func newAgentRun(ctx context.Context, fake *zoomtest.Server, bin string, scale float64) (*agentRun, error) {
	return newAgentRunAs(ctx, fake, bin, scale, agentUser)
}

// newAgentRunAs is newAgentRun signed in as user.
func newAgentRunAs(ctx context.Context, fake *zoomtest.Server, bin string, scale float64, user string) (*agentRun, error) {
	home, err := os.MkdirTemp("", "zoomtray-perf-home")
	if err != nil {
		return nil, err
	}
	rt, err := os.MkdirTemp("", "zp")
	if err != nil {
		os.RemoveAll(home)
		return nil, err
	}
	a := &agentRun{fake: fake, bin: bin, home: home, runtime: rt, scale: scale, user: user}
	if err := a.seedToken(ctx); err != nil {
		a.Close()
		return nil, err
	}
	return a, nil
}

// tokenFile is the agent's token store (ZOOMTRAY_TOKEN_FILE).
func (a *agentRun) tokenFile() string { return filepath.Join(a.home, "tokens.json") }

// socket is the agent's local API socket in the default namespace.
func (a *agentRun) socket() string { return filepath.Join(a.runtime, "zoomtray", localapi.SocketName) }

// seedToken saves a new grant of the fake for agentUser to the token file.
func (a *agentRun) seedToken(ctx context.Context) error {
	user := a.user
	if user == "" {
		user = agentUser
	}
	access, refresh, err := a.fake.IssueToken(agentClientID, user)
	if err != nil {
		return fmt.Errorf("issue a token: %w", err)
	}
	ttl, _ := a.fake.TokenLifetimes()
	tok := (&oauth2.Token{AccessToken: access, RefreshToken: refresh, TokenType: "Bearer",
		Expiry: time.Now().Add(ttl), ExpiresIn: int64(ttl / time.Second)}).WithExtra(map[string]any{"api_url": a.fake.URL})
	return tokenstore.NewFile(a.tokenFile()).Save(ctx, tok)
}

// environ is the agent's environment: the scratch directories, the fake as Zoom, the
// file store, the time scale, and no session bus or display, so the agent shows no tray
// and its window (started when there is no tray) cannot open and call the agent.
func (a *agentRun) environ() []string {
	h := a.home
	env := []string{"HOME=" + h, "PATH=/usr/bin:/bin", "LANG=C", "XDG_RUNTIME_DIR=" + a.runtime,
		"XDG_CONFIG_HOME=" + h + "/.config", "XDG_CACHE_HOME=" + h + "/.cache",
		"XDG_STATE_HOME=" + h + "/.local/state", "XDG_DATA_HOME=" + h + "/.local/share",
		"ZOOMTRAY_ZOOM_URL=" + a.fake.URL, "ZOOMTRAY_CLIENT_ID=" + agentClientID,
		"ZOOMTRAY_CLIENT_SECRET=" + agentClientSecret, "ZOOMTRAY_TOKEN_STORE=file",
		"ZOOMTRAY_TOKEN_FILE=" + a.tokenFile()}
	if a.scale > 1 {
		env = append(env, "ZOOMTRAY_TIME_SCALE="+strconv.FormatFloat(a.scale, 'f', -1, 64))
	}
	return env
}

// start starts the agent and returns its local API client once it answers.
func (a *agentRun) start(ctx context.Context) (*localapi.Client, error) {
	a.cmd = exec.Command(a.bin)
	a.cmd.Env, a.cmd.Dir = a.environ(), a.home
	if err := a.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start zoomtray: %w", err)
	}
	a.done = make(chan error, 1)
	go func() { a.done <- a.cmd.Wait() }()
	var c *localapi.Client
	err := poll(ctx, "the agent's socket", func() (bool, error) {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		var err error
		c, err = localapi.Dial(dctx, a.socket())
		return err == nil, nil
	})
	return c, err
}

// stop ends the agent with SIGTERM (SIGKILL after agentWait).
func (a *agentRun) stop() {
	if a.cmd == nil || a.cmd.Process == nil {
		return
	}
	_ = a.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-a.done:
	case <-time.After(agentWait):
		_ = a.cmd.Process.Kill()
		<-a.done
	}
	a.cmd = nil
}

// Close stops the agent and removes the scratch directories.
func (a *agentRun) Close() {
	a.stop()
	os.RemoveAll(a.home)
	os.RemoveAll(a.runtime)
}

// poll calls cond every 20 ms until it reports true or an error, or agentWait passes.
func poll(ctx context.Context, what string, cond func() (bool, error)) error {
	deadline := time.Now().Add(agentWait)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		ok, err := cond()
		switch {
		case err != nil:
			return err
		case ok:
			return nil
		case time.Now().After(deadline):
			return fmt.Errorf("%s: not reached within %s", what, agentWait)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// fakeRequests reads GET /_zoomfake/stats, as anyone can, and returns the requests per
// route, without the fake's own control routes.
func fakeRequests(ctx context.Context, url string) (map[string]int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url+"/_zoomfake/stats", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fake stats: %w", err)
	}
	defer resp.Body.Close()
	var st zoomtest.Stats
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&st); err != nil {
		return nil, fmt.Errorf("fake stats: %w", err)
	}
	out := map[string]int{}
	for route, rs := range st.Routes {
		if !strings.Contains(route, "/_zoomfake/") {
			out[route] = rs.Count
		}
	}
	return out, nil
}

// delta returns after − before per route (routes without requests left out) and the total.
func delta(before, after map[string]int) (map[string]int, int) {
	d, total := map[string]int{}, 0
	for route, n := range after {
		if n -= before[route]; n > 0 {
			d[route] = n
			if !transcriptSync(route) {
				total += n
			}
		}
	}
	return d, total
}

// transcriptSync reports whether route is one the transcript index's sync uses (the
// recordings list, the files' downloads). Nothing else in an agent without a window asks
// for them. The figures count them apart: the sync is its own paced stream (3 requests a
// minute at most while idle, docs/PERFORMANCE.md), and the meetings' poll is what the
// fleet and idle-hour targets are about.
func transcriptSync(route string) bool {
	return strings.Contains(route, "/recordings") || strings.Contains(route, "/download")
}

// errNoMeetings is returned when the agent never lists the scenario's meeting.
var errNoMeetings = errors.New("the agent did not list the meeting")
