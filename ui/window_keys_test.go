//go:build cgo

package ui

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// TestWindowKeysAndIcon runs the real window under Xvfb and checks what a desktop user
// expects of it: it carries zoomtray's icon (_NET_WM_ICON, for the taskbar and the window
// switcher), and Ctrl+W, Escape and Ctrl+Q each close it, also while a button has the
// keyboard focus.
func TestWindowKeysAndIcon(t *testing.T) {
	testenv.Display(t)
	lockDisplay(t)
	for _, tool := range []string{"xwininfo", "xdotool", "xprop", "import", "zbarimg"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: apt-get install x11-utils xdotool", tool)
		}
	}
	for i, key := range []string{"ctrl+w", "Escape", "ctrl+q"} {
		t.Run(key, func(t *testing.T) {
			var out testenv.SyncBuffer
			child := exec.Command(os.Args[0], "-test.run=^$")
			child.Env = append(os.Environ(), smokeChildEnv+"=1", "LANG=en_US.UTF-8")
			child.Stdout, child.Stderr = &out, &out
			if err := child.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- child.Wait() }()
			defer func() { // the child's own words say why a window never came
				if t.Failed() {
					t.Logf("window process output:\n%s", out.String())
				}
			}()
			t.Cleanup(func() {
				if child.ProcessState == nil {
					child.Process.Kill()
					<-exited
				}
			})
			id := waitFor(t, "a viewable window titled zoomtray", windowID)
			if i == 0 {
				icon, err := exec.Command("xprop", "-id", id, "_NET_WM_ICON").Output()
				if err != nil || !bytes.Contains(icon, []byte("=")) {
					t.Errorf("window has no _NET_WM_ICON: %s %v", icon, err)
				}
			}
			// Once the QR code shows, the sign-in link has arrived and "Sign in with browser"
			// has the focus: the keys must work past a focused button.
			shot := filepath.Join(t.TempDir(), "shot.png")
			waitFor(t, "a readable QR code", func() string { return qrIn(id, shot) })
			waitFor(t, "the window taking the keyboard focus", func() string {
				if exec.Command("xdotool", "windowfocus", "--sync", id).Run() != nil {
					return ""
				}
				return "ok"
			})
			if b, err := exec.Command("xdotool", "key", "--clearmodifiers", key).CombinedOutput(); err != nil {
				t.Fatalf("xdotool key %s: %v\n%s", key, err, b)
			}
			select {
			case err := <-exited:
				if err != nil {
					t.Errorf("window process after %s: %v\n%s", key, err, out.String())
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("the window stayed open after %s\n%s", key, out.String())
			}
		})
	}
}
