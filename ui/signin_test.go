package ui

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/service"
)

// Events of a sign-in against the fake (values as Zoom sends them, docs/zoom-reference.md).
var (
	evURL = service.LoginEvent{Event: service.EventAuthorizeURL,
		URL: "https://zoom.us/oauth/authorize?client_id=demo-client&response_type=code"}
	evCode = service.LoginEvent{Event: service.EventDeviceCode, UserCode: "abcd1234",
		VerificationURI:         "https://zoom.us/oauth_device",
		VerificationURIComplete: "https://zoom.us/oauth/device/complete/abcd1234", ExpiresIn: 900}
	evRenewed = service.LoginEvent{Event: service.EventDeviceCodeRenewed, UserCode: "wxyz9876",
		VerificationURI:         "https://zoom.us/oauth_device",
		VerificationURIComplete: "https://zoom.us/oauth/device/complete/wxyz9876", ExpiresIn: 900}
	evUnavailable = service.LoginEvent{Event: service.EventDeviceUnavailable}
	evSignedIn    = service.LoginEvent{Event: service.EventSignedIn,
		Account: &service.Account{ID: "u1", Email: "alex@example.com", Name: "Alex Doe"}}
	evError = service.LoginEvent{Event: service.EventError,
		Error: &service.ErrorInfo{Kind: service.KindAuth, Reason: "access_denied", Message: "access denied"}}
)

// showInWindow puts content under the banner in an 800×640 test window.
func showInWindow(t *testing.T, e *env, content fyne.CanvasObject) fyne.Window {
	t.Helper()
	w := test.NewTempWindow(t, container.NewBorder(e.banner.Content, nil, nil, nil, content))
	w.Resize(fyne.NewSize(800, 640))
	return w
}

// assertMarkup lays the window out again (as the GL driver does on a frame after a
// visibility change) and compares it with the golden testdata/name.
func assertMarkup(t *testing.T, name string, w fyne.Window) {
	t.Helper()
	w.Content().Refresh()
	test.AssertRendersToMarkup(t, name, w.Canvas())
	assertNoVerticalText(t, name, w.Content())
}

// assertNoVerticalText fails when a wrapping text was squeezed to one letter per line, a
// layout fault a golden file records faithfully without complaint: three or more lines
// of a single letter in a row.
func assertNoVerticalText(t *testing.T, name string, o fyne.CanvasObject) {
	t.Helper()
	run := 0
	for _, obj := range test.LaidOutObjects(o) {
		txt, ok := obj.(*canvas.Text)
		if !ok || !txt.Visible() {
			continue
		}
		if utf8.RuneCountInString(strings.TrimSpace(txt.Text)) == 1 {
			if run++; run >= 3 {
				t.Errorf("%s: text stands one letter per line (near %q)", name, txt.Text)
				return
			}
			continue
		}
		run = 0
	}
}

func TestSignInStates(t *testing.T) {
	tests := []struct {
		name        string
		events      []service.LoginEvent
		wantState   string
		wantCode    string
		wantPhone   bool
		wantBanner  bool
		wantBrowser bool
	}{
		{"waiting", []service.LoginEvent{evURL, evCode}, signInWaiting, "abcd1234", true, false, true},
		{"renewed", []service.LoginEvent{evURL, evCode, evRenewed}, signInRenewed, "wxyz9876", true, false, true},
		{"unavailable", []service.LoginEvent{evURL, evUnavailable}, signInWaiting, "", false, false, true},
		{"success", []service.LoginEvent{evURL, evCode, evSignedIn}, signInSignedIn, "abcd1234", true, false, false},
		{"error", []service.LoginEvent{evURL, evCode, evError}, signInFailed, "abcd1234", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, newFakeAPI())
			s := newSignIn(e, nil)
			w := showInWindow(t, e, s.Content)
			for _, ev := range tt.events {
				s.Handle(ev)
			}
			if got := s.State(); got != tt.wantState {
				t.Errorf("State() = %q, want %q", got, tt.wantState)
			}
			if got := s.Code.Text; got != tt.wantCode {
				t.Errorf("code shown = %q, want %q", got, tt.wantCode)
			}
			if got := s.Phone.Visible(); got != tt.wantPhone {
				t.Errorf("phone side visible = %v, want %v", got, tt.wantPhone)
			}
			if got := s.Unavailable.Visible(); got == tt.wantPhone {
				t.Errorf("unavailable line visible = %v, want %v", got, !tt.wantPhone)
			}
			if got := e.banner.Content.Visible(); got != tt.wantBanner {
				t.Errorf("banner visible = %v, want %v", got, tt.wantBanner)
			}
			if got := !s.BrowserButton.Disabled(); got != tt.wantBrowser {
				t.Errorf("browser button enabled = %v, want %v", got, tt.wantBrowser)
			}
			assertMarkup(t, "signin_"+tt.name+".xml", w)
		})
	}
}

