package ui

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/service"
)

// alex is the fake's default user.
var alex = &service.Account{ID: "u1", Email: "alex@example.com", Name: "Alex Doe"}

// newTestMain returns the window content over api.
func newTestMain(t *testing.T, api *fakeAPI, opts Options) (*mainScreen, *env) {
	t.Helper()
	e := newTestEnv(t, api)
	return newMain(e, loadSettings(t, ""), opts), e
}

// waitForJobs waits for e's jobs, failing the test after a deadline instead of hanging.
func waitForJobs(t *testing.T, e *env) {
	t.Helper()
	done := make(chan struct{})
	go func() { e.jobs.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("jobs still running after 10 s")
	}
}

func TestMainScreens(t *testing.T) {
	tests := []struct {
		name       string
		st         service.Status
		wantScreen string
		wantLine   string
		wantCall   string
	}{
		{"unconfigured", service.Status{State: service.StateUnconfigured}, screenFirstRun,
			"Not set up yet: zoomtray needs a Zoom app.", ""},
		{"signed out", service.Status{State: "signed_out"}, screenSignIn, "Not signed in.", "Login both noopen=true"},
		{"needs sign-in", service.Status{State: "needs_signin", Reason: "revoked"}, screenSignIn,
			"Your Zoom sign-in was revoked. Sign in again.", "Login both noopen=true"},
		{"signed in", service.Status{State: "signed_in", Account: alex, MeetingsUpdated: testNow}, screenMain,
			"", "Meetings false"},
		{"offline", service.Status{State: "offline", Account: alex}, screenMain,
			"Offline — showing saved meetings; zoomtray keeps retrying.", "Meetings false"},
		{"demo", service.Status{State: "signed_in", Account: alex, Demo: true}, screenMain,
			"Demo mode (fake Zoom).", "Meetings false"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI()
			m, e := newTestMain(t, api, Options{Namespace: testNamespace})
			m.Apply(tt.st)
			waitForJobs(t, e)
			if got := m.Screen(); got != tt.wantScreen {
				t.Errorf("screen = %q, want %q", got, tt.wantScreen)
			}
			if got := m.StatusLine.Text; got != tt.wantLine {
				t.Errorf("status line = %q, want %q", got, tt.wantLine)
			}
			if tt.wantCall != "" && !hasCall(api, tt.wantCall) {
				t.Errorf("calls = %q, want %q", api.Calls(), tt.wantCall)
			}
		})
	}
}

func TestMainRecoversOnItsOwn(t *testing.T) {
	api := newFakeAPI()
	m, e := newTestMain(t, api, Options{})
	netErr := &service.ErrorInfo{Kind: service.KindNetwork, Message: "dial tcp: timeout"}
	steps := []struct {
		st         service.Status
		wantBanner string
		wantScreen string
	}{
		{service.Status{State: "signed_in", Account: alex}, "", screenMain},
		{service.Status{State: "offline", Account: alex, LastError: netErr}, "Zoom could not be reached.", screenMain},
		{service.Status{State: "signed_in", Account: alex}, "", screenMain},
		{service.Status{State: "needs_signin", Reason: "expired",
			LastError: &service.ErrorInfo{Kind: service.KindAuth, Reason: "expired"}}, "", screenSignIn},
		{service.Status{State: "signed_in", Account: alex}, "", screenMain},
	}
	api.loginBlock = true
	for i, s := range steps {
		e.do(func() { m.Apply(s.st) }) // on the UI goroutine: the last step's load may still run
		what, _ := m.Banner.Shown()
		if i == 3 {
			s.wantBanner = what // the auth sentence is text's business; it must be non-empty
			if what == "" {
				t.Errorf("step %d: banner empty for needs_signin", i)
			}
		}
		if what != s.wantBanner {
			t.Errorf("step %d (%s): banner = %q, want %q", i, s.st.State, what, s.wantBanner)
		}
		if got := m.Screen(); got != s.wantScreen {
			t.Errorf("step %d (%s): screen = %q, want %q", i, s.st.State, got, s.wantScreen)
		}
	}
	waitForJobs(t, e) // the blocked Login was cancelled when the main screen came back
}

func TestMainWatch(t *testing.T) {
	api := newFakeAPI()
	api.watch = make(chan service.Status)
	m, e := newTestMain(t, api, Options{})
	e.jobs.Go(m.Watch)
	api.watch <- service.Status{State: "signed_in", Account: alex}
	close(api.watch) // the agent went away
	waitForJobs(t, e)
	if got := m.Screen(); got != screenMain {
		t.Errorf("screen = %q, want %q", got, screenMain)
	}
	if what, _ := m.Banner.Shown(); what != "The zoomtray agent is not running." {
		t.Errorf("banner after the watch ended = %q, want the no-agent sentence", what)
	}
}

func TestMainRecordingsTabLoadsOnce(t *testing.T) {
	api := newFakeAPI()
	m, e := newTestMain(t, api, Options{})
	e.do(func() {
		m.Apply(service.Status{State: "signed_in", Account: alex})
		m.Tabs.SelectIndex(1)
	})
	waitForJobs(t, e)
	e.do(func() {
		m.Tabs.SelectIndex(0)
		m.Tabs.SelectIndex(1)
	})
	waitForJobs(t, e)
	n := 0
	for _, c := range api.Calls() {
		if len(c) > 10 && c[:10] == "Recordings" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("Recordings calls = %d, want 1 (%q)", n, api.Calls())
	}
}

func TestMainKioskHasNoSettings(t *testing.T) {
	tests := []struct {
		kiosk    bool
		wantTabs []string
	}{
		{false, []string{"Meetings", "Recordings", "Settings"}},
		{true, []string{"Meetings", "Recordings"}},
	}
	for _, tt := range tests {
		m, _ := newTestMain(t, newFakeAPI(), Options{Kiosk: tt.kiosk, Namespace: config.DefaultNamespace})
		var got []string
		for _, it := range m.Tabs.Items {
			got = append(got, it.Text)
		}
		if !slices.Equal(got, tt.wantTabs) {
			t.Errorf("kiosk %v: tabs = %q, want %q", tt.kiosk, got, tt.wantTabs)
		}
	}
}

func TestMainOfflineGolden(t *testing.T) {
	api := newFakeAPI()
	api.meetings = cannedMeetings()
	m, e := newTestMain(t, api, Options{Namespace: testNamespace})
	w := test.NewTempWindow(t, m.Content)
	w.Resize(fyne.NewSize(800, 640))
	m.Apply(service.Status{State: "offline", Account: alex,
		LastError: &service.ErrorInfo{Kind: service.KindNetwork, Message: "dial tcp: i/o timeout"}})
	waitForJobs(t, e)
	if !m.Banner.Dismiss.Hidden {
		t.Error("Dismiss shown for the agent's own problem (it clears by itself)")
	}
	assertMarkup(t, "main_offline.xml", w)
}
