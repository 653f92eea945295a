package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// instantTopic is the topic of meetings made with "New meeting".
const instantTopic = "Instant meeting"

// homeScreen is the main screen: the account, the upcoming meetings grouped Today, Tomorrow and
// Later in local time with live ones marked, and a "New meeting" button. Every action
// confirms itself in the window's notice line, and its button stays disabled while it
// runs, so a double click cannot create two meetings.
type homeScreen struct {
	Content fyne.CanvasObject
	// Account names the signed-in user.
	Account *widget.Label
	// NewMeeting creates an instant meeting and starts it; Refresh fetches the list
	// again; SignOut asks for confirmation (SignOutBar), whose ConfirmSignOut revokes the
	// grant (service Logout) and CancelSignOut keeps it.
	NewMeeting, Refresh, SignOut  *widget.Button
	ConfirmSignOut, CancelSignOut *widget.Button
	SignOutBar                    *fyne.Container
	// Note tells when the list is empty or stale.
	Note *widget.Label
	// Rows are the meetings shown, in display order.
	Rows []*meetingRow

	e    *env
	list *fyne.Container
	// onSignOut runs on the UI goroutine when the user confirms a sign-out, before the
	// agent reports it (Main then shows the sign-in dialog idle); nil does nothing.
	onSignOut func()
}

// meetingRow is one meeting with its buttons. Start is nil for meetings the user does not
// host (only the host can start a meeting with a ZAK, docs/zoom-reference.md "ZAK").
type meetingRow struct {
	Meeting               zoomapi.Meeting
	Live                  bool
	Join, Start, CopyLink *widget.Button
	Content               fyne.CanvasObject
}

// newHome returns an empty home screen; Load fills it.
func newHome(e *env) *homeScreen {
	h := &homeScreen{e: e, Account: widget.NewLabel(""), Note: widget.NewLabel("Loading meetings…")}
	h.Account.TextStyle = fyne.TextStyle{Bold: true}
	h.Account.Truncation = fyne.TextTruncateEllipsis
	h.NewMeeting = widget.NewButtonWithIcon("New meeting", theme.ContentAddIcon(), h.newMeeting)
	h.NewMeeting.Importance = widget.HighImportance
	h.Refresh = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), h.refresh)
	h.SignOut = widget.NewButtonWithIcon("Sign out", theme.LogoutIcon(), h.askSignOut)
	h.SignOut.Importance = widget.LowImportance
	h.ConfirmSignOut = widget.NewButton("Sign out", h.signOut)
	h.ConfirmSignOut.Importance = widget.DangerImportance
	h.CancelSignOut = widget.NewButton("Cancel", func() { h.SignOutBar.Hide() })
	h.SignOutBar = container.NewBorder(nil, nil, nil,
		container.NewHBox(h.CancelSignOut, h.ConfirmSignOut),
		paragraph("Sign out of Zoom on this computer? zoomtray forgets your sign-in and tells Zoom."))
	h.SignOutBar.Hide()
	h.list = container.NewVBox()
	account := container.NewBorder(nil, nil, nil, h.SignOut, h.Account)
	top := container.NewBorder(nil, nil, nil, container.NewHBox(h.Refresh, h.NewMeeting), account)
	// The right padding keeps the row buttons clear of the scroll bar.
	list := container.New(layout.NewCustomPaddedLayout(0, 0, 0, 2*sizePadding), container.NewVBox(h.Note, h.list))
	h.Content = container.NewBorder(container.NewVBox(top, h.SignOutBar), nil, nil, nil,
		container.NewVScroll(list))
	return h
}

// SetAccount shows the signed-in account (UI goroutine).
func (h *homeScreen) SetAccount(a *service.Account) {
	if a == nil {
		h.Account.SetText("")
		return
	}
	h.Account.SetText(accountName(a))
}

// Load fetches the meetings (from the agent's cache unless refresh) and shows them. It
// blocks; call it from a job.
func (h *homeScreen) Load(ctx context.Context, refresh bool) {
	ml, err := h.e.api.Meetings(ctx, refresh)
	h.e.do(func() {
		if err != nil {
			h.e.banner.ShowError(err)
			return
		}
		h.Show(ml)
		h.e.notifyChanged()
	})
}

// Show replaces the list with ml, grouped at the current time (UI goroutine).
func (h *homeScreen) Show(ml service.MeetingList) {
	now := h.e.now()
	h.Rows = nil
	h.list.RemoveAll()
	for _, g := range groupMeetings(ml.Meetings, now) {
		h.list.Add(heading(g.Title))
		for _, m := range g.Meetings {
			r := h.newRow(m, isLive(m, now))
			h.Rows = append(h.Rows, r)
			h.list.Add(r.Content)
		}
	}
	h.Note.SetText(listNote(len(h.Rows), ml.Stale))
	h.Note.Hidden = h.Note.Text == ""
	h.list.Refresh()
}

// listNote explains an empty or stale list.
func listNote(n int, stale bool) string {
	switch {
	case stale:
		return "These meetings may be out of date: the last update failed."
	case n == 0:
		return "No upcoming meetings."
	}
	return ""
}

