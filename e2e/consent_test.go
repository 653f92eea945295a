package e2e

import (
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// TestDemoConsentPageAllow signs in by the browser flow without auto-approve: the fake
// Zoom's consent page is a plain HTML form, and the test submits it with its Allow
// button exactly as a person's click in a browser would (the form's hidden fields plus
// decision=allow), then follows the redirect to the agent's loopback callback. Headless
// Chromium cannot click, so this is how the page a newcomer sees is shown to work.
func TestDemoConsentPageAllow(t *testing.T) {
	requireDesktop(t)
	// The window never shows the authorize URL (it carries the PKCE challenge and state):
	// "Sign in with browser" hands it to the browser, whose launcher writes it down here.
	// Only the authorize URL leads to the consent form this test submits.
	browserLog := filepath.Join(t.TempDir(), "browser.log")
	t.Setenv("ZOOMTRAY_TEST_BROWSER_LOG", browserLog)
	a, c, id := openedWindow(t, "--demo")
	a.windowShows(t, patient, "screen: sign_in", "Opens 127.0.0.1:")
	pressKey(t, id, "space")
	var authorize string
	testenv.Eventually(t, patient, "the browser opening the sign-in link", func() bool {
		data, _ := os.ReadFile(browserLog)
		for _, l := range strings.Split(string(data), "\n") {
			if u := pageTarget(l); authorizeURL.MatchString(u) {
				authorize = u
				return true
			}
		}
		return false
	})
	form := consentForm(t, authorize)
	form.Set("decision", "allow")
	u, _ := url.Parse(authorize)
	resp, err := (&http.Client{Timeout: 20 * time.Second}).PostForm(u.Scheme+"://"+u.Host+"/oauth/authorize", form)
	if err != nil {
		t.Fatalf("submit the consent form: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("after Allow and the redirect to the callback: HTTP %d, want 200", resp.StatusCode)
	}
	waitSignedIn(t, c)
	a.windowShows(t, patient, "screen: main", "[Join]")
}

// hiddenInput matches the consent form's hidden fields (html/template quotes values).
var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// consentForm loads the consent page at authorize and returns the values its form
// submits: the hidden fields and the first user of its select.
func consentForm(t *testing.T, authorize string) url.Values {
	t.Helper()
	resp, err := (&http.Client{Timeout: 20 * time.Second}).Get(authorize)
	if err != nil {
		t.Fatalf("consent page: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	page := string(body)
	if !strings.Contains(page, `id="allow"`) {
		t.Fatalf("consent page has no Allow button:\n%s", page)
	}
	form := url.Values{}
	for _, m := range hiddenInput.FindAllStringSubmatch(page, -1) {
		form.Set(m[1], html.UnescapeString(m[2]))
	}
	if m := regexp.MustCompile(`<option value="([^"]+)">`).FindStringSubmatch(page); m != nil {
		form.Set("user", html.UnescapeString(m[1]))
	}
	return form
}

// redirectTo is the target of the redirect page zoomtray opens instead of a link with a
// secret (internal/openurl).
var redirectTo = regexp.MustCompile(`content="0;url=([^"]+)"`)

// pageTarget returns where the browser was sent by the launcher argument arg: the page's
// redirect target when arg is zoomtray's redirect page (a file:// URL), else arg itself.
func pageTarget(arg string) string {
	u, err := url.Parse(arg)
	if err != nil || u.Scheme != "file" {
		return arg
	}
	page, err := os.ReadFile(u.Path)
	if err != nil {
		return ""
	}
	m := redirectTo.FindSubmatch(page)
	if m == nil {
		return ""
	}
	return html.UnescapeString(string(m[1]))
}

// authorizeURL matches the authorize URL of the demo's fake Zoom, and nothing else the
// sign-in screen shows.
var authorizeURL = regexp.MustCompile(`^http://127\.0\.0\.1:\d+/oauth/authorize\?`)
