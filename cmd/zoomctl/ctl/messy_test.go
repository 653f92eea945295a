package ctl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestMessyShapesInZones runs meetings and recordings against zoomfake -messy (every shape
// of real Zoom accounts) in the zones furthest west and east of UTC. The recording being
// made right now must be listed on its local day whatever the time of day: in one of the
// two zones that day is not its UTC date, which Zoom's list is asked by.
func TestMessyShapesInZones(t *testing.T) {
	f := startFake(t, "-messy")
	for _, zone := range []string{"Etc/GMT+12", "Pacific/Kiritimati"} {
		t.Run(zone, func(t *testing.T) {
			loc, err := time.LoadLocation(zone)
			if err != nil {
				t.Skip(err)
			}
			u := newUser(t)
			u.env = append(u.env, "TZ="+zone)
			u.loginDevice(t, f)
			messyMeetings(t, f, u, loc)
			messyRecordings(t, f, u, loc)
		})
	}
}

// messyMeetings: each occurrence of a recurring meeting is its own row, hosted meetings
// keep Start although upcoming_meetings leaves is_host out, times print in the local zone.
func messyMeetings(t *testing.T, f *fake, u *user, loc *time.Location) {
	t.Helper()
	var ml service.MeetingList
	jsonTo(t, u.mustRun(t, f, "meetings", "--json", "--refresh").stdout, &ml)
	var standups []time.Time
	for _, m := range ml.Meetings {
		if m.Topic == "Team stand-up" {
			standups = append(standups, m.StartTime)
		}
		if m.Topic == "Sprint planning" && !m.IsHost {
			t.Errorf("Sprint planning is not hosted; upcoming_meetings without is_host erased it")
		}
	}
	if len(standups) < 5 {
		t.Fatalf("Team stand-up listed %d times, want each coming occurrence", len(standups))
	}
	plain := u.mustRun(t, f, "meetings").stdout
	if want := standups[1].In(loc).Format("Mon Jan 2 15:04"); !strings.Contains(plain, want) {
		t.Errorf("meetings output lacks the second stand-up at %s local time:\n%s", want, plain)
	}
}

// messyRecordings: the list decodes with a recording in progress and files without id,
// the in-progress one is found on its local day, and only that day's recordings are.
func messyRecordings(t *testing.T, f *fake, u *user, loc *time.Location) {
	t.Helper()
	var recs []zoomapi.Recording
	jsonTo(t, u.mustRun(t, f, "recordings", "--json").stdout, &recs)
	var live zoomapi.Recording
	for _, r := range recs {
		if len(r.Files) > 0 && r.Files[0].InProgress() {
			live = r
		}
	}
	if live.UUID == "" {
		t.Fatalf("no recording in progress among %d of the last 30 days", len(recs))
	}
	day := live.StartTime.In(loc).Format(time.DateOnly)
	var onDay []zoomapi.Recording
	jsonTo(t, u.mustRun(t, f, "recordings", "--json", "--from", day, "--to", day).stdout, &onDay)
	found := false
	for _, r := range onDay {
		found = found || r.UUID == live.UUID
		if got := r.StartTime.In(loc).Format(time.DateOnly); got != day {
			t.Errorf("recording of local day %s listed for %s", got, day)
		}
	}
	if !found {
		t.Errorf("recording in progress (UTC %v) missing from its local day %s", live.StartTime, day)
	}
	plain := u.mustRun(t, f, "recordings", "--from", day, "--to", day).stdout
	for _, want := range []string{live.StartTime.In(loc).Format("2006-01-02 15:04") + "  " + live.Topic, "still recording"} {
		if !strings.Contains(plain, want) {
			t.Errorf("recordings output lacks %q:\n%s", want, plain)
		}
	}
	downloadBareFile(t, f, u, recs)
	t.Logf("zoomctl recordings --from %s --to %s (TZ=%s):\n%s", day, day, loc, plain)
}

// downloadBareFile downloads a TIMELINE or CC file, which real Zoom lists without an id,
// by the key that recordings prints.
func downloadBareFile(t *testing.T, f *fake, u *user, recs []zoomapi.Recording) {
	t.Helper()
	for _, r := range recs {
		for _, rf := range r.Files {
			if rf.ID != "" || !rf.Ready() {
				continue
			}
			out := filepath.Join(u.dir, "bare-"+rf.FileType)
			if rf.Key != r.FileKey(rf) {
				t.Errorf("--json key %q, want %q", rf.Key, r.FileKey(rf))
			}
			u.mustRun(t, f, "download", rf.Key, "--out", out)
			if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
				t.Errorf("download of a %s file by key: %v, want a file", rf.FileType, err)
			}
			return
		}
	}
	t.Error("no file without id among the recordings")
}
