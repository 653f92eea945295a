package ui

import (
	"context"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Kiosk screens, as Kiosk.Screen reports them.
const (
	kioskSignedOut = "kiosk_signed_out"
	kioskSignedIn  = "kiosk_signed_in"
)

// Kiosk sizes: readable across a meeting room.
const (
	kioskQRSize   = 420
	kioskBigText  = 40
	kioskText     = 24
	kioskReport   = time.Second // at most one activity report a second
	kioskRetry    = 5 * time.Second
	kioskButtonsW = 200
	kioskButtonsH = 64
)

// kioskScreen is the full-screen window of a shared computer (issue "Shared PCs", kiosk mode).
// Signed out, it shows a large QR code of the device flow only (RFC 8628: the person
// approves on their own phone, so no browser on this computer keeps a Zoom session), the
// user code and a countdown; the code renews itself without end. Signed in, it shows who
// is signed in, today's meetings with large Start and Join buttons, "New meeting", and a
// "Sign out" button that is always visible. Before an automatic sign-out (idle or time of
// day, planned by the agent) a warning with a countdown covers the screen; any input
// reports Activity to the agent, which cancels an idle sign-out. There are no settings.
type kioskScreen struct {
	Content fyne.CanvasObject
	Banner  *bannerView
	// Signed out: the QR code of verification_uri_complete, the user code, the countdown.
	QR        *canvas.Image
	Code      *canvas.Text
	Countdown *canvas.Text
	// Verify names the device page (verification_uri) for entering the code by hand.
	Verify *canvas.Text
	// Signed in: who, today's meetings, and the actions.
	Who        *canvas.Text
	Rows       []*meetingRow
	NewMeeting *widget.Button
	SignOut    *widget.Button
	// HostHint says what to do when the Zoom app asks to sign in on Start (KioskHostHint).
	HostHint *widget.Label
	// Warning covers the screen before an automatic sign-out; Stay is "touch to stay".
	Warning     *fyne.Container
	WarningText *canvas.Text
	Stay        *widget.Button

	e          *env
	body       *fyne.Container
	signedOut  fyne.CanvasObject
	signedIn   fyne.CanvasObject
	list       *fyne.Container
	note       *widget.Label
	screen     string
	code       string
	expiry     time.Time
	signOutAt  time.Time
	lastReport time.Time
	lastList   time.Time
	cancel     context.CancelFunc // the running device sign-in (UI goroutine)
	// override gives the kiosk its touch-screen theme; objects added later need its
	// Refresh to get it too.
	override *container.ThemeOverride
}

// newKiosk builds the kiosk screens; Apply chooses which one shows.
func newKiosk(e *env) *kioskScreen {
	k := &kioskScreen{e: e, Banner: e.banner}
	fg := theme.Color(theme.ColorNameForeground)
	k.QR = newQRImage(kioskQRSize)
	k.Code = bigText("", kioskBigText, fg)
	k.Code.TextStyle = fyne.TextStyle{Monospace: true}
	k.Countdown = bigText("Preparing the code…", kioskText, fg)
	k.Verify = bigText("", kioskText*0.75, theme.Color(theme.ColorNamePlaceHolder))
	k.Who = bigText("", kioskBigText, fg)
	k.NewMeeting = widget.NewButtonWithIcon("New meeting", theme.ContentAddIcon(), k.newMeeting)
	k.NewMeeting.Importance = widget.HighImportance
	k.SignOut = widget.NewButtonWithIcon("Sign out", theme.LogoutIcon(), k.signOut)
	k.SignOut.Importance = widget.DangerImportance
	k.Stay = widget.NewButton("I'm still here", k.Touch)
	k.Stay.Importance = widget.HighImportance
	k.WarningText = bigText("", kioskBigText, fg)
	k.note = widget.NewLabel("Loading today's meetings…")
	k.HostHint = widget.NewLabel(kioskHostHint)
	k.HostHint.Wrapping = fyne.TextWrapWord
	k.list = container.NewVBox()
	k.build()
	return k
}

// kioskHostHint is shown under the meetings of a signed-in kiosk. A start link carries a
// ZAK but does not sign the Zoom app itself in (Zoom staff say so, and zoommtg:// start
// links ask to sign in since late 2025), so on a shared PC whose Zoom app is signed in as
// someone else, or not at all, Start may lead to the Zoom app's sign-in prompt.
const kioskHostHint = "If Start opens the Zoom app's sign-in page, sign in to the Zoom app with your own account, " +
	"or tap Join and claim host with your host key (on zoom.us: Profile → Host key)."

// bigText is a centred canvas text of size.
func bigText(s string, size float32, c color.Color) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.Alignment = fyne.TextAlignCenter
	return t
}

