package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// showMeetings lists today's meetings with large Start (host only) and Join buttons (UI
// goroutine).
func (k *kioskScreen) showMeetings(ms []zoomapi.Meeting) {
	k.Rows = nil
	k.list.Objects = nil
	k.note.SetText("")
	if len(ms) == 0 {
		k.note.SetText("No more meetings today. Start one with \"New meeting\".")
	}
	for _, m := range ms {
		k.Rows = append(k.Rows, k.newRow(m))
		k.list.Add(k.Rows[len(k.Rows)-1].Content)
	}
	k.override.Refresh() // the new rows get the kiosk's theme
}

// newRow builds one meeting's row.
func (k *kioskScreen) newRow(m zoomapi.Meeting) *meetingRow {
	now := k.e.now()
	r := &meetingRow{Meeting: m, Live: !m.StartTime.After(now) && !m.IsAllDay}
	id := int64(m.ID)
	r.Join = widget.NewButtonWithIcon("Join", theme.LoginIcon(), func() { k.Touch(); k.join(id) })
	// Join and Start keep their columns on every row: a meeting the user does not host
	// leaves Start's place empty instead of moving Join into it.
	var second fyne.CanvasObject = spacer(fyne.NewSize(kioskButtonsW, kioskButtonsH))
	if m.IsHost {
		r.Start = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), func() { k.Touch(); k.start(id) })
		r.Start.Importance = widget.HighImportance
		second = big(r.Start)
	}
	buttons := container.NewHBox(big(r.Join), second)
	when := bigText(text.MeetingTime(m, now), kioskText, k.Who.Color)
	topic := bigText(m.Topic, kioskText, k.Who.Color)
	topic.Alignment = fyne.TextAlignLeading
	r.Content = container.NewBorder(nil, widget.NewSeparator(), container.NewPadded(when), buttons, topic)
	return r
}

// join opens the meeting's join link on this computer.
func (k *kioskScreen) join(id int64) {
	k.e.jobs.Go(func(ctx context.Context) {
		u, err := k.e.api.JoinURL(ctx, id)
		if err == nil {
			err = k.e.openURL(u)
		}
		k.report(err)
	})
}

// start starts the meeting as host (a fresh ZAK, never stored).
func (k *kioskScreen) start(id int64) {
	k.e.jobs.Go(func(ctx context.Context) {
		_, err := k.e.api.Start(ctx, id)
		k.report(err)
	})
}

// newMeeting creates an instant meeting and starts it.
func (k *kioskScreen) newMeeting() {
	k.Touch()
	k.NewMeeting.Disable()
	k.e.jobs.Go(func(ctx context.Context) {
		m, err := k.e.api.NewMeeting(ctx, instantTopic)
		if err == nil {
			_, err = k.e.api.Start(ctx, int64(m.ID))
		}
		k.e.do(k.NewMeeting.Enable)
		k.report(err)
	})
}

// signOut revokes the grant at Zoom; the status that follows shows the QR code again.
func (k *kioskScreen) signOut() {
	k.e.jobs.Go(func(ctx context.Context) {
		res, err := k.e.api.Logout(ctx)
		if err == nil {
			err = res.Err() // signed out here only: a typed ErrorInfo (ReasonRevokeFailed)
		}
		k.report(err)
	})
}

// report shows err, if any, in the banner (from a job).
func (k *kioskScreen) report(err error) {
	if err != nil {
		k.e.do(func() { k.Banner.ShowError(err) })
	}
}

// startSignIn runs the device sign-in on a job, again and again: the service renews an
// expired code itself, and after a failure (Zoom unreachable) the kiosk retries after
// kioskRetry, so the QR code never stops working (UI goroutine).
func (k *kioskScreen) startSignIn() {
	k.stopSignIn()
	ctx, cancel := context.WithCancel(k.e.jobs.ctx)
	k.cancel = cancel
	k.e.jobs.Go(func(context.Context) { k.signInLoop(ctx) })
}

// stopSignIn cancels the running sign-in (UI goroutine).
func (k *kioskScreen) stopSignIn() {
	if k.cancel != nil {
		k.cancel()
		k.cancel = nil
	}
}

// signInLoop signs in with the device flow until ctx is done or someone signs in.
func (k *kioskScreen) signInLoop(ctx context.Context) {
	for {
		req := service.LoginRequest{Method: service.MethodDevice, NoOpen: true}
		err := k.e.api.Login(ctx, req, func(ev service.LoginEvent) { k.e.do(func() { k.handle(ev) }) })
		if err == nil || ctx.Err() != nil {
			return
		}
		k.e.do(func() { k.Banner.ShowError(err) })
		t := time.NewTimer(kioskRetry)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
	}
}

// handle applies one sign-in event (UI goroutine).
func (k *kioskScreen) handle(ev service.LoginEvent) {
	switch ev.Event {
	case service.EventDeviceCode, service.EventDeviceCodeRenewed:
		k.Banner.ShowAction(nil)
		k.showCode(ev)
	case service.EventError:
		if ev.Error != nil {
			k.Banner.ShowAction(ev.Error)
		}
	}
}

// showCode shows a (new) user code, its QR code and its expiry.
func (k *kioskScreen) showCode(ev service.LoginEvent) {
	k.code = ev.UserCode
	k.Code.Text = ev.UserCode
	k.Code.Refresh()
	k.Verify.Text = "or enter this code at " + ev.VerificationURI
	k.Verify.Refresh()
	showQR(k.QR, ev, kioskQRSize)
	k.expiry = k.e.now().Add(time.Duration(ev.ExpiresIn) * time.Second)
	k.Tick(k.e.now())
}

// activityCatcher lies under the kiosk's screens and reports pointer movement and taps
// that no widget above takes (Fyne delivers hover and taps to the topmost object that
// wants them), so any input on the screen counts as activity.
type activityCatcher struct {
	widget.BaseWidget
	touch func()
}

var (
	_ desktop.Hoverable = (*activityCatcher)(nil)
	_ fyne.Tappable     = (*activityCatcher)(nil)
)

func newActivityCatcher(touch func()) *activityCatcher {
	c := &activityCatcher{touch: touch}
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer draws nothing.
func (c *activityCatcher) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack())
}

// MouseIn reports activity.
func (c *activityCatcher) MouseIn(*desktop.MouseEvent) { c.touch() }

// MouseMoved reports activity.
func (c *activityCatcher) MouseMoved(*desktop.MouseEvent) { c.touch() }

// MouseOut does nothing.
func (c *activityCatcher) MouseOut() {}

// Tapped reports activity.
func (c *activityCatcher) Tapped(*fyne.PointEvent) { c.touch() }
