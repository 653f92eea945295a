package main

import (
	"context"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/internal/testhooks"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

const ns = "zoomtray"

// TestUnconfiguredAgent runs an agent with no client ID and no session bus: it answers
// Status as unconfigured, refuses Zoom calls with a config error, opens its window (the
// first-run screen), and stops cleanly on SIGTERM, removing its socket.
func TestUnconfiguredAgent(t *testing.T) {
	testenv.Display(t) // the agent starts its window only where there is a display
	u := newUser(t, false)
	p := startAgent(t, u)
	c := dial(t, u.socket(ns))
	ctx := context.Background()
	st, err := c.Status(ctx)
	if err != nil || st.State != service.StateUnconfigured {
		t.Fatalf("Status: got %+v, %v, want state %q", st, err, service.StateUnconfigured)
	}
	_, err = c.Meetings(ctx, false)
	var ei *service.ErrorInfo
	if !errors.As(err, &ei) || ei.Kind != service.KindConfig {
		t.Errorf("Meetings: got %v, want an ErrorInfo of kind config", err)
	}
	testenv.Eventually(t, waitFor, "the window to be started", func() bool {
		return strings.Contains(u.readLog(t, ns), "agent: window started")
	})
	if code := p.terminate(t); code != 0 {
		t.Errorf("exit code after SIGTERM: got %d, want 0; output:\n%s", code, p.out)
	}
	if _, err := os.Stat(u.socket(ns)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket after exit: got %v, want it removed", err)
	}
	if fi, err := os.Stat(u.logFile(ns)); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("log file: got %v, want mode 0600", err)
	}
}

// TestSingleInstance starts a second agent for the same user: it finds the first on the
// socket, asks it to open its window, and exits 0, while the first keeps running.
func TestSingleInstance(t *testing.T) {
	testenv.Display(t) // the hand-over opens or raises the first agent's window
	u := newUser(t, false)
	first := startAgent(t, u)
	c := dial(t, u.socket(ns))
	second := startAgent(t, u)
	if code := second.wait(t); code != 0 {
		t.Fatalf("second agent exit code: got %d, want 0; output:\n%s", code, second.out)
	}
	if !strings.Contains(second.out.String(), "already running") {
		t.Errorf("second agent output: got %q, want it to say the agent is already running", second.out)
	}
	// The first opened its window at start (unconfigured) and again, or raised it, for
	// the second.
	testenv.Eventually(t, waitFor, "the hand-over to reach the first agent", func() bool {
		st, err := c.Status(context.Background())
		return err == nil && strings.Count(u.readLog(t, ns), "agent: window started")+st.WindowRaise >= 2
	})
	if _, err := c.Status(context.Background()); err != nil {
		t.Errorf("first agent after the hand-over: %v, want it still answering", err)
	}
	if code := first.terminate(t); code != 0 {
		t.Errorf("first agent exit code: got %d, want 0", code)
	}
}

// TestNoSessionBus runs a configured agent without DBUS_SESSION_BUS_ADDRESS: no tray (and
// no systray panic), the window instead; it signs in through the local API, fetches a start
// link, and its log holds none of the fake's tokens, codes or ZAKs.
func TestNoSessionBus(t *testing.T) {
	testenv.Display(t) // without a tray the agent falls back to its window
	port := testenv.FreePort(t)
	fake := zoomtest.NewServer(zoomtest.Options{
		AutoApprove: "alex@example.com",
		Clients: []zoomtest.Client{{ID: "demo-client", Secret: "demo-secret",
			RedirectURIs: []string{"http://127.0.0.1:" + strconv.Itoa(port) + "/callback"}}},
	})
	t.Cleanup(fake.Close)
	u := newUser(t, false)
	u.configure(fake.URL, port)
	p := startAgent(t, u)
	c := dial(t, u.socket(ns))
	signIn(t, c)
	m, err := c.NewMeeting(context.Background(), "Leak check")
	if err != nil {
		t.Fatalf("NewMeeting: %v", err)
	}
	if link, err := c.StartURL(context.Background(), int64(m.ID)); err != nil || !strings.Contains(link, "zak=") {
		t.Fatalf("StartURL: got a link with zak=%v, err %v", strings.Contains(link, "zak="), err)
	}
	if code := p.terminate(t); code != 0 {
		t.Errorf("exit code: got %d, want 0; output:\n%s", code, p.out)
	}
	log := u.readLog(t, ns)
	if !strings.Contains(log, "tray=false") || !strings.Contains(log, "agent: window started") {
		t.Errorf("log: want tray=false and the window started instead; got:\n%s", log)
	}
	for _, s := range append(fake.Secrets(), "demo-secret") {
		if strings.Contains(log, s) || strings.Contains(p.out.String(), s) {
			t.Errorf("a secret of %d chars appears in the agent's log or output", len(s))
		}
	}
	if strings.Contains(p.out.String(), "panic") {
		t.Errorf("output: got a panic:\n%s", p.out)
	}
}

// signIn signs the agent in through its local API with the browser flow, fetching the
// authorize URL itself: the fake auto-approves and redirects to the agent's loopback
// listener, as a browser already signed in to Zoom would.
func signIn(t *testing.T, c *localapi.Client) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	got := make(chan error, 1)
	err := c.Login(ctx, service.LoginRequest{Method: service.MethodBrowser, NoOpen: true}, func(ev service.LoginEvent) {
		if ev.Event != service.EventAuthorizeURL {
			return
		}
		go func() {
			resp, err := http.Get(ev.URL)
			if err == nil {
				resp.Body.Close()
			}
			got <- err
		}()
	})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	if err := <-got; err != nil {
		t.Fatalf("authorize: %v", err)
	}
	st, err := c.Status(ctx)
	if err != nil || st.State != "signed_in" || st.Account == nil || st.Account.Email != "alex@example.com" {
		t.Fatalf("Status after sign-in: got %+v, %v, want signed in as alex@example.com", st, err)
	}
}

// TestReleaseIgnoresTestKnobs checks that only a test build (-tags zoomtray_testhooks)
// reads the test knobs: an invalid ZOOMTRAY_TIME_SCALE stops the test build at once and
// is not even looked at by the release build, which stops at the stray argument instead.
func TestReleaseIgnoresTestKnobs(t *testing.T) {
	const pkg = "github.com/zoomtray/zoomtray/cmd/zoomtray"
	tests := []struct {
		name string
		bin  string
		want string
	}{
		{"test build", testenv.Binary(t, pkg), testhooks.TimeScale},
		{"release build", testenv.ReleaseBinary(t, pkg), `unexpected argument "stray"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := newUser(t, false)
			cmd := exec.Command(tt.bin, "stray")
			cmd.Env = append(u.environ(), testhooks.TimeScale+"=fast")
			out, err := cmd.CombinedOutput()
			if err == nil || !strings.Contains(string(out), tt.want) {
				t.Errorf("zoomtray stray with %s=fast: got %v, %q; want a failure saying %q", testhooks.TimeScale, err, out, tt.want)
			}
		})
	}
}
