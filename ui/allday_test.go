package ui

import (
	"context"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// allDayMeeting is an all-day event on testNow's day in Berlin: its start, midnight in
// Berlin, is 18:00 the day before in New York.
func allDayMeeting() zoomapi.Meeting {
	return zoomapi.Meeting{ID: 105, Topic: "Team offsite", IsAllDay: true, Duration: 1440, Timezone: "Europe/Berlin",
		StartTime: time.Date(2026, 11, 25, 0, 0, 0, 0, mustZone("Europe/Berlin")).UTC(), JoinURL: "https://zoom.us/j/105"}
}

// texts returns every string shown in o's tree: labels, buttons and canvas texts.
func texts(o fyne.CanvasObject) []string {
	var out []string
	switch v := o.(type) {
	case *widget.Label:
		out = append(out, v.Text)
	case *canvas.Text:
		out = append(out, v.Text)
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, texts(c)...)
		}
	}
	return out
}

// TestAllDayWindowAndKiosk checks that an all-day meeting reads "All day", never a clock
// time or "Live", in the window and in the kiosk.
func TestAllDayWindowAndKiosk(t *testing.T) {
	api := newFakeAPI()
	api.meetings = service.MeetingList{FetchedAt: testNow, Meetings: []zoomapi.Meeting{allDayMeeting()}}
	e := newTestEnv(t, api)
	h := newHome(e)
	h.SetAccount(&service.Account{Email: "alex@example.com", Name: "Alex Doe"})
	e.jobs.Go(func(ctx context.Context) { h.Load(ctx, false) })
	e.jobs.Wait()
	r := row(t, h, 105)
	if got := texts(r.Content); !slices.Contains(got, text.AllDay) || r.Live {
		t.Errorf("window row shows %q, live %v; want %q and not live", got, r.Live, text.AllDay)
	}

	k, ke := newTestKiosk(t, api)
	acc := &service.Account{Email: "alex@example.com", Name: "Alex Doe"}
	ke.do(func() { k.Apply(service.Status{State: "signed_in", Account: acc, Kiosk: true}) })
	kioskWait(t, ke, "meetings listed", func() bool { return len(k.Rows) == 1 })
	if got := texts(k.Rows[0].Content); !slices.Contains(got, text.AllDay) || k.Rows[0].Live {
		t.Errorf("kiosk row shows %q, live %v; want %q and not live", got, k.Rows[0].Live, text.AllDay)
	}
}
