package ui

import (
	"runtime"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// newTestKiosk returns a kiosk over api with the tests' clock.
func newTestKiosk(t *testing.T, api *fakeAPI) (*kioskScreen, *env) {
	t.Helper()
	e := newTestEnv(t, api)
	return newKiosk(e), e
}

// kioskWait polls cond (what) on the UI goroutine until it holds, failing after a deadline.
func kioskWait(t *testing.T, e *env, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var ok bool
		e.do(func() { ok = cond() })
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: not reached within 10 s", what)
		}
		runtime.Gosched()
	}
}

// countCalls counts the recorded calls equal to call.
func countCalls(api *fakeAPI, call string) int {
	n := 0
	for _, c := range api.Calls() {
		if c == call {
			n++
		}
	}
	return n
}

func TestKioskSignedOutShowsDeviceCode(t *testing.T) {
	api := newFakeAPI()
	api.loginBlock = true
	api.loginEvents = []service.LoginEvent{{Event: service.EventDeviceCode, UserCode: "abcd1234",
		VerificationURIComplete: "https://zoom.us/oauth/device/complete/xyz", ExpiresIn: 900}}
	k, e := newTestKiosk(t, api)
	e.do(func() { k.Apply(service.Status{State: "signed_out", Kiosk: true}) })
	kioskWait(t, e, "code shown", func() bool { return k.Code.Text == "abcd1234" })
	e.do(func() { k.Tick(testNow.Add(61 * time.Second)) })
	tests := []struct{ name, got, want string }{
		{"screen", k.Screen(), kioskSignedOut},
		{"login", api.Calls()[0], "Login device noopen=true"},
		{"countdown", k.Countdown.Text, "New code in 13:59"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if k.QR.Image == nil {
		t.Error("QR: got no image, want the code's QR")
	}
	if k.Warning.Visible() {
		t.Error("warning: got visible while signed out, want hidden")
	}
}

func TestKioskSignedInShowsTodaysMeetings(t *testing.T) {
	api := newFakeAPI()
	api.meetings = service.MeetingList{Meetings: []zoomapi.Meeting{
		{ID: 1, Topic: "Standup", StartTime: testNow.Add(time.Hour), Duration: 15, IsHost: true},
		{ID: 2, Topic: "Review", StartTime: testNow.Add(2 * time.Hour), Duration: 30},
		{ID: 3, Topic: "Tomorrow", StartTime: testNow.Add(24 * time.Hour), Duration: 30, IsHost: true},
	}}
	k, e := newTestKiosk(t, api)
	acc := &service.Account{Email: "alex@example.com", Name: "Alex Doe"}
	e.do(func() { k.Apply(service.Status{State: "signed_in", Account: acc, Kiosk: true}) })
	kioskWait(t, e, "meetings listed", func() bool { return len(k.Rows) == 2 })
	if got, want := k.Who.Text, "Signed in: Alex Doe (alex@example.com)"; got != want {
		t.Errorf("who: got %q, want %q", got, want)
	}
	if k.Rows[0].Start == nil || k.Rows[1].Start != nil {
		t.Errorf("Start buttons: got %v, %v, want the host's meeting only", k.Rows[0].Start != nil, k.Rows[1].Start != nil)
	}
	// A start link does not sign the Zoom app in: the kiosk says what to do then.
	if !strings.Contains(k.HostHint.Text, "sign in to the Zoom app") || !strings.Contains(k.HostHint.Text, "host key") || !k.HostHint.Visible() {
		t.Errorf("host hint %q (visible %v), want the Zoom app sign-in and host key hint", k.HostHint.Text, k.HostHint.Visible())
	}
	tests := []struct {
		name string
		tap  func()
		want string
	}{
		{"start", func() { test.Tap(k.Rows[0].Start) }, "Start 1"},
		{"join", func() { test.Tap(k.Rows[1].Join) }, "open https://zoom.us/j/2"},
		{"new meeting", func() { test.Tap(k.NewMeeting) }, "NewMeeting Instant meeting"},
		{"sign out", func() { test.Tap(k.SignOut) }, "Logout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e.do(tt.tap)
			waitForJobs(t, e)
			if !hasCall(api, tt.want) {
				t.Errorf("calls: got %q, want one %q", api.Calls(), tt.want)
			}
		})
	}
}

func TestKioskWarningAndActivity(t *testing.T) {
	api := newFakeAPI()
	k, e := newTestKiosk(t, api)
	st := service.Status{State: "signed_in", Kiosk: true, KioskSignOutAt: testNow.Add(25 * time.Second)}
	e.do(func() { k.Apply(st) })
	if !k.Warning.Visible() {
		t.Fatal("warning: got hidden, want visible")
	}
	if got, want := k.WarningText.Text, "Signing out in 25 s — touch to stay"; got != want {
		t.Errorf("warning: got %q, want %q", got, want)
	}
	e.do(func() { test.Tap(k.Stay) })
	e.do(func() { test.Tap(k.Stay) }) // during a warning every touch counts
	waitForJobs(t, e)
	if got := countCalls(api, "Activity"); got != 2 {
		t.Errorf("activity reports during the warning: got %d, want 2", got)
	}
	st.KioskSignOutAt = time.Time{}
	e.do(func() { k.Apply(st) })
	if k.Warning.Visible() {
		t.Error("warning after the agent cancelled it: got visible, want hidden")
	}
	e.do(k.Touch)
	e.do(k.Touch) // same second, no warning: throttled
	waitForJobs(t, e)
	if got := countCalls(api, "Activity"); got != 2 {
		t.Errorf("activity reports after throttling: got %d, want 2", got)
	}
}

func TestTodays(t *testing.T) {
	ms := []zoomapi.Meeting{
		{ID: 1, StartTime: testNow.Add(-30 * time.Minute), Duration: 60}, // live
		{ID: 2, StartTime: testNow.Add(-3 * time.Hour), Duration: 60},    // over
		{ID: 3, StartTime: testNow.Add(13 * time.Hour), Duration: 30},    // 23:00 today
		{ID: 4, StartTime: testNow.Add(15 * time.Hour), Duration: 30},    // tomorrow
		{ID: 5, Topic: "no fixed time"},
	}
	var got []int64
	for _, m := range todays(ms, testNow) {
		got = append(got, int64(m.ID))
	}
	if want := []int64{1, 2, 3}; len(got) != len(want) || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Errorf("todays: got %v, want %v", got, want)
	}
}

