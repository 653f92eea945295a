package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// waitFor bounds every wait of these tests; it is a deadline, not a timing assertion.
const waitFor = 60 * time.Second

// binaries builds zoomtray (with its window program) and zoomfake once per test process.
func binaries(t *testing.T) (zoomtray, zoomfake string) {
	t.Helper()
	return testenv.Binary(t, "github.com/zoomtray/zoomtray/cmd/zoomtray"),
		testenv.Binary(t, "github.com/zoomtray/zoomtray/cmd/zoomfake")
}

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveBinaries()
	os.Exit(code)
}

// user is a scratch home with its own XDG directories, so each agent has its own socket,
// log and tokens.
type user struct {
	home string
	env  map[string]string
}

// newUser makes a scratch user. bus keeps the session bus of scripts/testenv.sh.
func newUser(t *testing.T, bus bool) *user {
	t.Helper()
	home := t.TempDir()
	u := &user{home: home, env: map[string]string{
		"HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_CACHE_HOME": home + "/cache",
		"XDG_STATE_HOME": home + "/state", "XDG_RUNTIME_DIR": home + "/run", "XDG_DATA_HOME": home + "/data",
	}}
	if err := os.Mkdir(home+"/run", 0o700); err != nil {
		t.Fatal(err)
	}
	if bus {
		u.env["DBUS_SESSION_BUS_ADDRESS"] = os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	}
	return u
}

// environ is the process environment without the user's own directories, zoomtray
// settings or session bus, plus u.env.
func (u *user) environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "HOME" || k == "DBUS_SESSION_BUS_ADDRESS" || strings.HasPrefix(k, "XDG_") || strings.HasPrefix(k, "ZOOMTRAY_") {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range u.env {
		env = append(env, k+"="+v)
	}
	return env
}

func (u *user) socket(ns string) string { return filepath.Join(u.home, "run", ns, "agent.sock") }
func (u *user) logFile(ns string) string {
	return filepath.Join(u.home, "state", ns, "zoomtray.log")
}

// readLog returns the agent's log.
func (u *user) readLog(t *testing.T, ns string) string {
	t.Helper()
	b, err := os.ReadFile(u.logFile(ns))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// proc is a started agent.
type proc struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer // stdout and stderr
	done chan error
}

// startAgent starts zoomtray with args as u; the cleanup kills it if still running.
func startAgent(t *testing.T, u *user, args ...string) *proc {
	t.Helper()
	bin, _ := binaries(t)
	p := &proc{cmd: exec.Command(bin, args...), out: &bytes.Buffer{}, done: make(chan error, 1)}
	p.cmd.Env = u.environ()
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

// wait waits for the agent to exit and returns its exit code.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	select {
	case err := <-p.done:
		p.done <- err // for the cleanup
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0
	case <-time.After(waitFor):
		t.Fatalf("agent did not exit; output:\n%s", p.out)
	}
	return -1
}

// terminate sends SIGTERM and returns the exit code.
func (p *proc) terminate(t *testing.T) int {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	return p.wait(t)
}

// dial waits until the agent answers on socket.
func dial(t *testing.T, socket string) *localapi.Client {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		c, err := localapi.Dial(ctx, socket)
		cancel()
		if err == nil {
			t.Cleanup(func() { c.Close() })
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("no agent on %s: %v", socket, err)
		}
		time.Sleep(20 * time.Millisecond) // polling a condition with a deadline
	}
}

// startZoomfake runs the zoomfake binary and returns its URL.
func startZoomfake(t *testing.T, args ...string) string {
	t.Helper()
	_, bin := binaries(t)
	cmd := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("zoomfake: %v", err)
	}
	_, url, ok := strings.Cut(strings.TrimSpace(line), "listening on ")
	if !ok {
		t.Fatalf("zoomfake printed %q, want its URL", line)
	}
	return url
}

// fakeStats reads GET <fake>/_zoomfake/stats.
func fakeStats(t *testing.T, url string) zoomtest.Stats {
	t.Helper()
	resp, err := http.Get(url + "/_zoomfake/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var st zoomtest.Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		t.Fatal(err)
	}
	return st
}

// configure points u's agent at a fake Zoom as the confidential demo client, with tokens
// in a file and the given redirect port.
func (u *user) configure(fakeURL string, port int) {
	u.env["ZOOMTRAY_ZOOM_URL"] = fakeURL
	u.env["ZOOMTRAY_CLIENT_ID"] = "demo-client"
	u.env["ZOOMTRAY_CLIENT_SECRET"] = "demo-secret"
	u.env["ZOOMTRAY_TOKEN_STORE"] = "file"
	u.env["ZOOMTRAY_REDIRECT_PORTS"] = fmt.Sprint(port)
}
