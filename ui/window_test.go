//go:build cgo

package ui

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofrs/flock"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/service"
)

// smokeChildEnv makes the test binary run RunWindow on its main goroutine (Fyne's GL
// driver needs the main thread) instead of the tests.
const smokeChildEnv = "ZOOMTRAY_UI_SMOKE_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(smokeChildEnv) == "1" {
		os.Exit(runSmokeChild())
	}
	os.Exit(m.Run())
}

// runSmokeChild shows the real window over a fake agent that is signed out, whose
// sign-in offers evURL and evCode, until SIGTERM.
func runSmokeChild() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	api := newFakeAPI()
	api.loginEvents, api.loginBlock = []service.LoginEvent{evURL, evCode}, true
	api.watch = make(chan service.Status, 1)
	api.watch <- service.Status{State: "signed_out"}
	if st := os.Getenv("ZOOMTRAY_UI_SMOKE_STATE"); st != "" { // for screenshots by hand
		<-api.watch
		api.watch <- service.Status{State: service.State(st), Account: alex}
		api.meetings = cannedMeetings()
		cannedRecordings(api)
	}
	cfg, err := config.Load(config.Sources{Namespace: testNamespace})
	if err != nil {
		return 2
	}
	if err := RunWindow(ctx, api, Options{Namespace: testNamespace, Settings: &cfg}); err != nil {
		return 1
	}
	return 0
}

// TestWindowSmoke runs RunWindow with the real GL driver under Xvfb, finds the window by
// its title, and reads the sign-in QR code off a screenshot as a phone would.
func TestWindowSmoke(t *testing.T) {
	testenv.Display(t)
	lockDisplay(t)
	for _, tool := range []string{"xwininfo", "import", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: apt-get install x11-utils imagemagick zbar-tools", tool)
		}
	}
	var out bytes.Buffer
	child := exec.Command(os.Args[0], "-test.run=^$")
	child.Env = append(os.Environ(), smokeChildEnv+"=1", "LANG=en_US.UTF-8")
	child.Stdout, child.Stderr = &out, &out
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	t.Cleanup(func() {
		if child.ProcessState == nil {
			child.Process.Kill()
			<-exited
		}
	})
	id := waitFor(t, "a viewable window titled zoomtray", windowID)
	shot := filepath.Join(t.TempDir(), "shot.png")
	got := waitFor(t, "a readable QR code", func() string { return qrIn(id, shot) })
	if want := evCode.VerificationURIComplete; got != want {
		t.Errorf("QR code = %q, want %q", got, want)
	}
	child.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("window process: %v\n%s", err, out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("RunWindow did not return after SIGTERM\n%s", out.String())
	}
}

// lockDisplay keeps other test binaries (e2e) off the display until the test ends: two
// of them driving the same Xvfb at once (screenshots, xdotool) have hung it.
func lockDisplay(t *testing.T) {
	t.Helper()
	dir := os.Getenv("ZOOMTRAY_TESTENV_SCRATCH")
	if dir == "" {
		dir = os.TempDir()
	}
	lock := flock.New(filepath.Join(dir, "display"+strings.ReplaceAll(os.Getenv("DISPLAY"), ":", "-")+".lock"))
	if err := lock.Lock(); err != nil {
		t.Fatalf("display lock: %v", err)
	}
	t.Cleanup(func() { lock.Unlock() })
}

// windowID returns the id of the viewable window titled zoomtray, or "".
func windowID() string {
	b, err := exec.Command("xwininfo", "-name", windowTitle).Output()
	if err != nil || !bytes.Contains(b, []byte("IsViewable")) {
		return ""
	}
	m := regexp.MustCompile(`Window id: (0x[0-9a-f]+)`).FindSubmatch(b)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// qrIn screenshots window id into shot and returns the QR code's text, or "".
func qrIn(id, shot string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if exec.CommandContext(ctx, "import", "-window", id, shot).Run() != nil {
		return ""
	}
	b, err := exec.CommandContext(ctx, "zbarimg", "-q", "--raw", shot).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// waitFor polls f until it returns non-empty (testenv.Eventually), failing after 60 s, and
// returns what it returned.
func waitFor(t *testing.T, what string, f func() string) string {
	t.Helper()
	var v string
	testenv.EventuallyEvery(t, 60*time.Second, 100*time.Millisecond, what, func() bool { v = f(); return v != "" })
	return v
}
