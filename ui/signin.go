package ui

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// qrSize is the QR code's side in pixels: about 5 cm on a laptop screen, large enough for
// a phone camera at arm's length, and small enough for the dialog to fit an 880×640
// window with the waiting line and "Try again" in view.
const qrSize = 200

// Sign-in states, as SignIn.State reports them.
const (
	signInWaiting  = "waiting"
	signInRenewed  = "renewed"
	signInSignedIn = "signed_in"
	signInFailed   = "failed"
	// signInIdle is the dialog after the user signed out: nothing runs until they press
	// "Sign in".
	signInIdle = "idle"
)

// Texts of the waiting line.
const (
	waitingText = "Waiting for you to approve zoomtray in the browser or on your phone…"
	browserText = "Your browser opened Zoom's sign-in page: approve zoomtray there."
)

// signInScreen is the sign-in dialog. It offers both ways at once (service.MethodBoth): the
// browser (loopback redirect with PKCE, RFC 8252) and the phone (device authorization
// grant, RFC 8628, whose verification_uri_complete the QR code encodes, so a phone signed
// in to Zoom approves in one step). Whichever completes first wins; the service cancels
// the other. When the Zoom app has no device grant, the phone side says so in one line and
// the browser side works as usual.
//
// What is going on (and "Try again" after a failure) is the first line under the title,
// so it is never below the fold. The authorize URL carries the PKCE challenge and state:
// it is never shown, only opened or copied. A QR code that can no longer be used is
// replaced by a sentence saying so, so nobody scans a dead one.
type signInScreen struct {
	Content fyne.CanvasObject
	// BrowserButton opens the authorize URL; CopyURL copies it, in case no browser opens.
	BrowserButton *escButton
	CopyURL       *widget.Button
	// URL says where the link leads (its host), not the link itself.
	URL *widget.Label
	// QR encodes verification_uri_complete; Code is the user code in large type.
	QR   *canvas.Image
	Code *canvas.Text
	// QRGone replaces the QR code once it cannot be used (failure, expiry, sign-in).
	QRGone *widget.Label
	// CopyCode copies the user code; Countdown shows the time to its expiry (900 s at
	// Zoom), after which the service asks for a new code (device_code_renewed).
	CopyCode  *widget.Button
	Countdown *widget.Label
	// PhoneLink opens verification_uri_complete in this computer's browser: shown only
	// in demo mode, where the fake Zoom's "phone" page runs on this machine, so a newcomer
	// can try the device flow without a phone. PhoneURL holds the link (never shown).
	PhoneLink *widget.Button
	PhoneURL  *widget.Label
	// Phone is the phone side; Unavailable replaces it when the app has no device grant.
	Phone       *fyne.Container
	Unavailable *widget.Label
	// Message says what is going on; Retry starts over after a failure (or signs in
	// after a sign-out).
	Message *widget.Label
	Retry   *widget.Button

	// help says how to sign in with the phone, naming the device page once it is known.
	help     *widget.Label
	e        *env
	url      string
	phoneURL string
	code     string
	expiry   time.Time
	state    string
	onSigned func()
	// cancel stops the running sign-in; set and called on the UI goroutine.
	cancel context.CancelFunc
}

// newSignIn returns the dialog in its waiting state, before any event. onSignedIn (may be
// nil) runs on the UI goroutine after a successful sign-in.
func newSignIn(e *env, onSignedIn func()) *signInScreen {
	s := &signInScreen{e: e, state: signInWaiting, onSigned: onSignedIn}
	s.BrowserButton = newEscButton(e, "Sign in with browser", theme.ComputerIcon(), s.openBrowser)
	s.BrowserButton.Importance = widget.HighImportance
	s.CopyURL = widget.NewButtonWithIcon("Copy link", theme.ContentCopyIcon(), s.copyLink)
	s.URL = caption("Preparing the sign-in link…")
	s.CopyCode = widget.NewButtonWithIcon("Copy code", theme.ContentCopyIcon(), func() {
		copyText(s.code)
		s.e.say("Code copied")
	})
	s.Countdown = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{})
	s.Unavailable = paragraph("Phone sign-in is not available for this Zoom app.")
	s.Unavailable.Hide()
	s.Message = paragraph(waitingText)
	s.Message.TextStyle = fyne.TextStyle{Bold: true}
	s.Retry = widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), s.restart)
	s.Retry.Importance = widget.HighImportance
	s.Retry.Hide()
	s.buildPhone()
	s.Content = s.layout()
	s.setLinkEnabled(false)
	return s
}

