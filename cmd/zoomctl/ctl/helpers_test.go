package ctl

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/service"
)

// waitFor bounds how long a test waits for a process to say something; it is a safety net
// against hangs, never a performance assertion.
const waitFor = 60 * time.Second

// binaries are built once per test run by TestMain.
type binaries struct{ zoomctl, zoomfake string }

var bin binaries

// TestMain builds the binaries; zoomctl is built with CGO_ENABLED=0, as it must always
// build.
func TestMain(m *testing.M) {
	var err error
	if bin.zoomctl, err = testenv.BuildBinary("github.com/zoomtray/zoomtray/cmd/zoomctl", "CGO_ENABLED=0"); err == nil {
		bin.zoomfake, err = testenv.BuildBinary("github.com/zoomtray/zoomtray/cmd/zoomfake")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		testenv.RemoveBinaries()
		os.Exit(1)
	}
	code := m.Run()
	testenv.RemoveBinaries()
	os.Exit(code)
}

// fake is a running zoomfake process.
type fake struct {
	url  string
	port int // the registered loopback redirect port
}

// startFake starts zoomfake on a free port with one registered redirect port and a 1 s
// device polling interval, and reads its URL from stdout.
func startFake(t *testing.T, args ...string) *fake {
	t.Helper()
	f := &fake{port: testenv.FreePort(t)}
	args = append([]string{"-addr", "127.0.0.1:0", "-device-interval", "1s",
		"-redirect-uri", fmt.Sprintf("http://127.0.0.1:%d/callback", f.port)}, args...)
	cmd := exec.Command(bin.zoomfake, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line := readLine(t, bufio.NewReader(stdout), "zoomfake's URL")
	f.url = strings.TrimSpace(strings.TrimPrefix(line, "zoomfake listening on "))
	if _, err := url.Parse(f.url); err != nil || !strings.HasPrefix(f.url, "http://") {
		t.Fatalf("zoomfake said %q, want its URL", line)
	}
	return f
}

// readLine reads one line, failing the test if none comes within waitFor.
func readLine(t *testing.T, r *bufio.Reader, what string) string {
	t.Helper()
	ch := make(chan string, 1)
	go func() {
		s, _ := r.ReadString('\n')
		ch <- s
	}()
	select {
	case s := <-ch:
		if s == "" {
			t.Fatalf("no %s: the process ended", what)
		}
		return s
	case <-time.After(waitFor):
		t.Fatalf("no %s within %s", what, waitFor)
	}
	return ""
}

// user is a person's environment: a scratch HOME and XDG directories, no display, no
// session bus.
type user struct {
	env []string
	dir string
	// opened is where the fake xdg-open on u's PATH (and the test agent) write the URLs
	// they are asked to open.
	opened string
	// socket, when set, is passed as --socket (the agent path).
	socket string
	// noSecret leaves out --client-secret-file: the secret must come from the keyring.
	noSecret bool
}

func newUser(t *testing.T) *user {
	t.Helper()
	home := t.TempDir()
	run, err := os.MkdirTemp("", "zc") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	os.Chmod(run, 0o700)
	u := &user{dir: home, opened: filepath.Join(home, "opened.txt")}
	bindir := filepath.Join(home, "bin")
	// The launcher gets a redirect page (file://), never the link: it records the
	// page's target in opened and its own argument in opened.argv.
	script := "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + u.opened + ".argv'\nu=\"$1\"\n" +
		"case \"$u\" in file://*) u=$(sed -n 's/.*location.replace(\"\\([^\"]*\\)\").*/\\1/p' \"${u#file://}\" | sed 's/\\\\u0026/\\&/g');; esac\n" +
		"printf '%s\\n' \"$u\" >> '" + u.opened + "'\n"
	if err := os.MkdirAll(bindir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bindir, "xdg-open"), []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	u.env = []string{
		"HOME=" + home, "PATH=" + bindir + string(os.PathListSeparator) + os.Getenv("PATH"), "LANG=C",
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"),
		"XDG_CACHE_HOME=" + filepath.Join(home, ".cache"), "XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"XDG_RUNTIME_DIR=" + run,
	}
	u.env = append(u.env, testenv.ChildEnv()...)
	return u
}

// secretFile writes the fake's client secret to a 0600 file and returns its name.
func (u *user) secretFile() string {
	p := filepath.Join(u.dir, "client-secret")
	if err := os.WriteFile(p, []byte("demo-secret\n"), 0o600); err != nil {
		panic(err) // the test's own scratch directory
	}
	return p
}

// args prepends the global flags that point zoomctl at f with a file token store.
func (u *user) args(f *fake, args ...string) []string {
	g := []string{"--zoom-url", f.url, "--client-id", "demo-client", "--client-secret-file", u.secretFile(),
		"--token-store", "file", "--redirect-ports", strconv.Itoa(f.port)}
	if u.noSecret {
		g = slices.Delete(g, 4, 6)
	}
	if u.socket != "" {
		g = append(g, "--socket", u.socket)
	}
	return append(g, args...)
}

// command returns a zoomctl command for u against f.
func (u *user) command(ctx context.Context, f *fake, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin.zoomctl, u.args(f, args...)...)
	cmd.Env = u.env
	cmd.Dir = u.dir
	return cmd
}

