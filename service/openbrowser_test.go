package service

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// missingBrowser points $BROWSER at a program that does not exist and gives opts the
// default OpenURL (the service's own launcher) with a private runtime directory.
func missingBrowser(t *testing.T, opts *Options) {
	t.Setenv("BROWSER", filepath.Join(t.TempDir(), "no-such-browser"))
	opts.OpenURL = nil
	opts.Dirs.Runtime = filepath.Join(t.TempDir(), "run")
}

// TestStartOpenedIsTruthful checks that a launcher that cannot start makes Opened false,
// so that the window and zoomctl say the browser did not open (and show the link).
func TestStartOpenedIsTruthful(t *testing.T) {
	env := newFake(t, nil, zoomtest.Options{AutoApprove: alex})
	opts := env.testOptions(t, newFakeClock(time.Now()), nil)
	missingBrowser(t, &opts)
	s := newService(t, opts)
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	// The test loads the authorize URL itself: the service's browser cannot start.
	load := browse(t)
	events := func(e LoginEvent) {
		if e.Event == EventAuthorizeURL {
			_ = load(e.URL)
		}
	}
	if err := s.Login(ctx, LoginRequest{Method: MethodBrowser, NoOpen: true}, events); err != nil {
		t.Fatalf("Login: %v", err)
	}
	if _, err := s.Meetings(ctx, true); err != nil {
		t.Fatalf("Meetings: %v", err)
	}
	res, err := s.Start(ctx, int64(hosted(t, s).ID))
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	if res.Opened {
		t.Errorf("Start with a $BROWSER that does not exist: Opened = true, want false")
	}
}

// TestLoginWarnsWhenTheBrowserDoesNotStart checks that the browser sign-in says so when the
// launcher cannot start, and still waits for the person to open the URL it emitted.
func TestLoginWarnsWhenTheBrowserDoesNotStart(t *testing.T) {
	env := newFake(t, nil, zoomtest.Options{})
	opts := env.testOptions(t, newFakeClock(time.Now()), nil)
	missingBrowser(t, &opts)
	var logs testenv.SyncBuffer
	opts.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	s := newService(t, opts)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Login(ctx, LoginRequest{Method: MethodBrowser}, nil) }()
	testenv.Eventually(t, waitFor, "the warning that the browser did not open", func() bool {
		return strings.Contains(logs.String(), "could not open the browser")
	})
	cancel()
	if err := <-done; err == nil {
		t.Errorf("Login after cancel: got nil, want an error")
	}
}
