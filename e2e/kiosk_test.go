package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestKiosk is the acceptance test of kiosk mode (issue "Shared PCs"): the agent runs
// with --kiosk against a fake Zoom in this process (so the test can list every secret it
// issued), shows a QR code full screen, signs in when the code is approved "on the phone",
// warns after a few seconds without input, forgets the warning when the mouse moves, signs
// out by itself 20 s after the last input, revokes the grant at Zoom, and leaves none of the
// tokens anywhere under HOME or the XDG directories. The idle time is short for a test but
// leaves the 10 s warning long enough to be seen by a poll on a busy machine, and the test
// moves the mouse while it takes its slow screenshots, so that no sign-out falls into them.
func TestKiosk(t *testing.T) {
	requireDesktop(t)
	zoom := zoomtest.NewServer(zoomtest.Options{DeviceInterval: time.Second})
	t.Cleanup(zoom.Close)
	a := startAgent(t, "--kiosk", "--kiosk-idle-sign-out", "20s",
		"--client-id", "demo-client", "--client-secret-file", secretFile(t, "demo-secret"), "--zoom-url", zoom.URL)
	t.Cleanup(func() { keepKioskLog(t, a) })
	c := kioskClient(t, a)

	// 1. Nobody is signed in: a QR code of the device flow fills the screen.
	if st, err := c.Status(context.Background()); err != nil || !st.Kiosk {
		t.Fatalf("Status: got kiosk %v, %v, want kiosk true", st.Kiosk, err)
	}
	id := waitWindow(t)
	uri := readQR(t, id)
	if !strings.HasPrefix(uri, zoom.URL+"/oauth/device/complete/") {
		t.Fatalf("QR code: got %q, want %s/oauth/device/complete/<code>", uri, zoom.URL)
	}
	// 2. Approving it "on the phone" shows the signed-in screen (no QR code any more).
	if err := zoom.ApproveDevice(path.Base(uri), "alex@example.com", true); err != nil {
		t.Fatalf("ApproveDevice: %v", err)
	}
	st := waitSignedIn(t, c)
	if st.Account == nil || st.Account.Email != "alex@example.com" || st.StoreKind != "memory" {
		t.Fatalf("signed in: got account %+v, store %q, want alex@example.com in memory", st.Account, st.StoreKind)
	}
	testenv.Eventually(t, patient, "the signed-in screen (no QR code)", func() bool {
		moveMouse(t, id) // input: the idle clock starts again after each slow screenshot
		return qrText(t, id, "2-signed-in") == ""
	})
	// 3. Without input, a warning; moving the mouse (X input) cancels it.
	moveMouse(t, id)
	waitWarning(t, c)
	screenshot(t, id, "3-warning")
	moveMouse(t, id)
	testenv.Eventually(t, patient, "the warning cancelled by input", func() bool {
		st, err := c.Status(context.Background())
		return err == nil && st.KioskSignOutAt.IsZero() && st.State == "signed_in"
	})
	// 4. Idle again: the warning, then the automatic sign-out with revocation at Zoom.
	// The agent that held the tokens then exits and a fresh one takes its place, with a
	// new window: nothing of the person stays in memory or on screen.
	waitWarning(t, c)
	select {
	case <-a.exited:
	case <-time.After(patient):
		t.Fatal("the kiosk agent did not restart afresh after the automatic sign-out")
	}
	t.Cleanup(func() { quitAgent(kioskSocket(a), a.home) })
	if got := zoom.Stats().RevokedGrants["revoke"]; got != 1 {
		t.Errorf("grants revoked at Zoom: got %d, want 1", got)
	}
	c = kioskClient(t, a)
	testenv.Eventually(t, 30*time.Second, "the fresh kiosk agent, signed out", func() bool {
		st, err := c.Status(context.Background())
		// signing_in: the kiosk asks for the next person's code at once.
		return err == nil && st.Kiosk && st.Account == nil && (st.State == "signed_out" || st.State == "signing_in")
	})
	if uri2 := readNewQR(t, uri); !strings.HasPrefix(uri2, zoom.URL) {
		t.Errorf("QR code after sign-out: got %q, want a new code (old %q)", uri2, uri)
	}
	// 5. No token, code or device code is left anywhere.
	quitAgent(kioskSocket(a), a.home)
	if n := len(zoom.Secrets()); n < 3 {
		t.Fatalf("the fake issued %d secrets, want at least an access token, a refresh token and a device code", n)
	}
	dirs := []string{a.home}
	if os.Getenv("ZOOMTRAY_TESTENV_SCRATCH") != "" { // scripts/testenv.sh's scratch HOME and XDG dirs
		for _, v := range []string{"HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"} {
			dirs = append(dirs, os.Getenv(v))
		}
	}
	scanForSecrets(t, zoom.Secrets(), dirs...)
	scanForSecrets(t, []string{"alex@example.com"}, a.home) // nor the person's account (no cache, no log)
}

