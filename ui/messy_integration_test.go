package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestWindowAndKioskMessyShapes runs the window's meetings and recordings screens and the
// kiosk over the real service against a fake that sends every shape of real accounts:
// each occurrence of a recurring meeting is a row, hosted meetings keep Start although
// upcoming_meetings leaves is_host out, the recordings list shows a meeting being
// recorded, downloads a file that has no id, and copies a share link with the passcode
// that the list left out.
func TestWindowAndKioskMessyShapes(t *testing.T) {
	svc, _ := realServiceShapes(t, zoomtest.MessyShapes())
	ctx := context.Background()
	err := svc.Login(ctx, service.LoginRequest{Method: service.MethodDevice}, func(ev service.LoginEvent) {
		if ev.VerificationURIComplete != "" {
			phoneApproves(t, ev.VerificationURIComplete) // as a phone that scanned the QR code
		}
	})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
	e := newTestEnv(t, newFakeAPI())
	e.api, e.now = inProcess{svc}, time.Now

	h := newHome(e)
	e.jobs.Go(func(ctx context.Context) { h.Load(ctx, true) })
	waitForJobs(t, e)
	standups, sprintStart := 0, false
	for _, r := range h.Rows {
		switch r.Meeting.Topic {
		case "Team stand-up":
			standups++
		case "Sprint planning":
			sprintStart = r.Start != nil
		}
	}
	if standups < 5 || !sprintStart {
		t.Errorf("home: %d stand-up rows, Sprint planning Start %v; want each occurrence and Start", standups, sprintStart)
	}

	r := newRecordings(e)
	r.LoadMore()
	waitForJobs(t, e)
	if what, _ := e.banner.Shown(); what != "" || len(r.Items) == 0 {
		t.Fatalf("recordings: %d items, banner %q; want the list", len(r.Items), what)
	}
	var live, bare *recordingFileRow
	var withBare *recordingItem
	for _, it := range r.Items {
		for _, fr := range it.Files {
			if fr.File.InProgress() {
				live = fr
			}
			if fr.File.ID == "" && fr.Download != nil && bare == nil {
				bare, withBare = fr, it
			}
		}
	}
	if live == nil || live.Status.Text != "Still recording" || live.Download != nil {
		t.Errorf("no file marked Still recording without Download (%+v)", live)
	}
	if bare == nil {
		t.Fatal("no downloadable file without id (TIMELINE or CC)")
	}
	test.Tap(bare.Download)
	waitForJobs(t, e)
	if !fileExists(bare.Path) {
		what, _ := e.banner.Shown()
		t.Errorf("%s file without id not saved at %s (banner %q)", bare.File.FileType, bare.Path, what)
	}
	test.Tap(withBare.CopyShare)
	waitForJobs(t, e)
	if got := clipboard(); !strings.HasPrefix(got, withBare.Recording.ShareURL) || !strings.Contains(got, "passcode: ") {
		t.Errorf("copied %q, want the share link with the passcode fetched for it", got)
	}

	k := newKiosk(e)
	st, _ := svc.Status(ctx)
	e.do(func() { k.Apply(st) })
	kioskWait(t, e, "kiosk rows", func() bool { return len(k.Rows) > 0 })
	hosted := 0
	for _, row := range k.Rows {
		if row.Meeting.HostID != st.Account.ID {
			continue
		}
		hosted++
		if row.Start == nil {
			t.Errorf("kiosk: %q hosted by the user has no Start", row.Meeting.Topic)
		}
	}
	if hosted == 0 {
		t.Errorf("kiosk: none of %d rows is hosted by the user; the live Design review is", len(k.Rows))
	}
}
