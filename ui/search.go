package ui

import (
	"context"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// search is the search box of the Recordings tab: it finds a phrase in what was said
// (transcripts) and typed (chats) in the account's cloud recordings, through the agent's
// local index, and shows each matching line between its neighbours with the match
// highlighted. Zoom documents no start-time parameter for a recording's play_url (the
// API reference and the OpenAPI spec describe none), so Play opens the recording and the
// result says at what time the line was said.
type search struct {
	Entry *widget.Entry
	// Clear empties the box and shows the recordings again.
	Clear *widget.Button
	// Progress says how far the index is ("Indexed 212 of 340 recordings").
	Progress *widget.Label
	// Note says what was found, or that nothing was.
	Note *widget.Label
	// Results are the hits shown, newest recording first.
	Results []*searchResult
	// Content holds the results; it replaces the recordings list while a query is shown.
	Content fyne.CanvasObject
	// Active is set while results (or a search) are shown.
	Active bool

	e        *env
	list     *fyne.Container
	gen      int        // counts searches and resets: an older answer is dropped
	onActive func(bool) // the Recordings screen swaps its list for the results
	progress *service.SearchProgress
}

// searchResult is one matching line.
type searchResult struct {
	Hit transcripts.Hit
	// Line is the matching line between its neighbours, the match highlighted.
	Line *widget.RichText
	// Play opens the recording; Time then says when the line was said.
	Play *widget.Button
	Time *widget.Label

	Content fyne.CanvasObject
}

// newSearch returns the search box; onActive is called when results appear or go.
func newSearch(e *env, onActive func(bool)) *search {
	s := &search{e: e, Entry: widget.NewEntry(), Progress: widget.NewLabel(""), Note: widget.NewLabel(""),
		list: container.NewVBox(), onActive: onActive}
	s.Entry.SetPlaceHolder("Search what was said in your recordings")
	s.Entry.OnSubmitted = func(string) { s.Run() }
	s.Entry.ActionItem = widget.NewButtonWithIcon("", theme.SearchIcon(), s.Run)
	s.Clear = widget.NewButtonWithIcon("", theme.ContentClearIcon(), s.Reset)
	s.Clear.Hide()
	s.Progress.Wrapping = fyne.TextWrapWord
	s.Progress.Importance = widget.LowImportance
	s.Progress.Hide()
	s.Note.Wrapping = fyne.TextWrapWord
	s.Content = container.NewVScroll(container.NewVBox(s.Note, s.list))
	return s
}

// Run searches for the box's text on a job (UI goroutine).
func (s *search) Run() {
	q := strings.TrimSpace(s.Entry.Text)
	if q == "" {
		s.Reset()
		return
	}
	s.gen++
	gen := s.gen
	s.setActive(true)
	s.Note.SetText("Searching…")
	s.e.jobs.Go(func(ctx context.Context) {
		res, err := s.e.api.Search(ctx, transcripts.Query{Text: q})
		s.e.do(func() {
			if gen == s.gen {
				s.show(q, res, err)
			}
		})
	})
}

// Reset empties the box and the results (UI goroutine); also on an account change.
func (s *search) Reset() {
	s.gen++
	s.Entry.SetText("")
	s.list.RemoveAll()
	s.Results = nil
	s.Note.SetText("")
	s.setActive(false)
}

// SetProgress shows the index's progress from the agent's status (UI goroutine).
func (s *search) SetProgress(p *service.SearchProgress) {
	s.progress = p
	s.Progress.SetText(text.SearchProgress(p))
	s.Progress.Hidden = p == nil
	if p == nil { // kiosk mode: no index, no box
		s.Entry.Disable()
	} else {
		s.Entry.Enable()
	}
	s.Progress.Refresh()
}

func (s *search) setActive(on bool) {
	s.Active = on
	s.Clear.Hidden = !on
	s.Clear.Refresh()
	s.SetProgress(s.progress)
	if s.onActive != nil {
		s.onActive(on)
	}
}

// show lists the hits of query q (UI goroutine).
func (s *search) show(q string, res service.SearchResult, err error) {
	s.list.RemoveAll()
	s.Results = nil
	if err != nil {
		s.Note.SetText("")
		s.e.banner.ShowError(err)
		return
	}
	switch n := len(res.Hits); {
	case n == 0:
		s.Note.SetText("Nothing said or typed matches “" + q + "”.")
	case n == 1:
		s.Note.SetText("1 line matches “" + q + "”.")
	case n >= transcripts.DefaultLimit:
		s.Note.SetText("The " + strconv.Itoa(n) + " newest lines that match “" + q + "”. More words find fewer.")
	default:
		s.Note.SetText(strconv.Itoa(n) + " lines match “" + q + "”, newest recording first.")
	}
	for _, h := range res.Hits {
		r := s.newResult(h)
		s.Results = append(s.Results, r)
		s.list.Add(r.Content)
	}
	s.e.notifyChanged()
}

// newResult builds one hit's block: meeting and date, speaker and time, the line.
func (s *search) newResult(h transcripts.Hit) *searchResult {
	r := &searchResult{Hit: h, Line: hitText(h), Time: widget.NewLabel("")}
	r.Line.Wrapping = fyne.TextWrapWord
	r.Play = widget.NewButtonWithIcon("Play", theme.MediaPlayIcon(), func() { s.play(r) })
	if h.PlayURL == "" && h.ShareURL == "" {
		r.Play.Disable()
	}
	r.Time.Hide()
	title := widget.NewLabelWithStyle(h.Start.In(s.e.now().Location()).Format("Mon Jan 2, 2006 · 15:04")+"   "+h.Topic,
		fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	title.Truncation = fyne.TextTruncateEllipsis
	where := "said at " + text.Offset(h.Offset())
	if h.Kind == transcripts.KindChat {
		where = "chat at " + text.Offset(h.Offset())
	}
	if h.Speaker != "" {
		where = h.Speaker + " · " + where
	}
	meta := widget.NewLabel(where)
	meta.Importance = widget.LowImportance
	r.Content = container.NewVBox(container.NewBorder(nil, nil, nil, r.Play, title), meta, r.Line, r.Time, widget.NewSeparator())
	return r
}

// hitText is the line between its neighbours, the matches in the primary colour and bold.
func hitText(h transcripts.Hit) *widget.RichText {
	dim := widget.RichTextStyle{ColorName: theme.ColorNamePlaceHolder}
	var segs []widget.RichTextSegment
	if h.Before != "" {
		segs = append(segs, &widget.TextSegment{Text: h.Before, Style: dim})
	}
	plain := widget.RichTextStyle{Inline: true}
	mark := widget.RichTextStyle{Inline: true, ColorName: theme.ColorNamePrimary, TextStyle: fyne.TextStyle{Bold: true}}
	last := 0
	for _, m := range h.Match {
		if m[0] < last || m[1] > len(h.Text) {
			continue
		}
		if m[0] > last {
			segs = append(segs, &widget.TextSegment{Text: h.Text[last:m[0]], Style: plain})
		}
		segs = append(segs, &widget.TextSegment{Text: h.Text[m[0]:m[1]], Style: mark})
		last = m[1]
	}
	end := widget.RichTextStyle{} // ends the paragraph of the line
	segs = append(segs, &widget.TextSegment{Text: h.Text[last:], Style: end})
	if h.After != "" {
		segs = append(segs, &widget.TextSegment{Text: h.After, Style: dim})
	}
	return widget.NewRichText(segs...)
}

// play opens the recording (its video or audio, else its share page) and says when the
// line was said: Zoom's play links take no start time (UI goroutine).
func (s *search) play(r *searchResult) {
	u := r.Hit.PlayURL
	if u == "" {
		u = r.Hit.ShareURL
	}
	r.Time.SetText("Opened the recording in your browser. The line is at " + text.Offset(r.Hit.Offset()) + ".")
	r.Time.Show()
	s.e.jobs.Go(func(context.Context) {
		if err := s.e.openURL(u); err != nil {
			s.e.do(func() { s.e.banner.ShowError(err) })
		}
	})
}