// TestKioskLayoutForFingers checks the kiosk's rows keep Join in one column whether or
// not the user hosts the meeting, and that its buttons use the large touch-screen text.
func TestKioskLayoutForFingers(t *testing.T) {
	api := newFakeAPI()
	api.meetings = service.MeetingList{Meetings: []zoomapi.Meeting{
		{ID: 1, Topic: "Standup", StartTime: testNow.Add(time.Hour), Duration: 15, IsHost: true},
		{ID: 2, Topic: "Review", StartTime: testNow.Add(2 * time.Hour), Duration: 30},
	}}
	k, e := newTestKiosk(t, api)
	w := test.NewTempWindow(t, k.Content)
	w.Resize(fyne.NewSize(1280, 800))
	acc := &service.Account{Email: "alex@example.com", Name: "Alex Doe"}
	e.do(func() { k.Apply(service.Status{State: "signed_in", Account: acc, Kiosk: true}) })
	kioskWait(t, e, "meetings listed", func() bool { return len(k.Rows) == 2 })
	e.do(func() {
		w.Content().Refresh()
		d := fyne.CurrentApp().Driver()
		host, guest := d.AbsolutePositionForObject(k.Rows[0].Join), d.AbsolutePositionForObject(k.Rows[1].Join)
		if host.X != guest.X {
			t.Errorf("Join at x=%v on a hosted meeting and x=%v on another: want one column", host.X, guest.X)
		}
		if got := k.Rows[0].Join.Theme().Size(theme.SizeNameText); got < 20 {
			t.Errorf("kiosk button text size = %v, want at least 20", got)
		}
	})
}

// TestKioskGolden compares the kiosk's two screens with their golden layouts.
func TestKioskGolden(t *testing.T) {
	tests := []struct {
		name string
		st   service.Status
		wait func(k *kioskScreen) bool
	}{
		{"kiosk_signed_out.xml", service.Status{State: "signed_out", Kiosk: true},
			func(k *kioskScreen) bool { return k.Code.Text == "abcd1234" }},
		{"kiosk_signed_in.xml", service.Status{State: "signed_in", Kiosk: true, Account: alex},
			func(k *kioskScreen) bool { return len(k.Rows) == 2 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI()
			api.loginBlock = true
			api.loginEvents = []service.LoginEvent{{Event: service.EventDeviceCode, UserCode: "abcd1234",
				VerificationURI:         "https://zoom.us/oauth_device",
				VerificationURIComplete: "https://zoom.us/oauth/device/complete/xyz", ExpiresIn: 900}}
			api.meetings = service.MeetingList{Meetings: []zoomapi.Meeting{
				{ID: 1, Topic: "Standup", StartTime: testNow.Add(time.Hour), Duration: 15, IsHost: true},
				{ID: 2, Topic: "Review", StartTime: testNow.Add(2 * time.Hour), Duration: 30},
			}}
			k, e := newTestKiosk(t, api)
			w := test.NewTempWindow(t, k.Content)
			w.Resize(fyne.NewSize(1280, 800))
			e.do(func() { k.Apply(tt.st) })
			kioskWait(t, e, "the screen filled", func() bool { return tt.wait(k) })
			e.do(func() {
				k.Tick(testNow)
				assertMarkup(t, tt.name, w)
			})
		})
	}
}