// buildPhone makes the phone side: QR code, code, copy button and countdown.
func (s *signInScreen) buildPhone() {
	s.QR = newQRImage(qrSize)
	s.QRGone = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	s.QRGone.Wrapping = fyne.TextWrapWord
	s.QRGone.Hide()
	s.Code = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	s.Code.TextSize = 28
	s.Code.TextStyle = fyne.TextStyle{Monospace: true, Bold: true}
	s.Code.Alignment = fyne.TextAlignCenter
	s.help = caption("Scan with your phone's camera, or open Zoom's device page and enter the code.")
	s.help.Alignment = fyne.TextAlignCenter
	help := s.help
	s.PhoneLink = widget.NewButtonWithIcon("Open the phone page here", theme.ComputerIcon(), s.openPhoneLink)
	s.PhoneURL = widget.NewLabel("")
	s.PhoneURL.Hide()
	// The replacement gets the QR code's width to wrap in: centred on its own it would
	// shrink to its narrowest and stand one letter per line.
	gone := container.NewGridWrap(fyne.NewSquareSize(qrSize),
		container.NewVBox(layout.NewSpacer(), s.QRGone, layout.NewSpacer()))
	qr := container.NewStack(container.NewCenter(s.QR), container.NewCenter(gone))
	s.Phone = container.NewVBox(qr, s.Code, container.NewCenter(s.CopyCode),
		s.Countdown, container.NewCenter(s.PhoneLink), help)
	s.CopyCode.Disable()
	s.PhoneLink.Disable()
	s.PhoneLink.Hide()
}

// ShowPhoneLink shows the QR code's link as a button (demo mode: the fake Zoom's device
// page is on this machine) (UI goroutine).
func (s *signInScreen) ShowPhoneLink() { s.PhoneLink.Show() }

// openPhoneLink opens the QR code's link in this computer's browser.
func (s *signInScreen) openPhoneLink() {
	s.open(s.phoneURL, "Opening the phone page in your browser…")
}

// layout puts the waiting line under the title, then the browser and phone sides next
// to each other.
func (s *signInScreen) layout() fyne.CanvasObject {
	browser := container.NewVBox(heading("On this computer"), container.NewHBox(s.BrowserButton),
		s.URL, container.NewHBox(s.CopyURL))
	phone := container.NewVBox(heading("With your phone"), s.Phone, s.Unavailable)
	status := container.NewBorder(nil, nil, nil, container.NewVBox(s.Retry), s.Message)
	return container.NewVBox(title("Sign in to Zoom"), status, widget.NewSeparator(),
		container.NewGridWithColumns(2, browser, phone))
}

// State returns SignInWaiting, SignInRenewed, SignInSignedIn or SignInFailed.
func (s *signInScreen) State() string { return s.state }

// Run signs in with both methods until one wins, ctx is done or sign-in fails, applying
// each event on the UI goroutine, and ticks the countdown once a second meanwhile. The
// service opens no browser itself (NoOpen): the user chooses with the button.
func (s *signInScreen) Run(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.e.tickEverySecond(ctx, s.Tick)
	req := service.LoginRequest{Method: service.MethodBoth, NoOpen: true}
	err := s.e.api.Login(ctx, req, func(ev service.LoginEvent) { s.e.do(func() { s.Handle(ev) }) })
	if err != nil && ctx.Err() == nil {
		s.e.do(func() { s.fail(service.Describe(err)) })
	}
}

