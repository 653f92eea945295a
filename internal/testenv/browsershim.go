package testenv

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Launch is one start of the browser shim, read from /proc while it was still running.
type Launch struct {
	// Cmdline is /proc/PID/cmdline of the shim: what every local user can read.
	Cmdline []string
	// Environ is /proc/PID/environ of the shim.
	Environ []string
	// Page is the file the shim was asked to open (a file:// URL's target), read by the
	// shim as the user's browser would, or "" when its argument was no file.
	Page string
}

// BrowserShim is a stand-in browser installed as $BROWSER and as xdg-open first on $PATH.
// Each start stays alive until the test has read its /proc entries, as a browser that
// keeps its first URL in argv would.
type BrowserShim struct {
	dir string
}

// shimScript records its start in a fresh directory and blocks on a FIFO until released.
const shimScript = `#!/bin/sh
n=$(mktemp -d "%[1]s/launch.XXXXXX") || exit 1
f="$1"
case "$f" in file://*) f="${f#file://}";; esac
if [ -f "$f" ]; then cat "$f" > "$n/page"; fi
mkfifo "$n/release"
echo $$ > "$n/pid.tmp" && mv "$n/pid.tmp" "$n/pid"
read x < "$n/release"
`

// NewBrowserShim installs the shim for the rest of the test (t.Setenv: not parallel).
// Linux only: it reads /proc.
func NewBrowserShim(t *testing.T) *BrowserShim {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the browser shim reads /proc")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.Mkdir(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf(shimScript, dir)
	for _, name := range []string{"browser", "xdg-open"} {
		if err := os.WriteFile(filepath.Join(bin, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("BROWSER", filepath.Join(bin, "browser"))
	t.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	s := &BrowserShim{dir: dir}
	t.Cleanup(s.releaseAll)
	return s
}

// Next waits for the next start of the shim that the test has not read yet, reads it
// from /proc and lets the shim exit.
func (s *BrowserShim) Next(t testing.TB, timeout time.Duration) Launch {
	t.Helper()
	l, release := s.Hold(t, timeout)
	release()
	return l
}

// Hold is Next with the shim kept running until release is called (or the test ends), as
// a browser keeps running with its argv.
func (s *BrowserShim) Hold(t testing.TB, timeout time.Duration) (l Launch, release func()) {
	t.Helper()
	var run string
	Eventually(t, timeout, "the browser shim to start", func() bool {
		run = s.unread()
		return run != ""
	})
	pidText, err := os.ReadFile(filepath.Join(run, "pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(pidText)))
	if err != nil {
		t.Fatal(err)
	}
	_ = os.WriteFile(filepath.Join(run, "taken"), nil, 0o600)
	l.Cmdline = readNulList(t, fmt.Sprintf("/proc/%d/cmdline", pid))
	l.Environ = readNulList(t, fmt.Sprintf("/proc/%d/environ", pid))
	if page, err := os.ReadFile(filepath.Join(run, "page")); err == nil {
		l.Page = string(page)
	}
	return l, func() { s.release(run) }
}

// unread returns the oldest start directory with a pid that Next has not taken.
func (s *BrowserShim) unread() string {
	runs, _ := filepath.Glob(filepath.Join(s.dir, "launch.*"))
	sort.Strings(runs)
	for _, r := range runs {
		if _, err := os.Stat(filepath.Join(r, "taken")); err == nil {
			continue
		}
		if _, err := os.Stat(filepath.Join(r, "pid")); err == nil {
			return r
		}
	}
	return ""
}

// release lets the shim of run exit.
func (s *BrowserShim) release(run string) {
	if _, err := os.Stat(filepath.Join(run, "released")); err == nil {
		return
	}
	_ = os.WriteFile(filepath.Join(run, "released"), nil, 0o600)
	// Opening the FIFO for writing completes once the shim opened it for reading.
	if f, err := os.OpenFile(filepath.Join(run, "release"), os.O_WRONLY, 0); err == nil {
		_, _ = f.WriteString("\n")
		_ = f.Close()
	}
}

// releaseAll lets every shim still waiting exit, held ones too.
// A shim that made its directory but has not yet written its pid is waited for a few
// seconds, so that none stays blocked on its FIFO after the test.
func (s *BrowserShim) releaseAll() {
	deadline := time.Now().Add(5 * time.Second)
	runs, _ := filepath.Glob(filepath.Join(s.dir, "launch.*"))
	for _, r := range runs {
		if _, err := os.Stat(filepath.Join(r, "released")); err == nil {
			continue
		}
		for time.Now().Before(deadline) {
			if _, err := os.Stat(filepath.Join(r, "pid")); err == nil {
				s.release(r)
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
}

func readNulList(t testing.TB, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}
