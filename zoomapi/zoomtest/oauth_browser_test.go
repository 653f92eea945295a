package zoomtest

import (
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// openBrowser loads u in the real browser of scripts/testenv.sh ($BROWSER).
func openBrowser(t *testing.T, u string) {
	t.Helper()
	if err := exec.Command(os.Getenv("BROWSER"), u).Run(); err != nil {
		t.Fatalf("$BROWSER: %v", err)
	}
}

// callbackServer listens on a loopback port and sends each callback query on the channel.
func callbackServer(t *testing.T) (redirect string, got <-chan url.Values) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ch := make(chan url.Values, 1)
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case ch <- r.URL.Query():
		default:
		}
		_, _ = w.Write([]byte("signed in"))
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String() + "/callback", ch
}

// TestBrowserAuthorize drives the consent step through a real headless browser, which
// cannot click: Options.AutoApprove and AutoDeny stand in for the user's click.
func TestBrowserAuthorize(t *testing.T) {
	testenv.Browser(t)
	tests := []struct {
		name      string
		opts      Options
		wantError string
	}{
		{"auto approve", Options{AutoApprove: "alex@example.com"}, ""},
		{"auto deny", Options{AutoDeny: true}, "access_denied"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			redirect, got := callbackServer(t)
			tt.opts.Clients = []Client{{ID: "browser-client", Secret: "browser-secret", RedirectURIs: []string{redirect}}}
			s := newTestServer(t, tt.opts)
			q := url.Values{"response_type": {"code"}, "client_id": {"browser-client"}, "redirect_uri": {redirect},
				"state": {"st-b"}, "code_challenge": {s256(testVerifier)}, "code_challenge_method": {"S256"}}
			openBrowser(t, s.URL+"/oauth/authorize?"+q.Encode())
			var cb url.Values
			select {
			case cb = <-got:
			case <-time.After(60 * time.Second):
				t.Fatal("the browser did not reach the callback within 60 s")
			}
			if cb.Get("state") != "st-b" || cb.Get("error") != tt.wantError || (cb.Get("code") == "") != (tt.wantError != "") {
				t.Fatalf("callback: got state %q error %q code present %v, want st-b, %q", cb.Get("state"), cb.Get("error"), cb.Get("code") != "", tt.wantError)
			}
			if tt.wantError != "" {
				return
			}
			r := post(t, s, "/oauth/token", "browser-client", "browser-secret", url.Values{"grant_type": {"authorization_code"},
				"code": {cb.Get("code")}, "redirect_uri": {redirect}, "code_verifier": {testVerifier}})
			if r.status != http.StatusOK {
				t.Errorf("exchange: got %d %s, want 200", r.status, r.body)
			}
		})
	}
}

// TestBrowserDeviceComplete opens verification_uri_complete in a real browser, as a phone
// scanning the QR code would, with AutoApprove as the signed-in phone.
func TestBrowserDeviceComplete(t *testing.T) {
	testenv.Browser(t)
	s := newTestServer(t, Options{AutoApprove: "alex@example.com"})
	r := post(t, s, "/oauth/devicecode", "demo-client", "demo-secret", nil)
	openBrowser(t, r.field(t, "verification_uri_complete"))
	testenv.Eventually(t, 5*time.Second, "the browser to load the approval page", func() bool {
		return s.Stats().Routes["GET /oauth/device/complete/{code}"].ByStatus[http.StatusOK] == 1
	})
	if got := poll(t, s, r.field(t, "device_code")); got.status != http.StatusOK {
		t.Errorf("poll after the browser approved: got %d %s, want 200", got.status, got.body)
	}
}