// Handle applies one sign-in event (UI goroutine).
func (s *signInScreen) Handle(ev service.LoginEvent) {
	switch ev.Event {
	case service.EventAuthorizeURL:
		s.url = ev.URL
		s.URL.SetText(linkNote(ev.URL))
		s.setLinkEnabled(true)
		if !ev.ExpiresAt.IsZero() {
			// Single sign-on and multi-factor prompts take time: say how long the link works.
			s.Message.SetText(fmt.Sprintf("Waiting for you to approve zoomtray in the browser or on your phone "+
				"(the browser link works until %s, %d minutes)…", ev.ExpiresAt.In(s.e.now().Location()).Format("15:04"), (ev.ExpiresIn+30)/60))
		}
		if s.e.focus != nil { // Space or Enter signs in from the keyboard
			s.e.focus(s.BrowserButton)
		}
	case service.EventDeviceCode:
		s.showCode(ev)
	case service.EventDeviceCodeRenewed:
		s.showCode(ev)
		s.state = signInRenewed
		s.Message.SetText("The code expired, so here is a new one. Still waiting for you to approve…")
	case service.EventDeviceUnavailable:
		if what, _ := text.Error(ev.Error); what != "" {
			s.Unavailable.SetText(what) // e.g. why a public client has no phone sign-in
		}
		s.Phone.Hide()
		s.Unavailable.Show()
	case service.EventNotice:
		s.Message.SetText(ev.Message)
	case service.EventSignedIn:
		s.signedIn(ev.Account)
	case service.EventError:
		s.fail(ev.Error)
	}
	s.e.notifyChanged()
}

// showCode shows a (new) user code, its QR code and its expiry.
func (s *signInScreen) showCode(ev service.LoginEvent) {
	s.code = ev.UserCode
	s.Code.Text = ev.UserCode
	s.Code.Color = theme.Color(theme.ColorNameForeground)
	s.Code.Refresh()
	uri := showQR(s.QR, ev, qrSize)
	s.phoneURL = uri
	s.PhoneURL.SetText(uri)
	if page := strings.TrimPrefix(ev.VerificationURI, "https://"); page != "" {
		s.help.SetText("Scan with your phone's camera, or open " + page + " and enter the code.")
	}
	s.QR.Show()
	s.QRGone.Hide()
	s.PhoneLink.Enable()
	s.CopyCode.Enable()
	s.expiry = s.e.now().Add(time.Duration(ev.ExpiresIn) * time.Second)
	s.Tick(s.e.now())
}

// Tick shows the time left before the code expires (UI goroutine).
func (s *signInScreen) Tick(now time.Time) {
	if s.code == "" || s.state == signInSignedIn || s.state == signInFailed {
		return
	}
	left := s.expiry.Sub(now).Round(time.Second)
	if left <= 0 {
		s.Countdown.SetText("Code expired — getting a new one…")
		s.retireQR("This code has expired.")
		return
	}
	s.Countdown.SetText(fmt.Sprintf("Code expires in %d:%02d", int(left.Minutes()), int(left.Seconds())%60))
}

// signedIn shows who signed in and tells the window.
func (s *signInScreen) signedIn(a *service.Account) {
	s.state = signInSignedIn
	who := "Zoom"
	if a != nil {
		who = accountName(a)
	}
	s.Message.SetText("Signed in as " + who + ".")
	s.Countdown.SetText("")
	s.retireQR("Signed in.")
	s.setLinkEnabled(false)
	s.CopyCode.Disable()
	s.PhoneLink.Disable()
	s.e.banner.ShowAction(nil)
	if s.onSigned != nil {
		s.onSigned()
	}
}