// newRow builds one meeting's row: the time in a fixed-width column, so titles start at
// the same x under every heading, then the topic, then Start, Join and Copy link in fixed
// columns (a meeting the user does not host keeps Start's place empty).
func (h *homeScreen) newRow(m zoomapi.Meeting, live bool) *meetingRow {
	r := &meetingRow{Meeting: m, Live: live}
	id := int64(m.ID)
	r.Join = widget.NewButtonWithIcon("Join", theme.LoginIcon(), nil)
	r.Join.OnTapped = func() { h.join(r.Join, id) }
	r.CopyLink = widget.NewButtonWithIcon("Copy link", theme.ContentCopyIcon(), nil)
	r.CopyLink.OnTapped = func() { h.copyLink(r.CopyLink, m) }
	start := widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), nil)
	start.Importance = widget.HighImportance
	var first fyne.CanvasObject = spacer(start.MinSize())
	if m.IsHost {
		r.Start = start
		r.Start.OnTapped = func() { h.start(r.Start, id) }
		first = r.Start
	}
	buttons := container.NewHBox(first, r.Join, r.CopyLink)
	when := widget.NewLabel(text.MeetingTime(m, h.e.now()))
	topic := widget.NewLabel(m.Topic)
	topic.Truncation = fyne.TextTruncateEllipsis
	timeCol := container.NewHBox(when)
	if live { // in the time column, so every topic starts at the same x
		dot := widget.NewLabelWithStyle("● Live", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
		dot.Importance = widget.SuccessImportance
		timeCol.Add(dot)
	}
	r.Content = container.NewBorder(nil, nil, fixedWidth(timeColumnWidth(), timeCol), buttons, topic)
	return r
}

// timeColumnWidth fits the longest time text.MeetingTime writes ("Wed Nov 30 15:00").
func timeColumnWidth() float32 {
	return widget.NewLabel("Wed Nov 30 15:00").MinSize().Width
}

// refresh fetches the meetings again.
func (h *homeScreen) refresh() {
	h.Refresh.Disable()
	h.e.jobs.Go(func(ctx context.Context) {
		h.Load(ctx, true)
		h.e.do(h.Refresh.Enable)
	})
}

// busy disables b while f runs on a job; f returns the notice to show, or an error.
func (h *homeScreen) busy(b *widget.Button, f func(ctx context.Context) (string, error)) {
	b.Disable()
	h.e.jobs.Go(func(ctx context.Context) {
		msg, err := f(ctx)
		h.e.do(func() {
			b.Enable()
			if err != nil {
				h.e.banner.ShowError(err)
				return
			}
			if msg != "" {
				h.e.say(msg)
			}
		})
	})
}

// join opens the meeting's join link.
func (h *homeScreen) join(b *widget.Button, id int64) {
	h.busy(b, func(ctx context.Context) (string, error) {
		u, err := h.e.api.JoinURL(ctx, id)
		if err == nil {
			err = h.e.openURL(u)
		}
		return "Opening Zoom to join…", err
	})
}

// copyLink puts the invite (join) link on the clipboard, asking the agent when the list
// did not carry it.
func (h *homeScreen) copyLink(b *widget.Button, m zoomapi.Meeting) {
	if m.JoinURL != "" {
		copyText(m.JoinURL)
		h.e.say("Invite link copied")
		return
	}
	h.busy(b, func(ctx context.Context) (string, error) {
		u, err := h.e.api.JoinURL(ctx, int64(m.ID))
		if err == nil {
			h.e.do(func() { copyText(u) })
		}
		return "Invite link copied", err
	})
}

// start asks the agent to start the meeting as host (a fresh ZAK, opened in the browser).
func (h *homeScreen) start(b *widget.Button, id int64) {
	h.busy(b, func(ctx context.Context) (string, error) {
		_, err := h.e.api.Start(ctx, id)
		return "Opening Zoom to start the meeting…", err
	})
}

// newMeeting creates an instant meeting, starts it, and reloads the list.
func (h *homeScreen) newMeeting() {
	h.busy(h.NewMeeting, func(ctx context.Context) (string, error) {
		m, err := h.e.api.NewMeeting(ctx, instantTopic)
		if err == nil {
			_, err = h.e.api.Start(ctx, int64(m.ID))
		}
		if err != nil {
			return "", err
		}
		h.Load(ctx, true)
		return "Meeting created: opening Zoom…", nil
	})
}

// askSignOut asks for confirmation before signing out.
func (h *homeScreen) askSignOut() { h.SignOutBar.Show() }

// signOut revokes the grant; the status that follows shows the sign-in dialog.
func (h *homeScreen) signOut() {
	h.SignOutBar.Hide()
	if h.onSignOut != nil {
		h.onSignOut()
	}
	h.busy(h.SignOut, func(ctx context.Context) (string, error) {
		res, err := h.e.api.Logout(ctx)
		if err == nil {
			err = res.Err() // signed out here only: a typed ErrorInfo (ReasonRevokeFailed)
		}
		return "", err
	})
}

// report shows err, if any, in the banner (from a job).
func (h *homeScreen) report(err error) {
	if err != nil {
		h.e.do(func() { h.e.banner.ShowError(err) })
	}
}
