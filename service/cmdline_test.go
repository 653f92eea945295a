package service

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestSecretsStayOffCommandLines: the authorize URL (state, PKCE challenge) and the start
// link (ZAK) reach the browser through a redirect page, so the launched browser's
// /proc/PID/cmdline, which every local user can read, holds none of them, and its
// environment holds no client secret. Following the page still signs in and starts.
func TestSecretsStayOffCommandLines(t *testing.T) {
	shim := testenv.NewBrowserShim(t)
	t.Setenv("ZOOMTRAY_CLIENT_SECRET", "demo-secret")
	env := newFake(t, nil, zoomtest.Options{AutoApprove: alex})
	opts := env.testOptions(t, newFakeClock(time.Now()), nil)
	opts.OpenURL = nil
	opts.Dirs.Runtime = filepath.Join(t.TempDir(), "run")
	s := newService(t, opts)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()

	done := make(chan error, 1)
	go func() { done <- s.Login(ctx, LoginRequest{Method: MethodBrowser}, nil) }()
	l := shim.Next(t, waitFor)
	checkLaunch(t, l, "state=", "code_challenge")
	_ = browse(t)(pageTarget(t, l.Page)) // the browser follows the page
	if err := <-done; err != nil {
		t.Fatalf("Login through the redirect page: %v", err)
	}

	if _, err := s.Meetings(ctx, true); err != nil {
		t.Fatalf("Meetings: %v", err)
	}
	m := hosted(t, s)
	if _, err := s.Start(ctx, int64(m.ID)); err != nil {
		t.Fatalf("Start: %v", err)
	}
	l = shim.Next(t, waitFor)
	checkLaunch(t, l, "zak")
	if !strings.Contains(pageTarget(t, l.Page), "zak=") {
		t.Error("the redirect page does not lead to the start link")
	}
}

// checkLaunch fails when the browser's command line holds any of secrets or its
// environment holds the client secret.
func checkLaunch(t *testing.T, l testenv.Launch, secrets ...string) {
	t.Helper()
	cmdline := strings.Join(l.Cmdline, " ")
	for _, s := range secrets {
		if strings.Contains(strings.ToLower(cmdline), s) {
			t.Errorf("browser command line holds %q: %q", s, cmdline)
		}
	}
	for _, kv := range l.Environ {
		if strings.HasPrefix(kv, "ZOOMTRAY_CLIENT_SECRET=") {
			t.Error("browser environment holds ZOOMTRAY_CLIENT_SECRET")
		}
	}
}

var replaceCall = regexp.MustCompile(`location\.replace\(("[^"]*")\)`)

// pageTarget is the URL a redirect page sends the browser to.
func pageTarget(t *testing.T, page string) string {
	t.Helper()
	m := replaceCall.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no redirect in the opened page %q", page)
	}
	var u string
	if err := json.Unmarshal([]byte(m[1]), &u); err != nil {
		t.Fatalf("redirect target %s: %v", m[1], err)
	}
	return u
}