// fail shows the failure in the banner and offers to start over.
func (s *signInScreen) fail(e *service.ErrorInfo) {
	s.state = signInFailed
	s.Message.SetText("Sign-in did not complete. Try again to get a new link and code.")
	s.Countdown.SetText("")
	s.retireQR("This code can no longer be used.")
	s.setLinkEnabled(false)
	s.CopyCode.Disable()
	s.PhoneLink.Disable()
	s.Retry.Show()
	if e != nil {
		s.e.banner.ShowAction(e)
	}
}

// restart resets the dialog and signs in again.
func (s *signInScreen) restart() {
	s.state, s.url, s.code = signInWaiting, "", ""
	s.Retry.Hide()
	s.Retry.SetText("Try again")
	s.Code.Text = ""
	s.Code.Refresh()
	s.QRGone.Hide()
	s.URL.SetText("Preparing the sign-in link…")
	s.BrowserButton.SetText("Sign in with browser")
	s.BrowserButton.Importance = widget.HighImportance
	s.BrowserButton.Refresh()
	s.Message.SetText(waitingText)
	s.e.banner.ShowAction(nil)
	s.Start()
}

// Start begins a sign-in on a background job, stopping any earlier one (UI goroutine).
func (s *signInScreen) Start() {
	s.Stop()
	ctx, cancel := context.WithCancel(s.e.jobs.ctx)
	s.cancel = cancel
	s.e.jobs.Go(func(context.Context) { s.Run(ctx) })
}

// Stop cancels the running sign-in, if any (UI goroutine).
func (s *signInScreen) Stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

// openBrowser opens the authorize URL, and says so where the user looks: the button, the
// waiting line and the notice.
func (s *signInScreen) openBrowser() {
	s.BrowserButton.SetText("Open the browser again")
	s.BrowserButton.Importance = widget.MediumImportance
	s.BrowserButton.Refresh()
	s.Message.SetText(browserText)
	s.open(s.url, "Opening your browser…")
}

// copyLink copies the authorize URL for a browser zoomtray cannot open.
func (s *signInScreen) copyLink() {
	copyText(s.url)
	s.e.say("Sign-in link copied: paste it into your browser")
}

// Idle shows the dialog with nothing running, after the user signed out: "Sign in"
// starts a sign-in (UI goroutine).
func (s *signInScreen) Idle() {
	s.Stop()
	s.state = signInIdle
	s.Message.SetText("You are signed out.")
	s.URL.SetText("")
	s.setLinkEnabled(false)
	s.retireQR("Press Sign in to get a code.")
	s.Retry.SetText("Sign in")
	s.Retry.Show()
}

// retireQR replaces the QR code by why, so a code that cannot be used is not scanned.
func (s *signInScreen) retireQR(why string) {
	s.QR.Hide()
	s.QRGone.SetText(why)
	s.QRGone.Show()
	s.CopyCode.Disable()
	s.Code.Color = theme.Color(theme.ColorNameDisabled)
	s.Code.Refresh()
}

// linkNote says where the sign-in link leads, without the link.
func linkNote(u string) string {
	host := "Zoom"
	if p, err := url.Parse(u); err == nil && p.Host != "" {
		host = p.Host
	}
	return "Opens " + host + " in your browser. No browser here? Copy the link instead."
}

// open opens u off the UI goroutine (a launcher may block), saying so in the notice.
func (s *signInScreen) open(u, notice string) {
	s.e.say(notice)
	s.e.jobs.Go(func(context.Context) {
		if err := s.e.openURL(u); err != nil {
			s.e.do(func() { s.e.banner.ShowError(err) })
		}
	})
}

// setLinkEnabled enables the browser side's buttons.
func (s *signInScreen) setLinkEnabled(on bool) {
	for _, b := range []*widget.Button{&s.BrowserButton.Button, s.CopyURL} {
		if on {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

// accountName is "Name (email)", or the email alone.
func accountName(a *service.Account) string {
	if a.Name == "" {
		return a.Email
	}
	return fmt.Sprintf("%s (%s)", a.Name, a.Email)
}
