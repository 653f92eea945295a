package e2e

import (
	"errors"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
)

// openedWindow starts the demo agent with args beside a tray host, checks that only the
// tray shows, clicks the tray icon (Activate) and returns the agent, its local API and
// the viewable window's X id.
func openedWindow(t *testing.T, args ...string) (*agent, *localapi.Client, string) {
	t.Helper()
	conn := sessionBus(t)
	startTrayHost(t, conn)
	a := startAgent(t, args...)
	c := a.client(t)
	item := trayItem(t, conn, a.cmd.Process.Pid)
	if id := viewableWindow(); id != "" {
		t.Fatalf("window %s open before Activate, though a tray host runs", id)
	}
	activate(t, conn, item)
	return a, c, waitWindow(t)
}

// TestDemoBrowserSignIn is the newcomer's first run: zoomtray --demo, the tray's
// Activate opens the window, "Sign in with browser" (pressed from the keyboard: it has
// the focus) opens the fake Zoom's consent page in the browser, and the meetings show.
func TestDemoBrowserSignIn(t *testing.T) {
	requireDesktop(t)
	// The fake approves the consent page as a browser already signed in to Zoom and
	// consented would: headless Chromium (--dump-dom) cannot click its Allow button.
	a, c, id := openedWindow(t, "--demo", "--demo-auto-approve", "alex@example.com")
	a.windowShows(t, patient, "screen: sign_in", "Opens 127.0.0.1:")
	screenshot(t, id, "1-sign-in")
	pressKey(t, id, "space")
	st := waitSignedIn(t, c)
	if got, want := st.StoreKind, "keyring"; got != want {
		t.Errorf("demo token store = %q (%s), want %q: the demo keeps its tokens in the real keyring", got, st.StoreLocation, want)
	}
	lines := a.windowShows(t, patient, "screen: main", "tab: Meetings", "[Join]")
	screenshot(t, id, "2-meetings")
	checkMeetingsShown(t, c, lines)
	checkRealSettingsUntouched(t, a)
}

// TestDemoDeviceSignIn signs in by the device flow, as with a phone: the test reads the
// QR code off a screenshot of the window with zbarimg and approves that code at the fake
// Zoom's device page (no auto-approve: the approval is the test's).
func TestDemoDeviceSignIn(t *testing.T) {
	requireDesktop(t)
	a, c, id := openedWindow(t, "--demo")
	lines := a.windowShows(t, patient, "screen: sign_in", "Code expires in")
	link := readQR(t, id)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal("the QR code is not a URL")
	}
	if !strings.HasPrefix(u.Path, "/oauth/device/complete/") {
		t.Fatalf("the QR code is not the fake's verification_uri_complete (host %q)", u.Host)
	}
	code := path.Base(u.Path)
	if !containsLine(lines, code) {
		t.Error("the QR code's user code is not the one the window shows") // codes are never logged
	}
	if !containsLine(lines, "[Open the phone page here]") {
		t.Error("the demo window does not offer the QR code's link to open on this machine")
	}
	approveDevice(t, u.Scheme+"://"+u.Host, code)
	waitSignedIn(t, c)
	lines = a.windowShows(t, patient, "screen: main", "[Join]")
	screenshot(t, id, "2-meetings")
	checkMeetingsShown(t, c, lines)
}

// readQR screenshots window id until zbarimg reads a QR code in it (the window paints a
// frame after its widgets change) and returns the code's text.
func readQR(t *testing.T, id string) string {
	t.Helper()
	var text string
	shot := filepath.Join(outDir(t), "1-qr-code.png")
	testenv.Eventually(t, patient, "a readable QR code in the window", func() bool {
		if err := capture(id, shot); err != nil {
			t.Fatal(err)
		}
		out, err := tool("zbarimg", "-q", "--raw", shot).Output()
		text = strings.TrimSpace(string(out))
		return err == nil && text != ""
	})
	t.Logf("screenshot: %s", shot)
	return text
}

// approveDevice approves code at the fake Zoom's device page, as the user would on the
// phone: POST /oauth_device with user_code and decision=allow.
func approveDevice(t *testing.T, zoom, code string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 10 * time.Second}).PostForm(zoom+"/oauth_device",
		url.Values{"user_code": {code}, "decision": {"allow"}})
	if err != nil {
		t.Fatalf("approve the device code: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("approve the device code: HTTP %d, want 200", resp.StatusCode)
	}
}

// checkMeetingsShown checks that the window lists the agent's upcoming meetings.
func checkMeetingsShown(t *testing.T, c *localapi.Client, lines []string) {
	t.Helper()
	ml, err := c.Meetings(withTimeout(t, 20*time.Second), false)
	if err != nil {
		t.Fatalf("Meetings: %v", err)
	}
	if len(ml.Meetings) == 0 {
		t.Fatal("the demo agent has no upcoming meetings")
	}
	for _, m := range ml.Meetings {
		if !containsLine(lines, m.Topic) {
			t.Errorf("meeting %q is not shown; the window shows:\n%s", m.Topic, strings.Join(lines, "\n"))
		}
	}
}

// checkRealSettingsUntouched checks that the demo wrote nothing of the real namespace.
func checkRealSettingsUntouched(t *testing.T, a *agent) {
	t.Helper()
	for _, dir := range []string{filepath.Join(a.config, config.DefaultNamespace),
		filepath.Join(a.runtime, config.DefaultNamespace)} {
		if _, err := os.Stat(dir); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("demo touched %s (stat: %v)", dir, err)
		}
	}
}
