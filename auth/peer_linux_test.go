package auth

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

func TestProcAddr(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"0100007F:1F90", "127.0.0.1:8080"},
		{"0000000000000000FFFF00000100007F:C350", "[::ffff:127.0.0.1]:50000"},
		{"00000000000000000000000001000000:0016", "[::1]:22"},
	}
	for _, tt := range tests {
		got, ok := procAddr(tt.in)
		if !ok || got.String() != tt.want {
			t.Errorf("procAddr(%q) = %v, %v; want %s", tt.in, got, ok, tt.want)
		}
	}
	if !sameAddr(netip.MustParseAddrPort("[::ffff:127.0.0.1]:1"), netip.MustParseAddrPort("127.0.0.1:1")) {
		t.Error("sameAddr does not unmap IPv4-mapped addresses")
	}
}

// TestSamePeerUserAllowsOwnConnections: a connection this process opened is found in
// /proc/net/tcp and allowed. (A dual-stack client socket is listed in /proc/net/tcp6 with
// a mapped address; TestProcAddr covers reading it.)
func TestSamePeerUserAllowsOwnConnections(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	c, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := samePeerUser(s); err != nil {
		t.Errorf("samePeerUser(own connection) = %v, want nil", err)
	}
}

// attackEnv names the environment of the attacker helper.
const attackEnv = "ZOOMTRAY_TEST_PEER_ATTACK"

// TestPeerAttacker is not a test of its own: TestAnotherUserCannotSignYouIn runs the test
// binary as a second local user with attackEnv set, and this function then plays that
// user. It reads every process's command line for the state, tries to read the redirect
// pages, and loads the authorize URL the test leaked to it, approving it with its own
// account at the fake, whose redirect leads to the first user's listener.
func TestPeerAttacker(t *testing.T) {
	if os.Getenv(attackEnv) == "" {
		return
	}
	// The leaked URL comes on stdin: on the command line it would itself be the leak.
	leaked, _ := io.ReadAll(os.Stdin)
	authURL := strings.TrimSpace(string(leaked))
	u, err := url.Parse(authURL)
	if err != nil {
		fmt.Printf("ATTACK bad-url %v\n", err)
		return
	}
	// Other users' sign-ins may run on a shared machine: look for this one's secrets.
	secrets := []string{u.Query().Get("state"), u.Query().Get("code_challenge")}
	cmdlines, _ := filepath.Glob("/proc/[0-9]*/cmdline")
	for _, p := range cmdlines {
		b, err := os.ReadFile(p)
		if err == nil && (strings.Contains(string(b), secrets[0]) || strings.Contains(string(b), secrets[1])) {
			fmt.Printf("ATTACK leak %s\n", p)
		}
	}
	pages, _ := filepath.Glob(filepath.Join(os.Getenv("ATTACK_RUNDIR"), "*"))
	for _, p := range pages {
		if _, err := os.ReadFile(p); err == nil {
			fmt.Printf("ATTACK read %s\n", p)
		}
	}
	if entries, err := os.ReadDir(os.Getenv("ATTACK_RUNDIR")); err == nil {
		fmt.Printf("ATTACK listed %d entries\n", len(entries))
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Get(authURL)
	if err != nil {
		fmt.Printf("ATTACK callback-failed %v\n", strings.ReplaceAll(err.Error(), "\n", " "))
		return
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	fmt.Printf("ATTACK callback-answered %d\n", resp.StatusCode)
}

// secondUser creates a local user for the test and removes it at cleanup. It needs root
// and useradd/runuser: without them the test is skipped, or fails under CI.
func secondUser(t *testing.T) string {
	t.Helper()
	need := func(why string) {
		if os.Getenv("CI") != "" {
			t.Fatalf("the two-user test must run under CI: %s", why)
		}
		t.Skipf("two-user test: %s", why)
	}
	if os.Geteuid() != 0 {
		need("not root (it creates a second local user)")
	}
	for _, tool := range []string{"useradd", "userdel", "runuser"} {
		if _, err := exec.LookPath(tool); err != nil {
			need(tool + " is missing")
		}
	}
	name := fmt.Sprintf("zt-peer-%d", os.Getpid())
	out, err := exec.Command("useradd", "--system", "--no-create-home", "--shell", "/bin/false", name).CombinedOutput()
	if err != nil {
		t.Fatalf("useradd %s: %v: %s", name, err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("userdel", name).CombinedOutput(); err != nil {
			t.Errorf("userdel %s: %v: %s", name, err, out)
		}
	})
	return name
}

// attackerBinary copies the test binary where the second user can run it.
func attackerBinary(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "zt-peer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(self)
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "auth.test")
	if err := os.WriteFile(bin, src, 0o755); err != nil {
		t.Fatal(err)
	}
	return bin
}

// TestAnotherUserCannotSignYouIn: while user A's browser sign-in waits, with A's browser
// still running, a second local user B reads every command line and A's runtime
// directory without finding the state, and even with the authorize URL leaked to B,
// approving it with B's Zoom account does not complete A's sign-in: the listener closes
// B's connection. A's own browser then signs in.
func TestAnotherUserCannotSignYouIn(t *testing.T) {
	user := secondUser(t)
	bin := attackerBinary(t)
	shim := testenv.NewBrowserShim(t)
	port := testenv.FreePort(t)
	z := flowFake(t, zoomtest.Options{AutoApprove: "sam@example.com"}, port)
	runDir := filepath.Join(t.TempDir(), "run")
	opener := openurl.Opener{Dir: runDir}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	b, err := StartBrowser(ctx, fakeConfig(z, "demo-public", "", port), BrowserOptions{open: opener.Open})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := <-b.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	launch, release := shim.Hold(t, 10*time.Second) // A's browser keeps running
	defer release()
	waited := make(chan error, 1)
	go func() { _, err := b.Wait(ctx); waited <- err }()

	cmd := exec.Command("runuser", "-u", user, "--", "env", attackEnv+"=1",
		"ATTACK_RUNDIR="+runDir, bin, "-test.run=^TestPeerAttacker$")
	cmd.Stdin = strings.NewReader(b.URL())
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("attacker as %s: %v\n%s", user, err, out)
	}
	var answered bool
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "ATTACK leak"), strings.HasPrefix(line, "ATTACK read"),
			strings.HasPrefix(line, "ATTACK listed"):
			t.Errorf("user B: %s", line)
		case strings.HasPrefix(line, "ATTACK callback-answered"):
			answered = true
			t.Errorf("user B's callback was served: %s", line)
		}
	}
	select {
	case err := <-waited:
		t.Fatalf("A's sign-in ended through user B's callback (err %v)", err)
	default:
	}
	if got := b.foreign.Load(); got == 0 && !answered {
		t.Errorf("no connection refused as foreign; attacker output:\n%s", out)
	}

	_ = visitAuthorize(t, pageTarget(t, launch.Page)) // A's own browser follows the page
	if err := <-waited; err != nil {
		t.Fatalf("A's own sign-in: %v", err)
	}
}

// pageTarget is the URL a redirect page of openurl leads to.
func pageTarget(t *testing.T, page string) string {
	t.Helper()
	_, rest, ok := strings.Cut(page, `location.replace("`)
	u, _, ok2 := strings.Cut(rest, `")`)
	if !ok || !ok2 {
		t.Fatalf("no redirect in page %q", page)
	}
	return strings.ReplaceAll(u, `\u0026`, "&")
}
