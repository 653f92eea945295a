package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// recordingsScreen is the cloud recordings screen, newest first, under a heading per month.
// Zoom answers at most one month per call (docs/zoom-reference.md, "GET
// /users/me/recordings"); the agent splits a longer range into such calls and answers it in
// one round trip, so the screen first loads the last initialMonths months at once (early in
// a month the current month alone is nearly empty), then one earlier month each time the
// list is scrolled to its end or More is tapped. Refresh loads again from the current month.
type recordingsScreen struct {
	Content fyne.CanvasObject
	// More loads the next earlier month; Refresh starts again from the current month.
	More, Refresh *widget.Button
	// Note tells when nothing is loaded yet or found.
	Note *widget.Label
	// Items are the recordings shown, newest first.
	Items []*recordingItem
	// Search finds what was said; its results replace the list while shown.
	Search *search

	e       *env
	list    *fyne.Container
	scroll  *container.Scroll
	months  int  // months loaded, counting back from the current one
	loading bool // a month is being fetched
	// lastMonth is the month of the last heading added ("2006-01").
	lastMonth string
	// gen counts Resets: a month fetched before the last Reset (another account's) is
	// dropped when it arrives.
	gen int
}

// initialMonths is how many months the first load covers.
const initialMonths = 3

// recordingItem is one recorded meeting with its files.
type recordingItem struct {
	Recording zoomapi.Recording
	// CopyShare copies shareText (share URL and passcode).
	CopyShare *widget.Button
	Files     []*recordingFileRow
	Content   fyne.CanvasObject
}

// newRecordings returns the screen with nothing loaded; LoadMore loads the current month.
func newRecordings(e *env) *recordingsScreen {
	r := &recordingsScreen{e: e, list: container.NewVBox(), Note: widget.NewLabel("")}
	r.More = widget.NewButtonWithIcon("Load earlier recordings", theme.MoreVerticalIcon(), r.LoadMore)
	r.Refresh = widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), r.reload)
	r.scroll = container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, 2*sizePadding),
		container.NewVBox(r.list, r.Note, container.NewCenter(r.More))))
	r.scroll.OnScrolled = r.scrolled
	r.Search = newSearch(e, func(on bool) {
		if on {
			r.scroll.Hide()
			r.Search.Content.Show()
		} else {
			r.Search.Content.Hide()
			r.scroll.Show()
		}
	})
	r.Search.Content.Hide()
	top := container.NewVBox(container.NewBorder(nil, nil, nil, container.NewHBox(r.Search.Clear, r.Refresh), r.Search.Entry),
		r.Search.Progress)
	r.Content = container.NewBorder(top, nil, nil, nil, container.NewStack(r.scroll, r.Search.Content))
	return r
}

// Months returns how many months are loaded (UI goroutine).
func (r *recordingsScreen) Months() int { return r.months }

// LoadMore fetches the next earlier month on a job, unless one is being fetched (UI
// goroutine).
func (r *recordingsScreen) LoadMore() {
	if r.loading {
		return
	}
	r.loading = true
	r.More.Disable()
	r.Refresh.Disable()
	r.Note.SetText("Loading recordings…")
	n := 1
	if r.months == 0 {
		n = initialMonths
	}
	last, gen := r.months+n-1, r.gen
	now := r.e.now()
	from, _ := monthRange(now, last)
	_, to := monthRange(now, r.months)
	r.e.jobs.Go(func(ctx context.Context) {
		recs, err := r.e.api.Recordings(ctx, from, to)
		r.e.do(func() {
			if gen == r.gen {
				r.loaded(last, from, recs, err)
			}
		})
	})
}

// reload empties the list and loads the first months again (UI goroutine).
func (r *recordingsScreen) reload() {
	if r.loading {
		return
	}
	r.list.RemoveAll()
	r.Items, r.months, r.lastMonth = nil, 0, ""
	r.LoadMore()
}

