package agent

import (
	"context"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	desk "github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/internal/testenv"
)

// syncBuffer captures output written from other goroutines.
type syncBuffer = testenv.SyncBuffer

// headlessEnv gives the test process no display, no session bus (an address nobody
// listens on: an empty one lets D-Bus clients discover a running bus) and its own
// directories.
func headlessEnv(t *testing.T) {
	t.Helper()
	for _, k := range []string{"DISPLAY", "WAYLAND_DISPLAY", "ZOOMTRAY_CLIENT_ID",
		"ZOOMTRAY_CLIENT_SECRET", "ZOOMTRAY_NAMESPACE", "ZOOMTRAY_TOKEN_STORE"} {
		t.Setenv(k, "")
	}
	dir, err := mkShortTemp(t)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+dir+"/no-bus")
	for _, k := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"} {
		t.Setenv(k, dir+"/"+strings.ToLower(k[4:8]))
	}
}

// TestHeadlessRunExplains runs the agent without a display and a session bus: neither a
// tray nor a window can show anything, so it must say on stderr why, its state and what
// to do. A client ID whose secret cannot be read from the (absent) keyring must show as
// a keyring problem, not run silently as a public client. The agent runs in a child
// process (TestHeadlessChild): godbus caches the session bus connection per process, so
// an earlier test's keyring call would otherwise hide the missing bus.
func TestHeadlessRunExplains(t *testing.T) {
	tests := []struct {
		name    string
		args    string
		want    []string
		wantNot string
	}{
		{name: "unconfigured", want: []string{desk.NoDisplayMessage, "ZOOMTRAY_CLIENT_ID", "--client-id", "zoomctl"}},
		{name: "keyring unreadable for the client secret", args: "--client-id headless-app",
			want: []string{desk.NoDisplayMessage, "keyring", "--token-store=file", "zoomctl"}},
		// The advice above works: with the file store no keyring is asked at all.
		{name: "public client with the file store needs no keyring", args: "--client-id headless-app --token-store file",
			want: []string{desk.NoDisplayMessage, "Not signed in to Zoom", "zoomctl"}, wantNot: "keyring"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			headlessEnv(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestHeadlessChild$")
			cmd.Env = append(os.Environ(), "ZOOMTRAY_HEADLESS_CHILD=1", "ZOOMTRAY_HEADLESS_ARGS="+tt.args)
			var stderr syncBuffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
			testenv.Eventually(t, 30*time.Second, "the headless explanation", func() bool {
				return strings.Contains(stderr.String(), "works against it")
			})
			if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("agent exit: got %v, want a clean stop", err)
			}
			got := stderr.String()
			if tt.wantNot != "" && strings.Contains(got, tt.wantNot) {
				t.Errorf("stderr: got %q, want nothing about %q", got, tt.wantNot)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("stderr: got %q, want it to contain %q", got, w)
				}
			}
		})
	}
}

// TestHeadlessChild is the agent process of TestHeadlessRunExplains.
func TestHeadlessChild(t *testing.T) {
	if os.Getenv("ZOOMTRAY_HEADLESS_CHILD") == "" {
		t.Skip("run by TestHeadlessRunExplains")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	os.Exit(Run(ctx, strings.Fields(os.Getenv("ZOOMTRAY_HEADLESS_ARGS")), os.Stdout, os.Stderr))
}

// mkShortTemp makes a temporary directory with a short path, so a unix socket inside it
// stays under the 108-byte limit of sun_path.
func mkShortTemp(t *testing.T) (string, error) {
	t.Helper()
	dir, err := os.MkdirTemp("", "zt")
	if err != nil {
		return "", err
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir, nil
}