// moveMouse moves the pointer over window id and back: X input, as a person's hand gives.
func moveMouse(t *testing.T, id string) {
	t.Helper()
	for _, x := range []string{"300", "600"} {
		if out, err := tool("xdotool", "mousemove", "--window", id, x, "300").CombinedOutput(); err != nil {
			t.Fatalf("xdotool mousemove: %v\n%s", err, out)
		}
	}
}

// kioskSocket is the kiosk agent's socket (default namespace).
func kioskSocket(a *agent) string {
	return filepath.Join(a.runtime, config.DefaultNamespace, localapi.SocketName)
}

// quitAgent asks the agent on socket, if one answers, to quit, and waits until no
// zoomtray process (agent or window) with HOME home runs any more: a kiosk agent started
// afresh is no child of the test.
func quitAgent(socket, home string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if c, err := localapi.Dial(ctx, socket); err == nil {
		_ = c.Quit(ctx)
		c.Close()
	}
	for len(processesOf(home)) > 0 {
		select {
		case <-ctx.Done():
			for _, pid := range processesOf(home) {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
			return
		case <-time.After(50 * time.Millisecond): // poll: they are no children to wait for
		}
	}
}

// processesOf lists the running zoomtray processes whose environment has HOME home.
func processesOf(home string) []int {
	var pids []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err != nil || exe != zoomtrayBin {
			continue
		}
		env, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
		if err == nil && bytes.Contains(append([]byte{0}, env...), []byte("\x00HOME="+home+"\x00")) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitWarning waits for the warning before an automatic sign-out.
func waitWarning(t *testing.T, c *localapi.Client) {
	t.Helper()
	testenv.Eventually(t, patient, "the sign-out warning", func() bool {
		st, err := c.Status(context.Background())
		return err == nil && !st.KioskSignOutAt.IsZero()
	})
}

// kioskClient dials the kiosk agent (default namespace) and waits for its socket.
func kioskClient(t *testing.T, a *agent) *localapi.Client {
	t.Helper()
	return a.dial(t, config.DefaultNamespace, "the kiosk agent's socket")
}

// qrText screenshots window id as name and returns the QR code zbarimg reads in it, or "".
func qrText(t *testing.T, id, name string) string {
	t.Helper()
	out, _ := tool("zbarimg", "-q", "--raw", screenshot(t, id, name)).Output()
	return strings.TrimSpace(string(out))
}

// scanForSecrets fails the test for each file under dirs holding one of secrets (tokens,
// codes, device codes issued by the fake Zoom, or personal data). Empty and missing dirs
// are skipped.
func scanForSecrets(t *testing.T, secrets []string, dirs ...string) {
	t.Helper()
	if len(secrets) == 0 {
		t.Fatal("nothing to look for")
	}
	files := 0
	for _, dir := range dirs {
		if dir == "" {
			continue
		}
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return nil
			}
			files++
			for _, s := range secrets {
				if s != "" && bytes.Contains(data, []byte(s)) {
					t.Errorf("%s holds a secret issued by Zoom (%d chars)", p, len(s))
				}
			}
			return nil
		})
	}
	t.Logf("scanned %d files for %d secrets", files, len(secrets))
}

// keepKioskLog copies the kiosk agent's log (default namespace) to the test's output.
func keepKioskLog(t *testing.T, a *agent) {
	src := filepath.Join(a.home, ".local/state", config.DefaultNamespace, "zoomtray.log")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Logf("kiosk agent log: %v", err)
		return
	}
	dst := filepath.Join(outDir(t), "zoomtray.log")
	if err := os.WriteFile(dst, data, 0o600); err == nil {
		t.Logf("kiosk agent log: %s", dst)
	}
}

// readNewQR waits for a window "zoomtray" that shows a QR code other than old, and returns
// the code's text. The window is looked up anew each time: the replaced agent's window
// may still be closing, and X may give the new window the old one's id.
func readNewQR(t *testing.T, old string) string {
	t.Helper()
	var text string
	shot := filepath.Join(outDir(t), "4-new-qr-code.png")
	testenv.EventuallyEvery(t, patient, 100*time.Millisecond, "a new QR code in the kiosk's window", func() bool {
		id := viewableWindow()
		if id == "" || capture(id, shot) != nil {
			return false // no window yet, or it went away while captured
		}
		out, err := tool("zbarimg", "-q", "--raw", shot).Output()
		text = strings.TrimSpace(string(out))
		return err == nil && text != "" && text != old
	})
	return text
}