// Reset forgets every recording shown and any months being fetched: the account changed,
// and nothing of the previous one may stay on screen (UI goroutine).
func (r *recordingsScreen) Reset() {
	r.gen++
	r.Search.Reset()
	r.loading, r.months, r.Items, r.lastMonth = false, 0, nil, ""
	r.list.RemoveAll()
	r.Note.SetText("")
	r.More.SetText("Load earlier recordings")
	r.More.Enable()
	r.Refresh.Enable()
}

// loaded appends the recordings up to month i back, under month headings (UI goroutine).
func (r *recordingsScreen) loaded(i int, from time.Time, recs []zoomapi.Recording, err error) {
	r.loading = false
	r.More.Enable()
	r.Refresh.Enable()
	var partial *zoomapi.PartialError
	if err != nil && !errors.As(err, &partial) {
		r.Note.SetText("")
		r.e.banner.ShowError(err)
		return
	}
	r.months = i + 1
	loc := r.e.now().Location()
	for _, rec := range recs {
		if m := rec.StartTime.In(loc).Format("2006-01"); m != r.lastMonth {
			r.lastMonth = m
			r.list.Add(heading(rec.StartTime.In(loc).Format("January 2006")))
		}
		it := r.newItem(rec)
		r.Items = append(r.Items, it)
		r.list.Add(it.Content)
	}
	r.Note.SetText(recordingsNote(len(r.Items), from))
	if partial != nil {
		// What arrived is shown; the note says which days did not.
		r.Note.SetText(text.MissingRecordings(partial))
	}
	r.More.SetText("Load recordings of " + from.AddDate(0, -1, 0).Format("January 2006"))
	r.e.notifyChanged()
}

// recordingsNote says how far back the list goes when nothing was found yet.
func recordingsNote(n int, from time.Time) string {
	if n > 0 {
		return ""
	}
	return "No cloud recordings since " + from.Format("January 2, 2006") + "."
}

// scrolled loads the next month when the list is scrolled to its end.
func (r *recordingsScreen) scrolled(p fyne.Position) {
	if p.Y+r.scroll.Size().Height >= r.scroll.Content.MinSize().Height-theme.Padding() {
		r.LoadMore()
	}
}

// monthRange is the i-th month back from now's, as calendar dates in now's location: the
// first day to the last, or to today for the current month.
func monthRange(now time.Time, i int) (from, to time.Time) {
	y, m, _ := now.Date()
	from = time.Date(y, m-time.Month(i), 1, 0, 0, 0, 0, now.Location())
	if i == 0 {
		return from, now
	}
	return from, from.AddDate(0, 1, -1)
}

// newItem builds one recording's block: date and topic, share button, then its files.
func (r *recordingsScreen) newItem(rec zoomapi.Recording) *recordingItem {
	it := &recordingItem{Recording: rec}
	it.CopyShare = widget.NewButtonWithIcon("Copy share link", theme.ContentCopyIcon(), func() { r.copyShare(it) })
	if rec.ShareURL == "" {
		it.CopyShare.Disable()
	}
	title := widget.NewLabelWithStyle(rec.StartTime.In(r.e.now().Location()).Format("Mon Jan 2, 2006 · 15:04")+"   "+rec.Topic,
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	box := container.NewVBox(container.NewBorder(nil, nil, nil, it.CopyShare, title))
	for _, f := range rec.Files {
		fr := newFileRow(r.e, rec, f)
		it.Files = append(it.Files, fr)
		box.Add(fr.Content)
	}
	box.Add(widget.NewSeparator())
	it.Content = box
	return it
}

// copyShare copies the share link with its passcode (UI goroutine). Zoom's user list does
// not always carry the passcode, so a missing one is fetched for that meeting first; a
// link that silently lacks its passcode is never copied.
func (r *recordingsScreen) copyShare(it *recordingItem) {
	if it.Recording.RecordingPlayPasscode != "" {
		copyText(shareText(it.Recording))
		return
	}
	uuid := it.Recording.UUID
	r.e.jobs.Go(func(ctx context.Context) {
		pc, err := r.e.api.RecordingPasscode(ctx, uuid)
		r.e.do(func() {
			if err != nil {
				r.e.banner.ShowError(err)
				return
			}
			it.Recording.RecordingPlayPasscode = pc
			copyText(shareText(it.Recording))
		})
	})
}
