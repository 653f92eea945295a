package auth

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestBrowserChromiumConsentPage drives the browser sign-in through the fake's consent page
// in a real headless Chromium: Chromium loads the authorize URL, renders the consent form,
// a click on Allow (or Decline) submits it, Chromium follows Zoom's redirect to the
// loopback listener and shows its page. TestBrowserChromium covers the launch through
// $BROWSER (xdg-open) with AutoApprove, which stands for a browser already signed in to
// Zoom whose user consented before; a --dump-dom launcher cannot click, so this test
// starts Chromium itself and clicks through the DevTools protocol (--remote-debugging-pipe).
func TestBrowserChromiumConsentPage(t *testing.T) {
	testenv.Browser(t)
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	tests := []struct {
		name, button string
		wantErr      error
	}{
		{"allow", "allow", nil},
		{"decline", "deny", ErrAccessDenied},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ports := freeFlowPorts(t, 1)
			s := flowFake(t, zoomtest.Options{}, ports...) // no AutoApprove: the consent page is shown
			b := startTestBrowser(t, fakeConfig(s, "demo-public", "", ports...), BrowserOptions{Timeout: time.Minute})
			cdp := startChromium(t, chromium)
			session := cdp.open(t, b.URL())
			cdp.click(t, session, tt.button)
			tok, err := b.Wait(t.Context())
			checkFlowResult(t, tok, err, tt.wantErr)
			if tt.wantErr == nil {
				checkToken(t, s, tok, "authorization_code")
			}
			routes := s.Stats().Routes
			for _, r := range []string{"GET /oauth/authorize", "POST /oauth/authorize"} {
				if got := routes[r].Count; got != 1 {
					t.Errorf("%s requests: got %d, want 1 (from Chromium)", r, got)
				}
			}
		})
	}
}

// cdpPipe speaks the Chrome DevTools Protocol over --remote-debugging-pipe: JSON messages
// separated by NUL bytes, written to Chromium's fd 3 and read from its fd 4.
type cdpPipe struct {
	w    io.Writer
	r    *bufio.Reader
	next int
}

// startChromium starts a headless Chromium that is killed when the test ends (or after a
// minute, so a hung browser cannot hang the test).
func startChromium(t *testing.T, bin string) *cdpPipe {
	t.Helper()
	toChrome, ourEnd, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fromChrome, chromeEnd, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	profile, err := os.MkdirTemp("", "zoomtray-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--remote-debugging-pipe", "--user-data-dir="+profile, "about:blank")
	cmd.ExtraFiles = []*os.File{toChrome, chromeEnd} // fd 3: commands in, fd 4: answers out
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start chromium: %v", err)
	}
	toChrome.Close()
	chromeEnd.Close()
	t.Cleanup(func() {
		cancel()
		ourEnd.Close()
		_ = cmd.Wait()
		fromChrome.Close()
		removeProfile(t, profile)
	})
	return &cdpPipe{w: ourEnd, r: bufio.NewReader(fromChrome)}
}

// removeProfile removes Chromium's profile directory. Chromium's helper processes outlive
// the killed browser process for a moment and may still write to it (t.TempDir's removal
// then failed with "directory not empty"), so removal is retried until a deadline.
func removeProfile(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for err := os.RemoveAll(dir); err != nil; err = os.RemoveAll(dir) {
		if time.Now().After(deadline) {
			t.Errorf("remove chromium profile %s: %v", dir, err)
			return
		}
		<-tick.C
	}
}

// call sends one command (to a page when session is set) and returns its result, skipping
// the events that arrive meanwhile.
func (c *cdpPipe) call(session, method string, params any) (json.RawMessage, error) {
	c.next++
	msg := map[string]any{"id": c.next, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	if _, err := c.w.Write(append(b, 0)); err != nil {
		return nil, fmt.Errorf("%s: %w", method, err)
	}
	for {
		raw, err := c.r.ReadBytes(0)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", method, err)
		}
		var resp struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(raw[:len(raw)-1], &resp) != nil || resp.ID != c.next {
			continue
		}
		if resp.Error != nil {
			return nil, fmt.Errorf("%s: %s", method, resp.Error.Message)
		}
		return resp.Result, nil
	}
}

// open opens url in a new tab and returns the tab's DevTools session.
func (c *cdpPipe) open(t *testing.T, url string) string {
	t.Helper()
	var target struct {
		TargetID string `json:"targetId"`
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	res, err := c.call("", "Target.createTarget", map[string]any{"url": url})
	if err == nil {
		err = json.Unmarshal(res, &target)
	}
	if err == nil {
		res, err = c.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true})
	}
	if err == nil {
		err = json.Unmarshal(res, &attached)
	}
	if err != nil || attached.SessionID == "" {
		t.Fatalf("open a tab in chromium: %v", err)
	}
	return attached.SessionID
}

// click waits until the tab shows the button with id and clicks it, as a user would.
func (c *cdpPipe) click(t *testing.T, session, id string) {
	t.Helper()
	expr := fmt.Sprintf(`(() => { const b = document.getElementById(%q); if (!b) return false; b.click(); return true })()`, id)
	deadline := time.Now().Add(30 * time.Second)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for ; time.Now().Before(deadline); <-tick.C {
		res, err := c.call(session, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true})
		if err != nil {
			t.Fatalf("evaluate in chromium: %v", err)
		}
		var v struct {
			Result struct {
				Value bool `json:"value"`
			} `json:"result"`
		}
		if json.Unmarshal(res, &v) == nil && v.Result.Value {
			return
		}
	}
	t.Fatalf("the consent page with button %q did not appear in chromium within 30 s", id)
}
