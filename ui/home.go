package ui

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// instantTopic is the topic of meetings made with "New meeting".
const instantTopic = "Instant meeting"

// Home is the main screen: the account, the upcoming meetings grouped Today, Tomorrow and
// Later in local time with live ones marked, and a "New meeting" button.
type Home struct {
	Content fyne.CanvasObject
	// Account names the signed-in user.
	Account *widget.Label
	// NewMeeting creates an instant meeting and starts it; Refresh fetches the list
	// again; SignOut revokes the grant (service Logout).
	NewMeeting, Refresh, SignOut *widget.Button
	// Note tells when the list is empty or stale.
	Note *widget.Label
	// Rows are the meetings shown, in display order.
	Rows []*MeetingRow

	e    *env
	list *fyne.Container
}

// MeetingRow is one meeting with its buttons. Start is nil for meetings the user does not
// host (only the host can start a meeting with a ZAK, docs/zoom-reference.md "ZAK").
type MeetingRow struct {
	Meeting               zoomapi.Meeting
	Live                  bool
	Join, Start, CopyLink *widget.Button
	Content               fyne.CanvasObject
}

// NewHome returns an empty home screen; Load fills it.
func NewHome(e *env) *Home {
	h := &Home{e: e, Account: widget.NewLabel(""), Note: widget.NewLabel("Loading meetings…")}
	h.Account.TextStyle = fyne.TextStyle{Bold: true}
	h.NewMeeting = widget.NewButtonWithIcon("New meeting", theme.ContentAddIcon(), h.newMeeting)
	h.NewMeeting.Importance = widget.HighImportance
	h.Refresh = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), func() {
		e.jobs.Go(func(ctx context.Context) { h.Load(ctx, true) })
	})
	h.SignOut = widget.NewButton("Sign out", h.signOut)
	h.list = container.NewVBox()
	top := container.NewBorder(nil, nil, h.Account, container.NewHBox(h.Refresh, h.SignOut, h.NewMeeting))
	h.Content = container.NewBorder(top, nil, nil, nil,
		container.NewVScroll(container.NewVBox(h.Note, h.list)))
	return h
}

// SetAccount shows the signed-in account (UI goroutine).
func (h *Home) SetAccount(a *service.Account) {
	if a == nil {
		h.Account.SetText("")
		return
	}
	h.Account.SetText(accountName(a))
}

// Load fetches the meetings (from the agent's cache unless refresh) and shows them. It
// blocks; call it from a job.
func (h *Home) Load(ctx context.Context, refresh bool) {
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
func (h *Home) Show(ml service.MeetingList) {
	now := h.e.now()
	h.Rows = nil
	h.list.RemoveAll()
	for _, g := range GroupMeetings(ml.Meetings, now) {
		h.list.Add(heading(g.Title))
		for _, m := range g.Meetings {
			r := h.newRow(m, IsLive(m, now))
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

// newRow builds one meeting's row.
func (h *Home) newRow(m zoomapi.Meeting, live bool) *MeetingRow {
	r := &MeetingRow{Meeting: m, Live: live}
	id := int64(m.ID)
	r.Join = widget.NewButton("Join", func() { h.join(id) })
	r.CopyLink = widget.NewButtonWithIcon("Copy invite link", theme.ContentCopyIcon(), func() { h.copyLink(m) })
	// Start, for meetings the user hosts, comes first, so that Join and Copy invite link
	// stand in the same columns on every row.
	buttons := container.NewHBox()
	if m.IsHost {
		r.Start = widget.NewButton("Start", func() { h.start(id) })
		r.Start.Importance = widget.HighImportance
		buttons.Add(r.Start)
	}
	buttons.Add(r.Join)
	buttons.Add(r.CopyLink)
	when := widget.NewLabel(text.MeetingTime(m, h.e.now()))
	topic := widget.NewLabel(m.Topic)
	topic.Truncation = fyne.TextTruncateEllipsis
	left := container.NewHBox(when)
	if live {
		left.Add(widget.NewLabelWithStyle("● Live", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	r.Content = container.NewBorder(nil, nil, left, buttons, topic)
	return r
}

// join opens the meeting's join link.
func (h *Home) join(id int64) {
	h.e.jobs.Go(func(ctx context.Context) {
		u, err := h.e.api.JoinURL(ctx, id)
		if err == nil {
			err = h.e.openURL(u)
		}
		h.report(err)
	})
}

// copyLink puts the invite (join) link on the clipboard, asking the agent when the list
// did not carry it.
func (h *Home) copyLink(m zoomapi.Meeting) {
	if m.JoinURL != "" {
		copyText(m.JoinURL)
		return
	}
	h.e.jobs.Go(func(ctx context.Context) {
		u, err := h.e.api.JoinURL(ctx, int64(m.ID))
		h.e.do(func() {
			if err != nil {
				h.e.banner.ShowError(err)
				return
			}
			copyText(u)
		})
	})
}

// start asks the agent to start the meeting as host (a fresh ZAK, opened in the browser).
func (h *Home) start(id int64) {
	h.e.jobs.Go(func(ctx context.Context) {
		_, err := h.e.api.Start(ctx, id)
		h.report(err)
	})
}

// newMeeting creates an instant meeting, starts it, and reloads the list.
func (h *Home) newMeeting() {
	h.NewMeeting.Disable()
	h.e.jobs.Go(func(ctx context.Context) {
		m, err := h.e.api.NewMeeting(ctx, instantTopic)
		if err == nil {
			_, err = h.e.api.Start(ctx, int64(m.ID))
		}
		h.e.do(h.NewMeeting.Enable)
		h.report(err)
		if err == nil {
			h.Load(ctx, true)
		}
	})
}

// signOut revokes the grant; the status that follows shows the sign-in dialog.
func (h *Home) signOut() {
	h.e.jobs.Go(func(ctx context.Context) {
		res, err := h.e.api.Logout(ctx)
		if err == nil {
			err = res.Err() // signed out here only: a typed ErrorInfo (ReasonRevokeFailed)
		}
		h.report(err)
	})
}

// report shows err, if any, in the banner (from a job).
func (h *Home) report(err error) {
	if err != nil {
		h.e.do(func() { h.e.banner.ShowError(err) })
	}
}
