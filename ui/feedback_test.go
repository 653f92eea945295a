package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestSignInNeverShowsTheAuthorizeURL checks the PKCE challenge and state stay out of the
// window: the link is offered by where it leads, and copied or opened whole.
func TestSignInNeverShowsTheAuthorizeURL(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	s := newSignIn(e, nil)
	s.Handle(evURL)
	for _, line := range dumpTexts(s.Content) {
		if strings.Contains(line, "client_id=") || strings.Contains(line, "oauth/authorize") {
			t.Errorf("the window shows the authorize URL: %q", line)
		}
	}
	if got, want := s.URL.Text, "Opens zoom.us in your browser."; !strings.HasPrefix(got, want) {
		t.Errorf("link line = %q, want it to start %q", got, want)
	}
}

// TestSignInBrowserButtonShowsItWorked checks a click on "Sign in with browser" changes
// what the dialog says, at once.
func TestSignInBrowserButtonShowsItWorked(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	s := newSignIn(e, nil)
	s.Handle(evURL)
	before := s.Message.Text
	test.Tap(s.BrowserButton)
	e.jobs.Wait()
	if s.Message.Text == before || s.Message.Text != browserText {
		t.Errorf("waiting line after the click = %q, want %q", s.Message.Text, browserText)
	}
	if got := e.notice.Shown(); got == "" {
		t.Error("no notice after the click")
	}
	if got := s.BrowserButton.Text; got == "Sign in with browser" {
		t.Errorf("browser button still says %q", got)
	}
}

// TestSignInRetiresDeadQR checks a QR code that can no longer be used is replaced, after
// a failure and after its expiry, and comes back with a new code.
func TestSignInRetiresDeadQR(t *testing.T) {
	tests := []struct {
		name  string
		apply func(s *signInScreen)
	}{
		{"declined", func(s *signInScreen) { s.Handle(evError) }},
		{"expired", func(s *signInScreen) { s.Tick(testNow.Add(secs(900))) }},
		{"signed in", func(s *signInScreen) { s.Handle(evSignedIn) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newTestEnv(t, newFakeAPI())
			s := newSignIn(e, nil)
			s.Handle(evURL)
			s.Handle(evCode)
			if !s.QR.Visible() || s.QRGone.Visible() {
				t.Fatal("QR code not shown while it is valid")
			}
			tt.apply(s)
			if s.QR.Visible() || !s.QRGone.Visible() || s.QRGone.Text == "" {
				t.Errorf("QR visible %v, replacement %q visible %v: want the QR replaced",
					s.QR.Visible(), s.QRGone.Text, s.QRGone.Visible())
			}
			if !s.CopyCode.Disabled() {
				t.Error("Copy code enabled for a dead code")
			}
			s.Handle(evRenewed)
			if !s.QR.Visible() || s.QRGone.Visible() {
				t.Error("QR code not back with a new code")
			}
		})
	}
}

// TestSignOutThenNoSignInOnItsOwn checks a confirmed sign-out shows the sign-in dialog
// idle: no Login until the user presses "Sign in".
func TestSignOutThenNoSignInOnItsOwn(t *testing.T) {
	api := newFakeAPI()
	api.meetings = cannedMeetings()
	m, e := newTestMain(t, api, Options{Namespace: testNamespace})
	m.Apply(service.Status{State: "signed_in", Account: alex})
	waitForJobs(t, e)
	test.Tap(m.Home.SignOut)
	if hasCall(api, "Logout") {
		t.Fatal("signed out without confirmation")
	}
	test.Tap(m.Home.ConfirmSignOut)
	waitForJobs(t, e)
	m.Apply(service.Status{State: "signed_out"})
	waitForJobs(t, e)
	if hasCall(api, "Login both noopen=true") {
		t.Errorf("calls = %q: a sign-in started on its own after sign-out", api.Calls())
	}
	if got := m.SignIn.State(); got != signInIdle {
		t.Errorf("sign-in state = %q, want %q", got, signInIdle)
	}
	if !m.SignIn.Retry.Visible() || m.SignIn.Retry.Text != "Sign in" {
		t.Errorf("button %q visible %v, want a visible \"Sign in\"", m.SignIn.Retry.Text, m.SignIn.Retry.Visible())
	}
	test.Tap(m.SignIn.Retry)
	waitForJobs(t, e)
	if !hasCall(api, "Login both noopen=true") {
		t.Errorf("calls = %q: \"Sign in\" did not start a sign-in", api.Calls())
	}
}

// TestHomeActionsConfirm checks every meeting action says in the window that it
// happened.
func TestHomeActionsConfirm(t *testing.T) {
	tests := []struct {
		name string
		tap  func(h *homeScreen)
		want string
	}{
		{"start", func(h *homeScreen) { test.Tap(row(t, h, 101).Start) }, "Opening Zoom to start the meeting…"},
		{"join", func(h *homeScreen) { test.Tap(row(t, h, 103).Join) }, "Opening Zoom to join…"},
		{"copy listed link", func(h *homeScreen) { test.Tap(row(t, h, 102).CopyLink) }, "Invite link copied"},
		{"copy fetched link", func(h *homeScreen) { test.Tap(row(t, h, 104).CopyLink) }, "Invite link copied"},
		{"new meeting", func(h *homeScreen) { test.Tap(h.NewMeeting) }, "Meeting created: opening Zoom…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, e := loadedHome(t, newFakeAPI())
			tt.tap(h)
			e.jobs.Wait()
			if got := e.notice.Shown(); got != tt.want {
				t.Errorf("notice = %q, want %q", got, tt.want)
			}
		})
	}
}

// blockingAPI holds NewMeeting until release is closed.
type blockingAPI struct {
	*fakeAPI
	release chan struct{}
}

func (b blockingAPI) NewMeeting(ctx context.Context, topic string) (*zoomapi.Meeting, error) {
	<-b.release
	return b.fakeAPI.NewMeeting(ctx, topic)
}

// TestNewMeetingDoubleClick checks New meeting is disabled while it runs, so a double
// click creates one meeting.
func TestNewMeetingDoubleClick(t *testing.T) {
	api := blockingAPI{fakeAPI: newFakeAPI(), release: make(chan struct{})}
	e := newTestEnv(t, api.fakeAPI)
	e.api = api
	h := newHome(e)
	test.Tap(h.NewMeeting)
	if !h.NewMeeting.Disabled() {
		t.Error("New meeting enabled while the meeting is being created")
	}
	test.Tap(h.NewMeeting)
	close(api.release)
	e.jobs.Wait()
	n := 0
	for _, c := range api.Calls() {
		if strings.HasPrefix(c, "NewMeeting") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("NewMeeting calls = %d, want 1", n)
	}
	if h.NewMeeting.Disabled() {
		t.Error("New meeting still disabled after the meeting was created")
	}
}
