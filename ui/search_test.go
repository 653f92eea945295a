package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
)

// cannedHits are what the fake's Search finds.
func cannedHits() []transcripts.Hit {
	ny := testNow.Location()
	return []transcripts.Hit{{
		RecordingUUID: "u1", MeetingID: 201, Topic: "Weekly sync", Start: time.Date(2026, 11, 18, 15, 0, 0, 0, ny).UTC(),
		PlayURL: "https://zoom.us/rec/play/f1", Kind: transcripts.KindTranscript, OffsetMS: 754_000, Speaker: "Sam Okafor",
		Text: "The quarterly budget review is due next Friday.", Match: [][2]int{{4, 20}},
		Before: "Good morning everyone.", After: "Thanks, that's all.",
	}, {
		RecordingUUID: "u0", MeetingID: 200, Topic: "Retro", Start: time.Date(2026, 10, 30, 16, 0, 0, 0, ny).UTC(),
		ShareURL: "https://zoom.us/rec/share/u0", Kind: transcripts.KindChat, OffsetMS: 3_723_000, Speaker: "Ольга Иванова",
		Text: "Нужно обсудить quarterly budget на следующий квартал.", Match: [][2]int{{28, 44}},
	}}
}

func TestSearchShowsHits(t *testing.T) {
	api := newFakeAPI()
	api.hits = cannedHits()
	r, e := loadedRecordings(t, api)
	s := r.Search
	test.Type(s.Entry, "quarterly budget")
	s.Entry.OnSubmitted(s.Entry.Text)
	e.jobs.Wait()

	if !slices.Contains(api.Calls(), "Search quarterly budget") {
		t.Fatalf("calls %q, want a search", api.Calls())
	}
	if len(s.Results) != 2 || s.Note.Text != "2 lines match “quarterly budget”, newest recording first." {
		t.Fatalf("%d results, note %q", len(s.Results), s.Note.Text)
	}
	if s.Content.Visible() == r.scroll.Visible() || !s.Content.Visible() || !s.Clear.Visible() {
		t.Error("the results do not replace the recordings list")
	}
	// The matching line is between its neighbours, the match alone in bold primary.
	var marked, all []string
	for _, seg := range s.Results[0].Line.Segments {
		ts := seg.(*widget.TextSegment)
		all = append(all, ts.Text)
		if ts.Style.ColorName == theme.ColorNamePrimary && ts.Style.TextStyle.Bold {
			marked = append(marked, ts.Text)
		}
	}
	if want := []string{"quarterly budget"}; !slices.Equal(marked, want) {
		t.Errorf("highlighted %q, want %q", marked, want)
	}
	if got := strings.Join(all, "|"); got != "Good morning everyone.|The |quarterly budget| review is due next Friday.|Thanks, that's all." {
		t.Errorf("line in context %q", got)
	}
	// Non-Latin text keeps its match on rune boundaries.
	if got := s.Results[1].Line.Segments[1].(*widget.TextSegment).Text; got != "quarterly budget" {
		t.Errorf("second hit marks %q", got)
	}

	test.Tap(s.Results[0].Play)
	e.jobs.Wait()
	if !slices.Contains(api.Calls(), "open https://zoom.us/rec/play/f1") {
		t.Errorf("calls %q, want the recording opened", api.Calls())
	}
	if got := s.Results[0].Time.Text; !s.Results[0].Time.Visible() || !strings.Contains(got, "12:34") {
		t.Errorf("time note %q (visible %v), want the line's time 12:34", got, s.Results[0].Time.Visible())
	}
	test.Tap(s.Results[1].Play) // a chat without play_url opens the share page
	e.jobs.Wait()
	if !slices.Contains(api.Calls(), "open https://zoom.us/rec/share/u0") {
		t.Errorf("calls %q, want the share page opened", api.Calls())
	}

	test.Tap(s.Clear)
	if len(s.Results) != 0 || s.Entry.Text != "" || s.Content.Visible() || !r.scroll.Visible() {
		t.Error("Clear does not bring the recordings back")
	}
}

func TestSearchNothingFound(t *testing.T) {
	api := newFakeAPI()
	r, e := loadedRecordings(t, api)
	test.Type(r.Search.Entry, "kubernetes")
	r.Search.Run()
	e.jobs.Wait()
	if len(r.Search.Results) != 0 || r.Search.Note.Text != "Nothing said or typed matches “kubernetes”." {
		t.Errorf("%d results, note %q", len(r.Search.Results), r.Search.Note.Text)
	}
}

func TestSearchProgressAndReset(t *testing.T) {
	api := newFakeAPI()
	api.hits = cannedHits()
	r, e := loadedRecordings(t, api)
	s := r.Search
	s.SetProgress(&service.SearchProgress{Indexed: 212, Total: 340, Syncing: true})
	if !s.Progress.Visible() || s.Progress.Text != "Indexed 212 of 340 recordings; searching what is indexed so far." {
		t.Errorf("progress %q (visible %v)", s.Progress.Text, s.Progress.Visible())
	}
	s.SetProgress(nil) // kiosk mode: no index
	if !s.Entry.Disabled() || s.Progress.Visible() {
		t.Error("kiosk mode offers search")
	}
	s.SetProgress(&service.SearchProgress{Indexed: 3, Total: 3})
	test.Type(s.Entry, "budget")
	s.Run()
	e.jobs.Wait()
	r.Reset() // another account
	if len(s.Results) != 0 || s.Entry.Text != "" || s.Content.Visible() {
		t.Error("an account change leaves the previous account's results on screen")
	}
}