// big makes a button large, for a touch screen.
func big(b *widget.Button) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(kioskButtonsW, kioskButtonsH), b)
}

// build lays out both screens and the warning over them.
func (k *kioskScreen) build() {
	help := bigText("Scan with your phone's camera to sign in to Zoom", kioskText, theme.Color(theme.ColorNameForeground))
	k.signedOut = container.NewCenter(container.NewVBox(help, container.NewCenter(k.QR), k.Code,
		k.Verify, k.Countdown))
	top := container.NewBorder(nil, nil, nil, container.NewHBox(big(k.NewMeeting), big(k.SignOut)), k.Who)
	k.signedIn = container.NewBorder(container.NewPadded(top), nil, nil, nil,
		container.NewVScroll(container.NewPadded(container.NewVBox(k.note, k.list, k.HostHint))))
	bg := canvas.NewRectangle(theme.Color(theme.ColorNameOverlayBackground))
	k.Warning = container.NewStack(bg, container.NewCenter(container.NewVBox(k.WarningText,
		container.NewCenter(big(k.Stay)))))
	k.Warning.Hide()
	k.body = container.NewStack()
	catcher := newActivityCatcher(k.Touch)
	k.override = container.NewThemeOverride(container.NewStack(catcher,
		container.NewBorder(k.Banner.Content, nil, nil, nil, k.body), k.Warning), kioskTheme{})
	k.Content = k.override
}

// Dump returns what the kiosk shows as text, as Main.Dump does for the window.
func (k *kioskScreen) Dump() []string {
	return append([]string{"screen: " + k.screen}, dumpTexts(k.Content)...)
}

// Screen returns KioskSignedOut, KioskSignedIn or "" before the first status.
func (k *kioskScreen) Screen() string { return k.screen }

// Watch applies the agent's status and each change until ctx is done (a job), and ticks
// the countdowns once a second.
func (k *kioskScreen) Watch(ctx context.Context) {
	go k.e.tickEverySecond(ctx, k.Tick)
	ch, err := k.e.api.Watch(ctx)
	if err != nil {
		k.e.do(func() { k.Banner.ShowError(err) })
		return
	}
	for st := range ch {
		k.e.do(func() { k.Apply(st) })
	}
	if ctx.Err() == nil {
		k.e.do(func() { k.Banner.ShowStatus(&service.ErrorInfo{Kind: service.KindNoAgent}) })
	}
}

// Apply shows st: the sign-in while nobody is signed in, else who is and today's meetings,
// and the warning while an automatic sign-out is near (UI goroutine).
func (k *kioskScreen) Apply(st service.Status) {
	k.Banner.ShowStatus(st.LastError)
	active := kioskActive(st.State)
	if active {
		k.showSignedIn(st)
	} else {
		k.showSignedOut()
	}
	k.signOutAt = time.Time{}
	if active {
		k.signOutAt = st.KioskSignOutAt
	}
	k.Tick(k.e.now())
	k.e.notifyChanged()
}

