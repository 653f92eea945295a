package e2e

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// desktopTools are the programs the tests see and drive the desktop with.
var desktopTools = []string{"xwininfo", "xdotool", "import", "zbarimg"}

// requireDesktop skips (or fails under CI) without the real desktop parts of
// scripts/testenv.sh, and fails when a tool is missing.
func requireDesktop(t *testing.T) {
	t.Helper()
	testenv.Display(t)
	testenv.Browser(t)
	testenv.Keyring(t)
	for _, tool := range desktopTools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: run scripts/setup.sh", tool)
		}
	}
	if zoomtrayBin == "" {
		t.Fatal("zoomtray was not built (TestMain)")
	}
}

// outDir is where a test keeps its screenshots and logs: t.ArtifactDir with go test
// -artifacts, else testdata/out/<test> (ignored by git), so they outlive the run.
func outDir(t *testing.T) string {
	t.Helper()
	if f := flag.Lookup("test.artifacts"); f != nil && f.Value.String() == "true" {
		return t.ArtifactDir()
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "out", t.Name()))
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// sessionBus connects to the session bus of scripts/testenv.sh.
func sessionBus(t *testing.T) *dbus.Conn {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("session bus: %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// trayWatcher is a minimal tray host (org.kde.StatusNotifierWatcher): with one on the
// bus the agent shows only its tray icon at start, as on a desktop with a tray, and the
// window opens only when asked (Activate).
type trayWatcher struct{}

// RegisterStatusNotifierItem accepts a tray item.
func (trayWatcher) RegisterStatusNotifierItem(string) *dbus.Error { return nil }

// RegisterStatusNotifierHost accepts a tray host.
func (trayWatcher) RegisterStatusNotifierHost(string) *dbus.Error { return nil }

// startTrayHost puts a trayWatcher on the bus until the test ends.
func startTrayHost(t *testing.T, conn *dbus.Conn) {
	t.Helper()
	const name, path = "org.kde.StatusNotifierWatcher", "/StatusNotifierWatcher"
	if err := conn.Export(trayWatcher{}, path, name); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("tray host: request name: reply %v, %v", reply, err)
	}
	t.Cleanup(func() { conn.ReleaseName(name); conn.Export(nil, path, name) })
}

// trayItem returns the bus name of pid's tray item, org.kde.StatusNotifierItem-<pid>-<n>.
func trayItem(t *testing.T, conn *dbus.Conn, pid int) string {
	t.Helper()
	prefix := "org.kde.StatusNotifierItem-" + strconv.Itoa(pid) + "-"
	var found string
	testenv.Eventually(t, patient, "the agent's tray item on the bus", func() bool {
		var names []string
		if err := conn.BusObject().Call("org.freedesktop.DBus.ListNames", 0).Store(&names); err != nil {
			return false
		}
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				found = n
				return true
			}
		}
		return false
	})
	return found
}

// activate clicks the tray icon: StatusNotifierItem.Activate(x, y).
func activate(t *testing.T, conn *dbus.Conn, item string) {
	t.Helper()
	call := conn.Object(item, "/StatusNotifierItem").Call("org.kde.StatusNotifierItem.Activate", 0, int32(0), int32(0))
	if call.Err != nil {
		t.Fatalf("Activate: %v", call.Err)
	}
}

// toolTimeout bounds each run of a desktop tool: a hung X call fails the test at once
// instead of at go test's timeout.
const toolTimeout = 20 * time.Second

// tool returns the command name args, killed after toolTimeout.
func tool(name string, args ...string) *exec.Cmd {
	ctx, cancel := context.WithTimeout(context.Background(), toolTimeout)
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.WaitDelay = time.Second
	context.AfterFunc(ctx, cancel) // the context ends with its timer; cancel then, as required
	return cmd
}

// viewableWindow returns the X id of the viewable window titled "zoomtray", or "".
func viewableWindow() string {
	out, _ := tool("xdotool", "search", "--name", "^zoomtray$").Output()
	for _, id := range strings.Fields(string(out)) {
		info, err := tool("xwininfo", "-id", id).Output()
		if err == nil && bytes.Contains(info, []byte("IsViewable")) {
			return id
		}
	}
	return ""
}

// waitWindow waits for the window to be viewable and returns its X id.
func waitWindow(t *testing.T) string {
	t.Helper()
	var id string
	testenv.EventuallyEvery(t, patient, 100*time.Millisecond, `a viewable window "zoomtray"`, func() bool {
		id = viewableWindow()
		return id != ""
	})
	return id
}

// screenshot saves window id as name.png in the test's output directory, logs and
// returns its path. The window paints a frame after its widgets change, so it captures
// until two captures in a row are the same picture.
func screenshot(t *testing.T, id, name string) string {
	t.Helper()
	path := filepath.Join(outDir(t), name+".png")
	var last []byte
	testenv.Eventually(t, patient, "a settled picture of the window", func() bool {
		if err := capture(id, path); err != nil {
			t.Fatal(err)
		}
		cur, err := os.ReadFile(path)
		same := err == nil && bytes.Equal(cur, last)
		last = cur
		return same
	})
	t.Logf("screenshot: %s", path)
	return path
}

// capture saves window id as the PNG path (ImageMagick's import).
func capture(id, path string) error {
	if out, err := tool("import", "-window", id, path).CombinedOutput(); err != nil {
		return fmt.Errorf("import -window %s: %w\n%s", id, err, out)
	}
	return nil
}

// pressKey focuses window id and types key, as a person at the keyboard would.
func pressKey(t *testing.T, id, key string) {
	t.Helper()
	for _, args := range [][]string{{"windowfocus", "--sync", id}, {"key", "--clearmodifiers", key}} {
		if out, err := tool("xdotool", args...).CombinedOutput(); err != nil {
			t.Fatalf("xdotool %v: %v\n%s", args, err, out)
		}
	}
}

// stop ends a process with SIGTERM, and SIGKILL after 10 s; exited is closed when it has
// been reaped.
func stop(p *os.Process, exited <-chan struct{}) {
	_ = p.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = p.Kill()
		<-exited
	}
}

// withTimeout returns a context that ends after d or with the test.
func withTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
