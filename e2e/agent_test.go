package e2e

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
)

// agent is a zoomtray agent started by a test, with a scratch HOME and XDG directories of
// its own, and the window's dump hook (ZOOMTRAY_UI_DUMP) pointing into them.
type agent struct {
	cmd     *exec.Cmd
	exited  chan struct{}
	home    string
	config  string // XDG_CONFIG_HOME
	runtime string // XDG_RUNTIME_DIR
	dump    string
}

// overridden are the variables startAgent replaces in the test's environment.
var overridden = []string{"HOME=", "XDG_CONFIG_HOME=", "XDG_CACHE_HOME=", "XDG_STATE_HOME=",
	"XDG_RUNTIME_DIR=", "ZOOMTRAY_UI_DUMP=", "ZOOMTRAY_NAMESPACE=", "ZOOMTRAY_CLIENT_ID="}

// startAgent runs zoomtray with args until the test ends; its log (with the window's
// output) is copied to the test's output directory then.
// patient is how long an end-to-end test waits for a condition on the desktop (a window, a
// screen, a sign-in, a tray item). It is generous because a busy 2-core machine can take tens
// of seconds to start a GL window under Xvfb; a condition that holds ends the wait at once.
const patient = 2 * time.Minute

func startAgent(t *testing.T, args ...string) *agent {
	t.Helper()
	home := t.TempDir()
	a := &agent{exited: make(chan struct{}), home: home, config: filepath.Join(home, ".config"),
		runtime: filepath.Join(home, "run"), dump: filepath.Join(home, "window.txt")}
	if err := os.Mkdir(a.runtime, 0o700); err != nil {
		t.Fatal(err)
	}
	// xdg-open finds the test browser as the desktop's default through mimeapps.list.
	os.MkdirAll(a.config, 0o700)
	if data, err := os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "mimeapps.list")); err == nil {
		os.WriteFile(filepath.Join(a.config, "mimeapps.list"), data, 0o600)
	}
	if slices.Contains(args, "--demo") {
		// A port of its own for the browser sign-in: the default ports are machine-wide,
		// and another zoomtray on this machine (a user's, another test run's) may hold them.
		args = append(args, "--redirect-ports", strconv.Itoa(testenv.FreePort(t)))
	}
	a.cmd = exec.Command(zoomtrayBin, args...)
	a.cmd.Env = append(environWithout(overridden), "HOME="+home, "XDG_CONFIG_HOME="+a.config,
		"XDG_CACHE_HOME="+filepath.Join(home, ".cache"), "XDG_STATE_HOME="+filepath.Join(home, ".local/state"),
		"XDG_RUNTIME_DIR="+a.runtime, "ZOOMTRAY_UI_DUMP="+a.dump)
	if err := a.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { a.cmd.Wait(); close(a.exited) }()
	t.Cleanup(func() {
		stop(a.cmd.Process, a.exited)
		a.keepLog(t)
	})
	return a
}

// environWithout is the test's environment minus the variables with these prefixes.
func environWithout(prefixes []string) []string {
	var env []string
next:
	for _, kv := range os.Environ() {
		for _, p := range prefixes {
			if strings.HasPrefix(kv, p) {
				continue next
			}
		}
		env = append(env, kv)
	}
	return env
}

// keepLog copies the demo agent's log to the test's output directory.
func (a *agent) keepLog(t *testing.T) {
	src := filepath.Join(a.home, ".local/state", config.DemoNamespace, "zoomtray.log")
	in, err := os.Open(src)
	if err != nil {
		t.Logf("agent log: %v", err)
		return
	}
	defer in.Close()
	dst := filepath.Join(outDir(t), "zoomtray.log")
	out, err := os.Create(dst)
	if err != nil {
		return
	}
	defer out.Close()
	var buf bytes.Buffer
	io.Copy(out, io.TeeReader(in, &buf))
	t.Logf("agent log: %s", dst)
	if t.Failed() { // the output directory is overwritten by the next run: keep the evidence
		t.Logf("agent log, last lines:\n%s", lastLines(buf.String(), 60))
		if dump, err := os.ReadFile(a.dump); err == nil {
			t.Logf("window dump:\n%s", dump)
		}
	}
}

// lastLines returns the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// client dials the demo agent's local API, waiting for its socket.
func (a *agent) client(t *testing.T) *localapi.Client {
	t.Helper()
	return a.dial(t, config.DemoNamespace, "the agent's socket")
}

// dial dials the local API of the agent's namespace ns, waiting (what) for its socket.
func (a *agent) dial(t *testing.T, ns, what string) *localapi.Client {
	t.Helper()
	socket := filepath.Join(a.runtime, ns, localapi.SocketName)
	var c *localapi.Client
	testenv.Eventually(t, patient, what, func() bool {
		var err error
		c, err = localapi.Dial(context.Background(), socket)
		return err == nil
	})
	t.Cleanup(func() { c.Close() })
	return c
}

// windowShows waits until the window's dump holds every one of want (see ui.Main.Dump)
// and returns the dump's lines.
func (a *agent) windowShows(t *testing.T, timeout time.Duration, want ...string) []string {
	t.Helper()
	var lines []string
	testenv.Eventually(t, timeout, "the window showing "+strings.Join(want, ", "), func() bool {
		data, err := os.ReadFile(a.dump)
		if err != nil {
			return false
		}
		lines = strings.Split(string(data), "\n")
		for _, w := range want {
			if !containsLine(lines, w) {
				return false
			}
		}
		return true
	})
	return lines
}

// containsLine reports whether a line of lines starts with prefix.
func containsLine(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

// waitSignedIn waits until the agent reports signed_in and returns its status.
func waitSignedIn(t *testing.T, c *localapi.Client) service.Status {
	t.Helper()
	var st service.Status
	// The account arrives just after the state: the agent asks Zoom who signed in once the
	// tokens are stored.
	testenv.Eventually(t, patient, "the agent signed in, with its account", func() bool {
		var err error
		st, err = c.Status(context.Background())
		return err == nil && st.State == "signed_in" && st.Account != nil
	})
	return st
}