// waitOpened waits until a URL containing want was opened for u, and returns it.
func (u *user) waitOpened(t *testing.T, want string) string {
	t.Helper()
	deadline := time.Now().Add(waitFor)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(u.opened)
		for _, line := range strings.Split(string(data), "\n") {
			if strings.Contains(line, want) {
				return line
			}
		}
		select {
		case <-time.After(20 * time.Millisecond): // poll: the launcher outlives zoomctl
		case <-t.Context().Done():
			return ""
		}
	}
	t.Fatalf("no URL with %q was opened within %s", want, waitFor)
	return ""
}

// result is a finished zoomctl run.
type result struct {
	stdout, stderr string
	code           int
}

// run runs zoomctl to completion.
func (u *user) run(t *testing.T, f *fake, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	cmd := u.command(ctx, f, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("zoomctl %v: %v", args, err)
	}
	return r
}

// mustRun runs zoomctl and fails unless it exits 0.
func (u *user) mustRun(t *testing.T, f *fake, args ...string) result {
	t.Helper()
	r := u.run(t, f, args...)
	if r.code != 0 {
		t.Fatalf("zoomctl %v: exit %d, want 0\nstdout: %s\nstderr: %s", args, r.code, r.stdout, r.stderr)
	}
	return r
}

// jsonTo decodes s into v, failing the test otherwise.
func jsonTo(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("output is not the JSON wanted (%v):\n%s", err, s)
	}
}

// loginStream runs "login ARGS --json", hands each event to step (which may act, e.g.
// approve), and returns the events and the exit code once zoomctl ends.
func (u *user) loginStream(t *testing.T, f *fake, step func(service.LoginEvent), args ...string) ([]service.LoginEvent, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	cmd := u.command(ctx, f, append([]string{"login", "--json"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var events []service.LoginEvent
	r := bufio.NewReader(stdout)
	for {
		line, err := r.ReadString('\n')
		if line != "" {
			var ev service.LoginEvent
			jsonTo(t, line, &ev)
			events = append(events, ev)
			step(ev)
		}
		if err == io.EOF {
			break
		}
	}
	err = cmd.Wait()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	}
	if code != 0 {
		t.Logf("login stderr: %s", errb.String())
	}
	return events, code
}

// approveDevice approves a device code at the fake as alex, like a phone would.
func approveDevice(t *testing.T, f *fake, code string) {
	t.Helper()
	resp, err := http.PostForm(f.url+"/oauth_device", url.Values{"user_code": {code}, "decision": {"allow"}, "user": {"alex@example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("approving the device code: status %d, want 200", resp.StatusCode)
	}
}

// loginDevice signs u in with the device flow and checks the --json shapes.
func (u *user) loginDevice(t *testing.T, f *fake) []service.LoginEvent {
	t.Helper()
	events, code := u.loginStream(t, f, func(ev service.LoginEvent) {
		if ev.Event == service.EventDeviceCode {
			approveDevice(t, f, ev.UserCode)
		}
	}, "--device")
	if code != 0 {
		t.Fatalf("login --device: exit %d, want 0; events %+v", code, events)
	}
	return events
}
