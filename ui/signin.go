package ui

import (
	"context"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// qrSize is the QR code's side in pixels: large enough for a phone camera at arm's length.
const qrSize = 240

// Sign-in states, as SignIn.State reports them.
const (
	SignInWaiting  = "waiting"
	SignInRenewed  = "renewed"
	SignInSignedIn = "signed_in"
	SignInFailed   = "failed"
)

// SignIn is the sign-in dialog. It offers both ways at once (service.MethodBoth): the
// browser (loopback redirect with PKCE, RFC 8252) and the phone (device authorization
// grant, RFC 8628, whose verification_uri_complete the QR code encodes, so a phone signed
// in to Zoom approves in one step). Whichever completes first wins; the service cancels
// the other. When the Zoom app has no device grant, the phone side says so in one line and
// the browser side works as usual.
type SignIn struct {
	Content fyne.CanvasObject
	// BrowserButton opens the authorize URL; CopyURL copies it, in case no browser opens.
	BrowserButton, CopyURL *widget.Button
	// URL shows the authorize URL.
	URL *widget.Label
	// QR encodes verification_uri_complete; Code is the user code in large type.
	QR   *canvas.Image
	Code *canvas.Text
	// CopyCode copies the user code; Countdown shows the time to its expiry (900 s at
	// Zoom), after which the service asks for a new code (device_code_renewed).
	CopyCode  *widget.Button
	Countdown *widget.Label
	// PhoneLink opens verification_uri_complete in this computer's browser and PhoneURL
	// shows it (selectable): shown only in demo mode, where the fake Zoom's "phone" page
	// runs on this machine, so a newcomer can try the device flow without a phone.
	PhoneLink *widget.Button
	PhoneURL  *widget.Label
	// Phone is the phone side; Unavailable replaces it when the app has no device grant.
	Phone       *fyne.Container
	Unavailable *widget.Label
	// Message says what is going on; Retry starts over after a failure.
	Message *widget.Label
	Retry   *widget.Button

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

// NewSignIn returns the dialog in its waiting state, before any event. onSignedIn (may be
// nil) runs on the UI goroutine after a successful sign-in.
func NewSignIn(e *env, onSignedIn func()) *SignIn {
	s := &SignIn{e: e, state: SignInWaiting, onSigned: onSignedIn}
	s.BrowserButton = widget.NewButtonWithIcon("Sign in with browser", theme.ComputerIcon(), s.openBrowser)
	s.BrowserButton.Importance = widget.HighImportance
	s.CopyURL = widget.NewButtonWithIcon("Copy link", theme.ContentCopyIcon(), func() { copyText(s.url) })
	s.URL = widget.NewLabel("Preparing the sign-in link…")
	s.URL.Wrapping = fyne.TextWrapBreak
	s.CopyCode = widget.NewButtonWithIcon("Copy code", theme.ContentCopyIcon(), func() { copyText(s.code) })
	s.Countdown = widget.NewLabel("")
	s.Unavailable = widget.NewLabel("Phone sign-in is not available for this Zoom app.")
	s.Unavailable.Hide()
	s.Message = widget.NewLabel("Waiting for you to approve zoomtray in the browser or on your phone…")
	s.Message.Wrapping = fyne.TextWrapWord
	s.Retry = widget.NewButtonWithIcon("Try again", theme.ViewRefreshIcon(), s.restart)
	s.Retry.Hide()
	s.buildPhone()
	s.Content = s.layout()
	s.setLinkEnabled(false)
	return s
}

// buildPhone makes the phone side: QR code, code, copy button and countdown.
func (s *SignIn) buildPhone() {
	s.QR = newQRImage(qrSize)
	s.Code = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	s.Code.TextSize = 32
	s.Code.TextStyle = fyne.TextStyle{Monospace: true}
	s.Code.Alignment = fyne.TextAlignCenter
	help := widget.NewLabel("Scan with your phone's camera, or open the Zoom device page and enter the code.")
	help.Wrapping = fyne.TextWrapWord
	s.PhoneLink = widget.NewButtonWithIcon("Open the phone link here", theme.ComputerIcon(), s.openPhoneLink)
	s.PhoneURL = widget.NewLabel("")
	s.PhoneURL.Wrapping = fyne.TextWrapBreak
	s.PhoneURL.Selectable = true
	s.Phone = container.NewVBox(container.NewCenter(s.QR), s.Code,
		container.NewCenter(s.CopyCode), container.NewCenter(s.Countdown), help,
		s.PhoneLink, s.PhoneURL)
	s.CopyCode.Disable()
	s.PhoneLink.Disable()
	s.PhoneLink.Hide()
	s.PhoneURL.Hide()
}

// ShowPhoneLink shows the QR code's link as a button and selectable text (demo mode: the
// fake Zoom's device page is on this machine) (UI goroutine).
func (s *SignIn) ShowPhoneLink() {
	s.PhoneLink.Show()
	s.PhoneURL.Show()
}

// openPhoneLink opens the QR code's link in this computer's browser.
func (s *SignIn) openPhoneLink() { s.open(s.phoneURL) }

// layout puts the browser and phone sides next to each other.
func (s *SignIn) layout() fyne.CanvasObject {
	browser := container.NewVBox(heading("On this computer"), s.BrowserButton,
		widget.NewLabel("If no browser opens, copy this link into one:"), s.URL, s.CopyURL)
	phone := container.NewVBox(heading("With your phone"), s.Phone, s.Unavailable)
	return container.NewVBox(heading("Sign in to Zoom"),
		container.NewGridWithColumns(2, browser, phone),
		widget.NewSeparator(), s.Message, container.NewHBox(s.Retry))
}

// heading is a bold label.
func heading(t string) *widget.Label {
	return widget.NewLabelWithStyle(t, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}

// State returns SignInWaiting, SignInRenewed, SignInSignedIn or SignInFailed.
func (s *SignIn) State() string { return s.state }

// Run signs in with both methods until one wins, ctx is done or sign-in fails, applying
// each event on the UI goroutine, and ticks the countdown once a second meanwhile. The
// service opens no browser itself (NoOpen): the user chooses with the button.
func (s *SignIn) Run(ctx context.Context) {
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
func (s *SignIn) Handle(ev service.LoginEvent) {
	switch ev.Event {
	case service.EventAuthorizeURL:
		s.url = ev.URL
		s.URL.SetText(ev.URL)
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
		s.state = SignInRenewed
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
func (s *SignIn) showCode(ev service.LoginEvent) {
	s.code = ev.UserCode
	s.Code.Text = ev.UserCode
	s.Code.Refresh()
	uri := showQR(s.QR, ev, qrSize)
	s.phoneURL = uri
	s.PhoneURL.SetText(uri)
	s.PhoneLink.Enable()
	s.CopyCode.Enable()
	s.expiry = s.e.now().Add(time.Duration(ev.ExpiresIn) * time.Second)
	s.Tick(s.e.now())
}

// Tick shows the time left before the code expires (UI goroutine).
func (s *SignIn) Tick(now time.Time) {
	if s.code == "" || s.state == SignInSignedIn || s.state == SignInFailed {
		return
	}
	left := s.expiry.Sub(now).Round(time.Second)
	if left <= 0 {
		s.Countdown.SetText("Code expired — getting a new one…")
		return
	}
	s.Countdown.SetText(fmt.Sprintf("Code expires in %d:%02d", int(left.Minutes()), int(left.Seconds())%60))
}

// signedIn shows who signed in and tells the window.
func (s *SignIn) signedIn(a *service.Account) {
	s.state = SignInSignedIn
	who := "Zoom"
	if a != nil {
		who = accountName(a)
	}
	s.Message.SetText("Signed in as " + who + ".")
	s.Countdown.SetText("")
	s.setLinkEnabled(false)
	s.CopyCode.Disable()
	s.PhoneLink.Disable()
	s.e.banner.ShowAction(nil)
	if s.onSigned != nil {
		s.onSigned()
	}
}

// fail shows the failure in the banner and offers to start over.
func (s *SignIn) fail(e *service.ErrorInfo) {
	s.state = SignInFailed
	s.Message.SetText("Sign-in did not complete.")
	s.Countdown.SetText("")
	s.setLinkEnabled(false)
	s.CopyCode.Disable()
	s.PhoneLink.Disable()
	s.Retry.Show()
	if e != nil {
		s.e.banner.ShowAction(e)
	}
}

// restart resets the dialog and signs in again.
func (s *SignIn) restart() {
	s.state, s.url, s.code = SignInWaiting, "", ""
	s.Retry.Hide()
	s.Code.Text = ""
	s.Code.Refresh()
	s.Message.SetText("Waiting for you to approve zoomtray in the browser or on your phone…")
	s.e.banner.ShowAction(nil)
	s.Start()
}

// Start begins a sign-in on a background job, stopping any earlier one (UI goroutine).
func (s *SignIn) Start() {
	s.Stop()
	ctx, cancel := context.WithCancel(s.e.jobs.ctx)
	s.cancel = cancel
	s.e.jobs.Go(func(context.Context) { s.Run(ctx) })
}

// Stop cancels the running sign-in, if any (UI goroutine).
func (s *SignIn) Stop() {
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
}

// openBrowser opens the authorize URL.
func (s *SignIn) openBrowser() { s.open(s.url) }

// open opens u off the UI goroutine (a launcher may block).
func (s *SignIn) open(u string) {
	s.e.jobs.Go(func(context.Context) {
		if err := s.e.openURL(u); err != nil {
			s.e.do(func() { s.e.banner.ShowError(err) })
		}
	})
}

// setLinkEnabled enables the browser side's buttons.
func (s *SignIn) setLinkEnabled(on bool) {
	for _, b := range []*widget.Button{s.BrowserButton, s.CopyURL} {
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
