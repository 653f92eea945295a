package ui

import (
	"context"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/openurl"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// Screens Main switches between.
const (
	screenFirstRun = "first_run"
	screenSignIn   = "sign_in"
	screenMain     = "main"
)

// mainScreen is the window's content: the banner and a status line on top, and below them the
// screen the agent's state calls for — first run while unconfigured, the sign-in dialog
// while signed out or needing sign-in, else the tabs Meetings, Recordings and Settings.
// It follows Watch, so "Offline" and "Needs sign-in" show and clear on their own.
type mainScreen struct {
	Content    fyne.CanvasObject
	Banner     *bannerView
	StatusLine *widget.Label
	Tabs       *container.AppTabs
	Home       *homeScreen
	Recordings *recordingsScreen
	// Settings is nil in kiosk mode (a shared computer keeps the managed settings).
	Settings *settingsScreen
	FirstRun *firstRunScreen
	SignIn   *signInScreen

	e            *env
	body         *fyne.Container
	screen       string
	lastMeetings time.Time
	recTab       *container.TabItem
	// demo is Status.Demo: the sign-in shows the QR code's link for this machine.
	demo bool
	// accountID is the account whose data the screens show ("" for none).
	accountID string
	// raises is the last Status.WindowRaise seen; raiseSeen is set once one was.
	raises    int
	raiseSeen bool
	// signedOut is set when the user confirmed Sign out: the sign-in dialog that follows
	// waits for "Sign in" instead of starting a sign-in on its own.
	signedOut bool
}

// newEnv returns the real environment of a window: ctx bounds its jobs.
func newEnv(ctx context.Context, api localapi.Agent, closeWindow func()) *env {
	e := &env{
		api: api, banner: newBanner(), jobs: newJobs(ctx), now: time.Now,
		openURL: openurl.Open, downloadDir: downloadDir(), relaunch: relaunchDetached,
		saveSecret: tokenstore.SaveClientSecret, closeWindow: closeWindow,
	}
	e.notice = newNotice(e)
	return e
}

// newMain builds every screen; Apply chooses which one shows.
func newMain(e *env, cfg config.Settings, opts Options) *mainScreen {
	m := &mainScreen{e: e, Banner: e.banner, StatusLine: widget.NewLabel("Connecting to zoomtray…")}
	m.Home = newHome(e)
	m.Home.onSignOut = func() { m.signedOut = true }
	m.Recordings = newRecordings(e)
	m.FirstRun = newFirstRun(e, cfg, opts.Namespace)
	m.SignIn = newSignIn(e, nil)
	m.recTab = container.NewTabItemWithIcon("Recordings", theme.MediaVideoIcon(), m.Recordings.Content)
	m.Tabs = container.NewAppTabs(
		container.NewTabItemWithIcon("Meetings", theme.HomeIcon(), m.Home.Content), m.recTab)
	if !opts.Kiosk {
		m.Settings = newSettingsScreen(e, cfg, opts.Namespace)
		m.Tabs.Append(container.NewTabItemWithIcon("Settings", theme.SettingsIcon(),
			m.Settings.Content))
	}
	m.Tabs.OnSelected = m.tabSelected
	m.body = container.NewStack()
	m.Content = container.NewBorder(container.NewVBox(m.Banner.Content, m.StatusLine, e.notice.Content), nil, nil, nil, m.body)
	return m
}

// Screen returns the screen shown: ScreenFirstRun, ScreenSignIn, ScreenMain or "".
func (m *mainScreen) Screen() string { return m.screen }

// Watch applies the agent's status and each change until ctx is done (a job). When the
// agent goes away the banner says so.
func (m *mainScreen) Watch(ctx context.Context) {
	ch, err := m.e.api.Watch(ctx)
	if err != nil {
		m.e.do(func() { m.Banner.ShowError(err) })
		return
	}
	for st := range ch {
		m.e.do(func() { m.Apply(st) })
	}
	if ctx.Err() == nil {
		m.e.do(func() { m.Banner.ShowStatus(&service.ErrorInfo{Kind: service.KindNoAgent}) })
	}
}

// Apply shows st: the status line, the agent's latest problem, the account, and the screen
// its state calls for; it reloads the meetings when the agent fetched new ones (UI
// goroutine).
func (m *mainScreen) Apply(st service.Status) {
	m.raiseOnRequest(st.WindowRaise)
	m.StatusLine.SetText(statusLine(st))
	// The first-run screen says the same in its own words.
	m.StatusLine.Hidden = m.StatusLine.Text == "" || st.State == service.StateUnconfigured
	m.Banner.ShowStatus(st.LastError)
	m.Home.SetAccount(st.Account)
	m.accountChanged(st.Account)
	m.Recordings.Search.SetProgress(st.Search)
	m.demo = st.Demo
	entered := m.show(screenFor(st.State, m.screen))
	if m.screen == screenMain && (entered || !st.MeetingsUpdated.Equal(m.lastMeetings)) {
		m.lastMeetings = st.MeetingsUpdated
		m.e.jobs.Go(func(ctx context.Context) { m.Home.Load(ctx, false) })
	}
	m.e.notifyChanged()
}

// accountChanged clears every account-bound view when the account differs from the one
// shown: after a sign-out, or another person's sign-in, the previous account's meetings
// and recordings must not stay on screen (UI goroutine).
func (m *mainScreen) accountChanged(a *service.Account) {
	id := ""
	if a != nil {
		id = a.ID
	}
	if id == m.accountID {
		return
	}
	m.accountID = id
	m.Home.Show(service.MeetingList{})
	m.Recordings.Reset()
	m.lastMeetings = time.Time{}
	if m.Tabs.Selected() == m.recTab && id != "" {
		m.Recordings.LoadMore()
	}
}

// raiseOnRequest brings the window to the front when the agent's raise count grew since
// the last status: a second "open window" (tray, zoomctl, another zoomtray start) arrived
// while this window was open (UI goroutine).
func (m *mainScreen) raiseOnRequest(n int) {
	grew := m.raiseSeen && n > m.raises
	m.raises, m.raiseSeen = n, true
	if grew && m.e.raise != nil {
		m.e.raise()
	}
}

// screenFor is the screen for an agent state; signing_in keeps the current one (a sign-in
// from the tray or zoomctl is under way).
func screenFor(state service.State, current string) string {
	switch state {
	case service.StateUnconfigured:
		return screenFirstRun
	case service.StateSignedOut, service.StateNeedsSignIn:
		return screenSignIn
	case service.StateSigningIn:
		if current != "" {
			return current
		}
		return screenSignIn
	}
	return screenMain
}

// show switches to screen, starting or stopping the sign-in as needed; it reports whether
// the screen changed.
func (m *mainScreen) show(screen string) bool {
	if screen == m.screen {
		return false
	}
	if m.screen == screenSignIn {
		m.SignIn.Stop()
	}
	m.screen = screen
	switch screen {
	case screenFirstRun:
		m.body.Objects = []fyne.CanvasObject{m.FirstRun.Content}
	case screenSignIn:
		m.SignIn = newSignIn(m.e, nil)
		if m.demo {
			m.SignIn.ShowPhoneLink()
		}
		m.body.Objects = []fyne.CanvasObject{container.NewVScroll(m.SignIn.Content)}
	default:
		m.body.Objects = []fyne.CanvasObject{m.Tabs}
	}
	m.body.Refresh()
	switch {
	case screen == screenSignIn && m.signedOut:
		m.signedOut = false
		m.SignIn.Idle()
	case screen == screenSignIn:
		m.SignIn.Start() // last: its job changes the widgets from here on
	}
	return true
}

// SelectTab shows the i-th tab (0 Meetings, 1 Recordings, 2 Settings) while the main
// screen shows; other screens and missing tabs ignore it (UI goroutine).
func (m *mainScreen) SelectTab(i int) {
	if m.screen != screenMain || i < 0 || i >= len(m.Tabs.Items) {
		return
	}
	m.Tabs.SelectIndex(i)
	m.e.notifyChanged()
}

// tabSelected loads the current month of recordings the first time their tab opens.
func (m *mainScreen) tabSelected(t *container.TabItem) {
	if t == m.recTab && m.Recordings.Months() == 0 {
		m.Recordings.LoadMore()
	}
}

// statusLine is the one-line summary of st.
func statusLine(st service.Status) string {
	line := text.State(st.State, st.Reason)
	if st.Demo {
		return strings.TrimSpace("Demo mode (fake Zoom). " + line)
	}
	return line
}