// kioskActive reports whether state has someone signed in.
func kioskActive(state service.State) bool {
	switch state {
	case service.StateSignedOut, service.StateNeedsSignIn, service.StateSigningIn, service.StateUnconfigured, "":
		return false
	}
	return true
}

// showSignedIn switches to the signed-in screen and reloads the meetings when they changed.
func (k *kioskScreen) showSignedIn(st service.Status) {
	k.stopSignIn()
	who := "Signed in"
	if st.Account != nil {
		who = "Signed in: " + accountName(st.Account)
	}
	k.Who.Text = who
	k.Who.Refresh()
	entered := k.setScreen(kioskSignedIn, k.signedIn)
	if entered || !st.MeetingsUpdated.Equal(k.lastList) {
		k.lastList = st.MeetingsUpdated
		k.e.jobs.Go(k.load)
	}
}

// showSignedOut switches to the QR screen and starts the device sign-in.
func (k *kioskScreen) showSignedOut() {
	if k.setScreen(kioskSignedOut, k.signedOut) || k.cancel == nil {
		k.Who.Text = ""
		k.list.Objects, k.Rows = nil, nil
		k.startSignIn()
	}
}

// setScreen shows obj as screen; it reports whether the screen changed.
func (k *kioskScreen) setScreen(screen string, obj fyne.CanvasObject) bool {
	if k.screen == screen {
		return false
	}
	k.screen = screen
	k.body.Objects = []fyne.CanvasObject{obj}
	k.override.Refresh()
	return true
}

// Tick refreshes the code's countdown and the warning (UI goroutine).
func (k *kioskScreen) Tick(now time.Time) {
	if k.screen == kioskSignedOut && k.code != "" {
		left := k.expiry.Sub(now).Round(time.Second)
		k.Countdown.Text = fmt.Sprintf("New code in %d:%02d", int(left.Minutes()), int(left.Seconds())%60)
		if left <= 0 {
			k.Countdown.Text = "Getting a new code…"
		}
		k.Countdown.Refresh()
		k.e.notifyChanged()
	}
	if k.signOutAt.IsZero() {
		k.Warning.Hide()
		return
	}
	left := max(k.signOutAt.Sub(now).Round(time.Second), 0)
	k.WarningText.Text = fmt.Sprintf("Signing out in %d s — touch to stay", int(left.Seconds()))
	k.WarningText.Refresh()
	k.Warning.Show()
}

// Touch reports input to the agent, at most once a second unless a warning shows (UI
// goroutine): an idle sign-out moves away and its warning ends.
func (k *kioskScreen) Touch() {
	now := k.e.now()
	if k.screen != kioskSignedIn || (now.Sub(k.lastReport) < kioskReport && k.signOutAt.IsZero()) {
		return
	}
	k.lastReport = now
	k.e.jobs.Go(func(ctx context.Context) {
		if err := k.e.api.Activity(ctx); err != nil {
			k.e.do(func() { k.Banner.ShowError(err) })
		}
	})
}

// load fetches the meetings and shows today's (a job).
func (k *kioskScreen) load(ctx context.Context) {
	ml, err := k.e.api.Meetings(ctx, false)
	k.e.do(func() {
		if err != nil {
			k.Banner.ShowError(err)
			return
		}
		k.showMeetings(todays(ml.Meetings, k.e.now()))
		k.e.notifyChanged()
	})
}

// todays returns the meetings that start today (local time) or are in progress.
func todays(ms []zoomapi.Meeting, now time.Time) []zoomapi.Meeting {
	from, to := dayStart(now), dayStart(now).AddDate(0, 0, 1)
	var out []zoomapi.Meeting
	for _, m := range ms {
		end := m.StartTime.Add(time.Duration(max(m.Duration, 1)) * time.Minute)
		if !m.StartTime.IsZero() && m.StartTime.Before(to) && (!m.StartTime.Before(from) || end.After(now)) {
			out = append(out, m)
		}
	}
	return out
}
