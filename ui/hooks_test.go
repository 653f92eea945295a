package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/service"
)

// TestKeyScreenImages compares the rendered sign-in (waiting) and home screens with
// golden PNGs: the test app's theme, the fixed clock (testNow) and the fixed QR content
// of evCode make the pixels the same on every run.
func TestKeyScreenImages(t *testing.T) {
	tests := []struct {
		name  string
		build func(t *testing.T) fyne.Window
	}{
		{"signin_waiting.png", func(t *testing.T) fyne.Window {
			e := newTestEnv(t, newFakeAPI())
			s := newSignIn(e, nil)
			w := showInWindow(t, e, s.Content)
			s.Handle(evURL)
			s.Handle(evCode)
			return w
		}},
		{"home.png", func(t *testing.T) fyne.Window {
			h, e := loadedHome(t, newFakeAPI())
			return showInWindow(t, e, h.Content)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := tt.build(t)
			w.Content().Refresh()
			test.AssertImageMatches(t, tt.name, w.Canvas().Capture())
		})
	}
}

// TestMainRaisesOnRequest checks that the window comes to the front each time the
// agent's Status.WindowRaise grows, and not for the count it had when the window opened.
func TestMainRaisesOnRequest(t *testing.T) {
	tests := []struct {
		raises    []int
		wantRaise int
	}{
		{[]int{0}, 0},
		{[]int{3}, 0},
		{[]int{3, 3}, 0},
		{[]int{0, 1}, 1},
		{[]int{2, 3, 3, 5}, 2},
	}
	for _, tt := range tests {
		m, e := newTestMain(t, newFakeAPI(), Options{Namespace: testNamespace})
		got := 0
		e.raise = func() { got++ }
		for _, n := range tt.raises {
			e.do(func() { m.Apply(service.Status{State: "signed_out", WindowRaise: n}) })
		}
		waitForJobs(t, e)
		if got != tt.wantRaise {
			t.Errorf("WindowRaise %v: raised %d times, want %d", tt.raises, got, tt.wantRaise)
		}
	}
}

// TestMainDumpTellsWhatShows checks the end-to-end tests' hook: the dump names the screen
// and holds the visible texts, not the hidden ones.
func TestMainDumpTellsWhatShows(t *testing.T) {
	api := newFakeAPI()
	api.meetings = cannedMeetings()
	m, e := newTestMain(t, api, Options{Namespace: testNamespace})
	path := filepath.Join(t.TempDir(), "dump.txt")
	e.changed = func() { writeDump(path, m.Dump()) }
	e.do(func() { m.Apply(service.Status{State: "signed_in", Account: alex}) })
	waitForJobs(t, e)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if got, want := lines[0], "screen: "+screenMain; got != want {
		t.Errorf("first line = %q, want %q", got, want)
	}
	for _, want := range []string{"tab: Meetings", "Today", "[Join]", "[New meeting]", cannedMeetings().Meetings[0].Topic} {
		if !slices.Contains(lines, want) {
			t.Errorf("dump lacks %q:\n%s", want, data)
		}
	}
	if slices.Contains(lines, "Loading meetings…") {
		t.Errorf("dump holds the hidden note:\n%s", data)
	}
}

// TestSignInDemoShowsPhoneLink checks that in demo mode the phone side offers the QR
// code's link on this computer (the fake's device page runs here), and elsewhere not.
func TestSignInDemoShowsPhoneLink(t *testing.T) {
	tests := []struct {
		demo     bool
		wantLink bool
	}{
		{false, false},
		{true, true},
	}
	for _, tt := range tests {
		api := newFakeAPI()
		api.loginEvents, api.loginBlock = []service.LoginEvent{evURL, evCode}, true
		m, e := newTestMain(t, api, Options{Namespace: testNamespace})
		e.do(func() { m.Apply(service.Status{State: "signed_out", Demo: tt.demo}) })
		waitUntil(t, e, func() bool { return m.SignIn.code != "" })
		e.do(func() {
			if got := m.SignIn.PhoneLink.Visible(); got != tt.wantLink {
				t.Errorf("demo %v: phone link shown = %v, want %v", tt.demo, got, tt.wantLink)
			}
			if got, want := m.SignIn.PhoneURL.Text, evCode.VerificationURIComplete; got != want {
				t.Errorf("demo %v: phone URL = %q, want %q", tt.demo, got, want)
			}
		})
		if tt.demo {
			test.Tap(m.SignIn.PhoneLink)
			waitUntil(t, e, func() bool { return hasCall(api, "open "+evCode.VerificationURIComplete) })
		}
	}
}

// TestSettingsDemoSavesNothing checks that the demo's settings screen cannot write the
// user's files or keyring.
func TestSettingsDemoSavesNothing(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	s := newSettingsScreen(e, loadSettings(t, ""), config.DemoNamespace)
	if !s.Save.Disabled() {
		t.Error("Save enabled in demo mode")
	}
	if s.Demo.Visible() {
		t.Error("Try the demo shown in demo mode")
	}
	if got := s.Message.Text; got != demoNote {
		t.Errorf("message = %q, want %q", got, demoNote)
	}
}

// waitUntil polls cond on the UI goroutine until it holds, failing after a deadline.
func waitUntil(t *testing.T, e *env, cond func() bool) {
	t.Helper()
	kioskWait(t, e, "condition", cond)
}
