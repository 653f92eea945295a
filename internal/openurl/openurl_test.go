package openurl

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// secretURL is a start link whose query holds what must stay off command lines.
const secretURL = "https://zoom.example/s/123?zak=ZAKSECRET&state=STATESECRET&code_challenge=CHALLENGE"

var secrets = []string{"ZAKSECRET", "STATESECRET", "CHALLENGE", "zak=", "state=", "code_challenge"}

func TestOpenKeepsTheURLOffTheCommandLine(t *testing.T) {
	shim := testenv.NewBrowserShim(t)
	t.Setenv("ZOOMTRAY_CLIENT_SECRET", "CLIENTSECRET")
	dir := filepath.Join(t.TempDir(), "run")
	if err := (Opener{Dir: dir}).Open(secretURL); err != nil {
		t.Fatalf("Open: %v", err)
	}
	l := shim.Next(t, 10*time.Second)
	cmdline := strings.Join(l.Cmdline, " ")
	for _, s := range secrets {
		if strings.Contains(cmdline, s) {
			t.Errorf("browser command line %q holds %q", cmdline, s)
		}
	}
	if env := strings.Join(l.Environ, "\n"); strings.Contains(env, "CLIENTSECRET") {
		t.Errorf("browser environment holds the client secret")
	}
	if !strings.Contains(l.Page, `content="0;url=https://zoom.example/s/123?zak=ZAKSECRET&amp;state=STATESECRET`) ||
		!strings.Contains(l.Page, `location.replace("https://zoom.example/s/123?zak=ZAKSECRET\u0026state=STATESECRET`) {
		t.Errorf("page does not redirect to the link:\n%s", l.Page)
	}
	checkPrivate(t, dir)
}

func checkPrivate(t *testing.T, dir string) {
	t.Helper()
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := fi.Mode().Perm(); got != 0o700 {
		t.Errorf("directory mode = %v, want 0700", got)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, pagePattern))
	for _, p := range pages {
		fi, err := os.Stat(p)
		if err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode = %v, want 0600", p, fi.Mode().Perm())
		}
	}
}

func TestOpenKeepsZoommtgLinks(t *testing.T) {
	var target string
	o := Opener{Dir: filepath.Join(t.TempDir(), "run"), launch: func(s string) (func() error, error) { target = s; return nil, nil }}
	if err := o.Open("zoommtg://zoom.us/start?confno=1&zak=Z"); err != nil {
		t.Fatal(err)
	}
	page, err := os.ReadFile(strings.TrimPrefix(target, "file://"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), `href="zoommtg://zoom.us/start?confno=1&amp;zak=Z"`) {
		t.Errorf("page lost the zoommtg link:\n%s", page)
	}
}

func TestOpenRefusesADirectoryOthersCanRead(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	o := Opener{Dir: dir, launch: func(string) (func() error, error) { t.Error("launched"); return nil, nil }}
	if err := o.Open(secretURL); err == nil {
		t.Error("Open in a 0755 directory succeeded, want an error")
	}
}

func TestOpenRemovesOldPages(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(dir, "open-old.html")
	if err := os.WriteFile(old, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(Keep + time.Minute)
	o := Opener{Dir: dir, now: func() time.Time { return now }, launch: func(string) (func() error, error) { return nil, nil }}
	if err := o.Open(secretURL); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("old page still there (err %v)", err)
	}
}

// TestHandlerIgnoresBrowser: the scheme handler is the desktop's, never $BROWSER.
func TestHandlerIgnoresBrowser(t *testing.T) {
	t.Setenv("BROWSER", "/usr/bin/shared-browser")
	for goos, want := range map[string]string{"linux": "xdg-open", "freebsd": "xdg-open", "darwin": "open", "windows": "rundll32"} {
		if got := handler(goos, "zoommtg://x"); got[0] != want || got[len(got)-1] != "zoommtg://x" {
			t.Errorf("handler(%s) = %q, want %s", goos, got, want)
		}
	}
}

func TestFileURL(t *testing.T) {
	if got, want := fileURL("/run/user/1000/zoom tray/open-1.html"), "file:///run/user/1000/zoom%20tray/open-1.html"; got != want {
		t.Errorf("fileURL = %q, want %q", got, want)
	}
}

// TestOpenStartError checks that a launcher that cannot start is Open's error, so that a
// caller (Start's Opened, the sign-in's warning) can tell the person.
func TestOpenStartError(t *testing.T) {
	t.Setenv("BROWSER", filepath.Join(t.TempDir(), "no-such-browser"))
	l := new(Launched)
	dir := filepath.Join(t.TempDir(), "run")
	if err := (Opener{Dir: dir, Launched: l}).Open("https://zoom.example/j/1"); err == nil {
		t.Fatal("Open with a $BROWSER that does not exist: got nil, want an error")
	}
	if err := l.Wait(t.Context()); err != nil {
		t.Errorf("Wait with nothing launched: %v", err)
	}
	if pages, _ := filepath.Glob(filepath.Join(dir, pagePattern)); len(pages) != 0 {
		t.Errorf("pages left: %v", pages)
	}
}

// TestLaunchedWait checks that Wait returns only once the tracked launcher exited, and
// gives up (without stopping it) when its context is done first.
func TestLaunchedWait(t *testing.T) {
	exit := make(chan struct{})
	l := new(Launched)
	o := Opener{Dir: filepath.Join(t.TempDir(), "run"), Launched: l,
		launch: func(string) (func() error, error) { return func() error { <-exit; return nil }, nil }}
	if err := o.Open("https://zoom.example/j/1"); err != nil {
		t.Fatalf("Open: %v", err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := l.Wait(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Wait while the launcher runs, context done: got %v, want context.Canceled", err)
	}
	close(exit)
	if err := l.Wait(t.Context()); err != nil {
		t.Errorf("Wait after the launcher exited: %v", err)
	}
}
