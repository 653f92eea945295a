package reliability

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestNoTokensInAgentFiles runs the real agent against an in-process fake through a
// whole session: a browser sign-in through the local API, polls (ZOOMTRAY_TIME_SCALE
// 600: every second), token refreshes (2-second access tokens), recordings, a new meeting
// started with a fresh ZAK (a stand-in xdg-open receives the link and keeps nothing), and
// sign-out. It then scans every file under the scratch HOME (config, cache, state with the
// agent's log, data) and the runtime directory for each secret the fake issued and the
// client secret: only the token file may hold one while signed in, and after sign-out
// nothing.
func TestNoTokensInAgentFiles(t *testing.T) {
	port := freePortNoT()
	// The Business plan (60 Medium requests a second, not Pro's 20): right after the sign-in
	// the agent at 600 times its pace takes about half of Pro's Medium quota on its own (the
	// transcript sync lists 24 months, one request per 100 ms, its floor; the meetings polls
	// come every second or faster), and the test's own list, recordings and create calls
	// share the account's quota with it. A create that lands in a full second gets Zoom's
	// per-second 429, which zoomapi does not retry for a POST (TestRetriesAgainstFake,
	// docs/RELIABILITY.md); this test is about secrets in files, not rate limits.
	s := newFake(t, zoomtest.Options{AutoApprove: userEmail, AccessTokenTTL: 2 * time.Second, Plan: zoomtest.PlanBusiness,
		Clients: []zoomtest.Client{{ID: clientID, Secret: clientSecret,
			RedirectURIs: []string{"http://127.0.0.1:" + strconv.Itoa(port) + "/callback"}}}})
	home, run, tokens := t.TempDir(), shortTempDir(t), filepath.Join(t.TempDir(), "tokens.json")
	bin := fakeOpener(t)
	cmd := exec.Command(zoomtrayBin(t))
	cmd.Env = append(agentEnv(s.URL, home, run, tokens), "ZOOMTRAY_REDIRECT_PORTS="+strconv.Itoa(port),
		"ZOOMTRAY_TIME_SCALE=600", "PATH="+bin+":/usr/bin:/bin")
	cmd.Dir = home
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited; exited <- nil })
	var c *localapi.Client
	testenv.Eventually(t, waitFor, "the agent's socket", func() bool {
		var err error
		c, err = dialOnce(filepath.Join(run, "zoomtray", localapi.SocketName))
		return err == nil
	})
	defer c.Close()
	agentSession(t, c, s)
	// While signed in, the token file and the start link's redirect page (0600 in the
	// 0700 runtime directory, the way a link reaches the browser off any command line)
	// may hold secrets; after the sign-out nothing may.
	allowed := map[string]bool{tokens: true}
	pages, _ := filepath.Glob(filepath.Join(run, "zoomtray", openurl.PagePattern))
	for _, p := range pages {
		allowed[p] = true
	}
	scanFiles(t, append(s.Secrets(), clientSecret), allowed, home, run)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if _, err := c.Logout(ctx); err != nil {
		t.Fatalf("Logout: %v", err)
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	if err := <-exited; err != nil {
		t.Errorf("agent exit after SIGTERM: %v, want 0", err)
	}
	exited <- nil // for the cleanup
	if _, err := os.Stat(filepath.Join(home, ".local", "state", "zoomtray", "zoomtray.log")); err != nil {
		t.Errorf("agent log: %v, want one to scan", err)
	}
	scanFiles(t, append(s.Secrets(), clientSecret), nil, home, run, filepath.Dir(tokens))
}

// agentSession signs the agent in and uses it: polls and refreshes (waited for at the
// fake), meetings, recordings, a new meeting and its start with a fresh ZAK.
func agentSession(t *testing.T, c *localapi.Client, s *zoomtest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	err := c.Login(ctx, service.LoginRequest{Method: service.MethodBrowser, NoOpen: true}, func(ev service.LoginEvent) {
		if ev.Event == service.EventAuthorizeURL {
			go browse(ev.URL) // the fake approves and redirects to the agent's listener
		}
	})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	testenv.Eventually(t, waitFor, "two polls and a refresh", func() bool {
		return routeCount(s, "GET /v2/users/me/upcoming_meetings") >= 2 && s.Stats().Refreshes >= 1
	})
	if _, err := c.Meetings(ctx, true); err != nil {
		t.Fatalf("Meetings: %v", err)
	}
	if _, err := c.Recordings(ctx, time.Now().AddDate(0, -2, 0), time.Now()); err != nil {
		t.Fatalf("Recordings: %v", err)
	}
	m, err := c.NewMeeting(ctx, "Leak check")
	if err != nil {
		t.Fatalf("NewMeeting: %v", err)
	}
	if _, err := c.Start(ctx, int64(m.ID)); err != nil {
		t.Fatalf("Start: %v", err)
	}
	if s.ZAKsIssued() == 0 {
		t.Fatalf("the fake issued no ZAK, want one to scan for")
	}
}

// browse fetches a sign-in URL as a browser already signed in to Zoom would.
func browse(url string) {
	resp, err := http.Get(url)
	if err == nil {
		resp.Body.Close()
	}
}

// fakeOpener returns a directory holding an xdg-open that accepts a URL and keeps
// nothing, so that Start's browser launch succeeds without a desktop.
func fakeOpener(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte("#!/bin/sh\nexit 0\n"), 0o700); err != nil {
		t.Fatal(err)
	}
	return dir
}
