package zoomtest

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func (e *restEnv) recordings(t *testing.T, query string) recordingList {
	t.Helper()
	var l recordingList
	e.get(t, "/v2/users/me/recordings?"+query).decode(t, http.StatusOK, &l)
	return l
}

func TestRecordingsRange(t *testing.T) {
	tests := []struct {
		name, query      string
		reject           bool
		wantFrom, wantTo string
	}{
		{"default today to tomorrow", "", false, "2026-11-25", "2026-11-26"},
		{"within a month", "from=2026-10-01&to=2026-10-31", false, "2026-10-01", "2026-10-31"},
		{"clamped", "from=2026-01-15&to=2026-06-30", false, "2026-01-15", "2026-02-15"},
		{"only from", "from=2026-11-20", false, "2026-11-20", "2026-11-26"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newRESTEnv(t, Options{}).recordings(t, tt.query)
			if l.From != tt.wantFrom || l.To != tt.wantTo {
				t.Errorf("from %s to %s, want %s %s", l.From, l.To, tt.wantFrom, tt.wantTo)
			}
		})
	}
	e := newRESTEnv(t, Options{RecordingRangeReject: true})
	if msg := e.get(t, "/v2/users/me/recordings?from=2026-01-15&to=2026-06-30").apiErr(t, http.StatusBadRequest, 300); msg != recordingRangeMsg {
		t.Errorf("message %q, want %q", msg, recordingRangeMsg)
	}
	if l := e.recordings(t, "from=2026-01-15&to=2026-02-15"); l.To != "2026-02-15" {
		t.Errorf("exactly one month rejected or changed: to %s", l.To)
	}
	for _, q := range []string{"from=2026-13-01", "to=yesterday", "from=2026-11-20&to=2026-11-01"} {
		e.get(t, "/v2/users/me/recordings?"+q).apiErr(t, http.StatusBadRequest, 300)
	}
}

func TestRecordingsContent(t *testing.T) {
	e := newRESTEnv(t, Options{})
	seen := map[string]bool{}
	var processing bool
	for m := 0; m < 13; m++ {
		to := testNow.AddDate(0, -m, 0)
		l := e.recordings(t, "page_size=300&from="+to.AddDate(0, -1, 0).Format(dateLayout)+"&to="+to.Format(dateLayout))
		for _, r := range l.Meetings {
			if r.ID == 0 || r.UUID == "" || r.Type != 2 || r.ShareURL == "" || r.RecordingPlayPasscode == "" || r.RecordingCount != len(r.RecordingFiles) {
				t.Errorf("recording %+v lacks fields", r)
			}
			for _, f := range r.RecordingFiles {
				seen[f.FileType] = true
				checkFile(t, r, f)
				processing = processing || f.Status == "processing"
			}
		}
	}
	for _, k := range fileKinds {
		if !seen[k.fileType] {
			t.Errorf("no %s file in 13 months", k.fileType)
		}
	}
	if !processing {
		t.Error("no processing file")
	}
}

func checkFile(t *testing.T, r recordingJSON, f fileJSON) {
	t.Helper()
	switch {
	case f.MeetingID != r.UUID:
		t.Errorf("file meeting_id %q, want the meeting uuid %q", f.MeetingID, r.UUID)
	case f.Status == "processing" && (f.DownloadURL != "" || f.PlayURL != ""):
		t.Errorf("processing %s file has URLs", f.FileType)
	case f.Status == "completed" && !strings.Contains(f.DownloadURL, "/rec/download/"+f.ID):
		t.Errorf("%s download_url %q", f.FileType, f.DownloadURL)
	case f.FileType == "TIMELINE" && f.PlayURL != "":
		t.Errorf("TIMELINE has play_url %q", f.PlayURL)
	case f.FileType == "TRANSCRIPT" || f.FileType == "CHAT":
		// Text files are as long as their text: about 1 KB a minute of transcript, a few
		// hundred bytes of chat.
		if f.FileSize < 100 || f.FileSize > 200<<10 {
			t.Errorf("%s size %d outside 100 B..200 KiB", f.FileType, f.FileSize)
		}
	case f.FileSize < 64<<10 || f.FileSize > 2<<20:
		t.Errorf("%s size %d outside 64 KiB..2 MiB", f.FileType, f.FileSize)
	}
}

func TestRecordingsPagination(t *testing.T) {
	e := newRESTEnv(t, Options{})
	day := time.Date(2026, 10, 3, 0, 0, 0, 0, time.UTC) // a Saturday: no seeded recordings
	for i := range 310 {
		if _, err := e.s.AddRecording("alex@example.com", "bulk", day.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
	}
	first := e.recordings(t, "from=2026-10-03&to=2026-10-03&page_size=500")
	if len(first.Meetings) != 300 || first.TotalRecords != 310 || first.PageCount != 2 || first.NextPageToken == "" {
		t.Fatalf("first page: %d meetings of %d, %d pages, token %q; want 300 of 310, 2 pages, a token",
			len(first.Meetings), first.TotalRecords, first.PageCount, first.NextPageToken)
	}
	if !(first.Meetings[0].StartTime > first.Meetings[1].StartTime) {
		t.Errorf("not newest first: %s then %s", first.Meetings[0].StartTime, first.Meetings[1].StartTime)
	}
	second := e.recordings(t, "from=2026-10-03&to=2026-10-03&page_size=300&next_page_token="+first.NextPageToken)
	if len(second.Meetings) != 10 || second.NextPageToken != "" {
		t.Errorf("second page: %d meetings, token %q; want 10 and none", len(second.Meetings), second.NextPageToken)
	}
	e.get(t, "/v2/users/me/recordings?from=2026-10-04&to=2026-10-04&next_page_token="+first.NextPageToken).apiErr(t, http.StatusBadRequest, 300)
}
