package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// waitFor is how long a test waits for a condition before failing; it is a deadline for a
// hang, never an assertion about speed.
const waitFor = 20 * time.Second

// fakeClock is the clock seam driven by tests: timers fire only when Advance passes them.
type fakeClock struct {
	mu     sync.Mutex // guards now and timers
	now    time.Time
	timers []*fakeTimer
	armed  chan struct{} // signalled when a timer is armed or stopped
}

type fakeTimer struct {
	name string
	at   time.Time
	ch   chan time.Time
}

func newFakeClock(now time.Time) *fakeClock {
	return &fakeClock{now: now, armed: make(chan struct{}, 1)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Timer(name string, at time.Time) (<-chan time.Time, func() bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := &fakeTimer{name: name, at: at, ch: make(chan time.Time, 1)}
	if !at.After(c.now) {
		t.ch <- c.now
		return t.ch, func() bool { return false }
	}
	c.timers = append(c.timers, t)
	wake(c.armed)
	return t.ch, func() bool { return c.remove(t) }
}

// remove drops t from the pending timers and reports whether it was pending.
func (c *fakeClock) remove(t *fakeTimer) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, p := range c.timers {
		if p == t {
			c.timers = append(c.timers[:i], c.timers[i+1:]...)
			wake(c.armed)
			return true
		}
	}
	return false
}

// pending returns the earliest pending timer called name.
func (c *fakeClock) pending(name string) (time.Time, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var at time.Time
	for _, t := range c.timers {
		if t.name == name && (at.IsZero() || t.at.Before(at)) {
			at = t.at
		}
	}
	return at, !at.IsZero()
}

// waitTimer waits until a timer called name is pending and returns when it fires.
func (c *fakeClock) waitTimer(t *testing.T, name string) time.Time {
	t.Helper()
	deadline := time.After(waitFor)
	for {
		if at, ok := c.pending(name); ok {
			return at
		}
		select {
		case <-c.armed:
		case <-deadline:
			t.Fatalf("no %s timer was armed within %v", name, waitFor)
		}
	}
}

// advance moves the clock to at and fires every timer due by then.
func (c *fakeClock) advance(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if at.After(c.now) {
		c.now = at
	}
	keep := c.timers[:0]
	for _, t := range c.timers {
		if t.at.After(c.now) {
			keep = append(keep, t)
			continue
		}
		t.ch <- c.now
	}
	c.timers = keep
}

// fakeEnv is a fake Zoom and the settings pointing at it.
type fakeEnv struct {
	zoom     *zoomtest.Server
	port     int
	clientID string
}

// newFake starts a fake Zoom whose default clients accept a redirect on a free port, so
// tests never race other packages' tests for the default ports.
//
// With a clock, the fake runs on it too, so that its rate limiter sees the polls spread
// over virtual time, and its access tokens live a day so virtual hours do not expire them
// behind the session's back (the session refreshes on the wall clock).
func newFake(t *testing.T, clk *fakeClock, opts zoomtest.Options) *fakeEnv {
	t.Helper()
	if clk != nil {
		opts.Now = clk.Now
		opts.AccessTokenTTL = 24 * time.Hour
	}
	port := testenv.FreePort(t)
	clients := zoomtest.DefaultClients()
	for i := range clients {
		clients[i].RedirectURIs = []string{fmt.Sprintf("http://127.0.0.1:%d/callback", port)}
	}
	opts.Clients = clients
	if opts.DeviceInterval == 0 {
		opts.DeviceInterval = time.Second
	}
	z := zoomtest.NewServer(opts)
	t.Cleanup(z.Close)
	return &fakeEnv{zoom: z, port: port, clientID: "demo-client"}
}

// settings loads Settings pointing at the fake through config.Load.
func (f *fakeEnv) settings(t *testing.T, extra map[string]string) config.Settings {
	t.Helper()
	flags := map[string]string{
		"client-id": "demo-client", "client-secret": "demo-secret",
		"zoom-url": f.zoom.URL, "redirect-ports": strconv.Itoa(f.port),
		"token-store": "memory", "notify-minutes": "0",
	}
	for k, v := range extra {
		flags[k] = v
	}
	st, err := config.Load(config.Sources{Flags: flags})
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	return st
}

// testOptions are Options for a test: a memory store, temporary directories, a fake clock,
// no jitter, no zoomapi retries and an OpenURL that loads the URL like a browser.
func (f *fakeEnv) testOptions(t *testing.T, clk *fakeClock, extra map[string]string) Options {
	t.Helper()
	dir := t.TempDir()
	return Options{
		Settings: f.settings(t, extra),
		Dirs:     config.Dirs{Cache: dir + "/cache", State: dir + "/state"},
		Store:    tokenstore.NewMemory(),
		OpenURL:  browse(t),
		clock:    clk,
		jitter:   func(time.Duration) time.Duration { return 0 },
		apiOpts:  nil,
		desktop: desktop.Env{GOOS: "linux", Getenv: func(string) string { return "" },
			LookPath: func(string) (string, error) { return "/usr/bin/xdg-open", nil }},
		// The machine's own network changes must not move the retries a test times.
		netChanges: func(ctx context.Context, _ func()) error { <-ctx.Done(); return ctx.Err() },
	}
}

// browse is an OpenURL seam that GETs the URL and follows redirects, as a browser signed
// in to Zoom would (with the fake's AutoApprove, that completes a sign-in).
func browse(t *testing.T) func(string) error {
	return func(u string) error {
		go func() {
			c := &http.Client{Timeout: waitFor}
			resp, err := c.Get(u)
			if err != nil {
				return // the test fails on the missing sign-in, not here
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}()
		return nil
	}
}

// newService makes a Service and closes it at cleanup.
func newService(t *testing.T, opts Options) *Service {
	t.Helper()
	s, err := New(t.Context(), opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// run runs s until cleanup, which waits for Run to return.
func run(t *testing.T, s *Service) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// login signs s in with the browser flow against a fake with AutoApprove.
func login(t *testing.T, s *Service) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if err := s.Login(ctx, LoginRequest{Method: MethodBrowser}, nil); err != nil {
		t.Fatalf("Login: %v", err)
	}
}

// meetingRequests counts the requests of one meetings poll's routes at the fake.
func meetingRequests(z *zoomtest.Server) int {
	st := z.Stats()
	return st.Routes["GET /v2/users/me/meetings"].Count + st.Routes["GET /v2/users/me/upcoming_meetings"].Count
}

// listRequests returns the fake's counts of GET /users/me/upcoming_meetings (one per poll)
// and of the hosted list's first pages (one per poll that fetched it).
func listRequests(z *zoomtest.Server) (polls, hosted int) {
	st := z.Stats()
	return st.Routes["GET /v2/users/me/upcoming_meetings"].Count, st.Routes["GET /v2/users/me/meetings"].Count
}

// logBuffer is a concurrency-safe log destination for leak scans.
type logBuffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *logBuffer) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(l, &slog.HandlerOptions{Level: slog.LevelDebug}))
}
