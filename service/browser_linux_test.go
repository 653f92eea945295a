package service

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// blockingLauncher puts an xdg-open first on PATH that records its start and then blocks
// until cleanup, as xdg-open does until the browser exits. It returns the marker file
// the launcher creates when it starts.
func blockingLauncher(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	fifo, started := filepath.Join(dir, "release"), filepath.Join(dir, "started")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatalf("mkfifo: %v", err)
	}
	script := "#!/bin/sh\n: > '" + started + "'\ncat '" + fifo + "' > /dev/null\n"
	if err := os.WriteFile(filepath.Join(dir, "xdg-open"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("BROWSER", "") // $BROWSER, when set, is launched instead of xdg-open
	t.Cleanup(func() {
		if _, err := os.Stat(started); err != nil {
			return // never started: nobody reads the fifo
		}
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil { // the launcher exits on EOF
			f.Close()
		}
	})
	return started
}

// TestOpenBrowserDoesNotWait checks that OpenBrowser (the opener of the service, the tray
// and the agent's notifications) returns while the launcher still runs: quitting must not
// wait for the browser to exit.
func TestOpenBrowserDoesNotWait(t *testing.T) {
	started := blockingLauncher(t)
	done := make(chan error, 1)
	go func() { done <- OpenBrowser("https://zoom.example/j/1") }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("OpenBrowser: got %v, want nil", err)
		}
	case <-time.After(waitFor):
		t.Fatalf("OpenBrowser did not return within %v while the launcher runs", waitFor)
	}
	testenv.Eventually(t, waitFor, "the launcher started", func() bool {
		_, err := os.Stat(started)
		return err == nil
	})
}