func TestSignInUnavailableSaysSo(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	s := newSignIn(e, nil)
	s.Handle(evURL)
	s.Handle(evUnavailable)
	if got, want := s.Unavailable.Text, "Phone sign-in is not available for this Zoom app."; got != want {
		t.Errorf("unavailable line = %q, want %q", got, want)
	}
	test.Tap(s.CopyURL)
	if got := clipboard(); got != evURL.URL {
		t.Errorf("clipboard after Copy link = %q, want %q", got, evURL.URL)
	}
}

func TestSignInCopyAndOpen(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	s := newSignIn(e, nil)
	s.Handle(evURL)
	s.Handle(evCode)
	test.Tap(s.CopyCode)
	if got, want := clipboard(), "abcd1234"; got != want {
		t.Errorf("clipboard after Copy code = %q, want %q", got, want)
	}
	test.Tap(s.BrowserButton)
	e.jobs.Wait()
	if want := "open " + evURL.URL; !hasCall(api, want) {
		t.Errorf("calls = %q, want %q", api.Calls(), want)
	}
	if s.QR.Image == nil || s.QR.Image.Bounds().Dx() != qrSize {
		t.Errorf("QR image = %v, want a %d px square", s.QR.Image, qrSize)
	}
}

func TestSignInCountdown(t *testing.T) {
	tests := []struct {
		name    string
		elapsed int // seconds after the code arrived
		want    string
	}{
		{"fresh", 0, "Code expires in 15:00"},
		{"later", 61, "Code expires in 13:59"},
		{"last second", 899, "Code expires in 0:01"},
		{"expired", 900, "Code expired — getting a new one…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, newFakeAPI())
			s := newSignIn(e, nil)
			s.Handle(evCode)
			s.Tick(testNow.Add(secs(tt.elapsed)))
			if got := s.Countdown.Text; got != tt.want {
				t.Errorf("countdown = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSignInRunUsesBothMethods(t *testing.T) {
	api := newFakeAPI()
	api.loginEvents = []service.LoginEvent{evURL, evCode, evSignedIn}
	e := newTestEnv(t, api)
	signed := make(chan struct{})
	s := newSignIn(e, func() { close(signed) })
	s.Start()
	e.jobs.Wait()
	select {
	case <-signed:
	default:
		t.Fatal("onSignedIn was not called")
	}
	if want := "Login both noopen=true"; !hasCall(api, want) {
		t.Errorf("calls = %q, want %q", api.Calls(), want)
	}
}

func TestSignInRunErrorShowsBannerAndRetry(t *testing.T) {
	api := newFakeAPI()
	api.loginErr = &service.ErrorInfo{Kind: service.KindNetwork, Message: "dial tcp: refused"}
	e := newTestEnv(t, api)
	s := newSignIn(e, nil)
	s.Start()
	e.jobs.Wait()
	if got, _ := e.banner.Shown(); got != "Zoom could not be reached." {
		t.Errorf("banner = %q, want the network sentence", got)
	}
	if !s.Retry.Visible() {
		t.Fatal("Try again is hidden after a failure")
	}
	api.mu.Lock()
	api.loginErr = nil
	api.mu.Unlock()
	test.Tap(s.Retry)
	e.jobs.Wait()
	if got := len(api.Calls()); got != 2 {
		t.Errorf("Login calls after retry = %d, want 2", got)
	}
	if got, _ := e.banner.Shown(); got != "" {
		t.Errorf("banner after retry = %q, want empty", got)
	}
}

// TestSignInPublicClientAndDeadline: a public client's device grant is unavailable with its
// reason in one sentence, and the browser side says until when its link works.
func TestSignInPublicClientAndDeadline(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	s := newSignIn(e, nil)
	s.Handle(service.LoginEvent{Event: service.EventDeviceUnavailable,
		Error: &service.ErrorInfo{Kind: service.KindDeviceGrant, Reason: service.ReasonPublicClient}})
	if got := s.Unavailable.Text; !strings.Contains(got, "client secret") {
		t.Errorf("unavailable = %q, want the public-client reason", got)
	}
	at := e.now().Add(15 * time.Minute)
	s.Handle(service.LoginEvent{Event: service.EventAuthorizeURL, URL: "https://zoom.us/oauth/authorize?x", ExpiresIn: 900, ExpiresAt: at})
	if got, want := s.Message.Text, at.Format("15:04")+", 15 minutes"; !strings.Contains(got, want) {
		t.Errorf("message = %q, want it to contain %q", got, want)
	}
}
