package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// fileData is the content of recording file "f1".
var fileData = bytes.Repeat([]byte("0123456789"), 10)

// cannedRecordings seeds api with two recordings this month (newest first) and one last
// month, and the bytes of file f1.
func cannedRecordings(api *fakeAPI) {
	ny := testNow.Location()
	start := time.Date(2026, 11, 18, 15, 0, 0, 0, ny)
	api.recordings["2026-11"] = []zoomapi.Recording{{
		UUID: "u2", ID: 202, Topic: "Design review", StartTime: time.Date(2026, 11, 24, 13, 0, 0, 0, ny).UTC(),
		ShareURL: "https://zoom.us/rec/share/u2",
		Files: []zoomapi.RecordingFile{{ID: "f4", DownloadURL: "https://zoom.us/rec/download/f4", FileType: "MP4", FileExtension: "MP4", FileSize: 52_000_000,
			Status: "processing", RecordingType: "shared_screen_with_speaker_view"}},
	}, {
		UUID: "u1", ID: 201, Topic: "Weekly sync", StartTime: start.UTC(),
		ShareURL: "https://zoom.us/rec/share/u1", RecordingPlayPasscode: "x1y2",
		Files: []zoomapi.RecordingFile{
			{ID: "f1", DownloadURL: "https://zoom.us/rec/download/f1", FileType: "MP4", FileExtension: "MP4", FileSize: zoomapi.FlexInt64(len(fileData)),
				RecordingStart: start, RecordingEnd: start.Add(42*time.Minute + 10*time.Second),
				PlayURL: "https://zoom.us/rec/play/f1", Status: "completed", RecordingType: "shared_screen_with_speaker_view"},
			{ID: "f2", DownloadURL: "https://zoom.us/rec/download/f2", FileType: "M4A", FileExtension: "M4A", FileSize: 12_345_678,
				RecordingStart: start, RecordingEnd: start.Add(42*time.Minute + 10*time.Second),
				PlayURL: "https://zoom.us/rec/play/f2", Status: "completed", RecordingType: "audio_only"},
			{ID: "f3", DownloadURL: "https://zoom.us/rec/download/f3", FileType: "TIMELINE", FileExtension: "JSON", FileSize: 2_048, Status: "completed", RecordingType: "timeline"},
		},
	}}
	api.recordings["2026-10"] = []zoomapi.Recording{{UUID: "u0", ID: 200, Topic: "Retro",
		StartTime: time.Date(2026, 10, 30, 16, 0, 0, 0, ny).UTC()}}
	api.files[api.recordings["2026-11"][1].FileKey(api.recordings["2026-11"][1].Files[0])] = fileData
}

// loadedRecordings returns the recordings screen after its first month.
func loadedRecordings(t *testing.T, api *fakeAPI) (*recordingsScreen, *env) {
	t.Helper()
	cannedRecordings(api)
	e := newTestEnv(t, api)
	r := newRecordings(e)
	r.LoadMore()
	e.jobs.Wait()
	return r, e
}

// fileRow returns the row of file id.
func fileRow(t *testing.T, r *recordingsScreen, id string) *recordingFileRow {
	t.Helper()
	for _, it := range r.Items {
		for _, f := range it.Files {
			if f.File.ID == id {
				return f
			}
		}
	}
	t.Fatalf("no row for file %s", id)
	return nil
}

func TestRecordingsMonthByMonth(t *testing.T) {
	api := newFakeAPI()
	r, e := loadedRecordings(t, api)
	w := showInWindow(t, e, r.Content)
	if got, want := api.Calls(), []string{"Recordings 2026-09-01..2026-11-25"}; !slices.Equal(got, want) {
		t.Errorf("first paint calls = %q, want %q (the last three months in one call)", got, want)
	}
	if got := len(r.Items); got != 3 {
		t.Errorf("items after the first load = %d, want 3", got)
	}
	if got := r.Items[2].Recording.Topic; got != "Retro" {
		t.Errorf("third item = %q, want Retro (older months after newer)", got)
	}
	texts := dumpTexts(r.Content)
	for _, want := range []string{"November 2026", "October 2026", "Tue Nov 24, 2026 · 13:00   Design review"} {
		if !slices.Contains(texts, want) {
			t.Errorf("recordings screen lacks %q: %q", want, texts)
		}
	}
	assertMarkup(t, "recordings.xml", w)
	test.Tap(r.More)
	e.jobs.Wait()
	if got, want := api.Calls()[1], "Recordings 2026-08-01..2026-08-31"; got != want {
		t.Errorf("second call = %q, want %q", got, want)
	}
	if got := r.Months(); got != 4 {
		t.Errorf("Months() = %d, want 4", got)
	}
	test.Tap(r.Refresh)
	e.jobs.Wait()
	if got := api.Calls()[2]; got != "Recordings 2026-09-01..2026-11-25" {
		t.Errorf("call after Refresh = %q, want the first three months again", got)
	}
	if got := len(r.Items); got != 3 {
		t.Errorf("items after Refresh = %d, want 3 (not doubled)", got)
	}
}

func TestRecordingsFileRows(t *testing.T) {
	api := newFakeAPI()
	r, e := loadedRecordings(t, api)
	tests := []struct {
		id           string
		wantPlay     bool
		wantDownload bool
		wantStatus   string
	}{
		{"f1", true, true, ""},
		{"f3", false, true, ""},
		{"f4", false, false, "Processing at Zoom"},
	}
	for _, tt := range tests {
		fr := fileRow(t, r, tt.id)
		if got := fr.Play != nil; got != tt.wantPlay {
			t.Errorf("%s has Play = %v, want %v", tt.id, got, tt.wantPlay)
		}
		if got := fr.Download != nil; got != tt.wantDownload {
			t.Errorf("%s has Download = %v, want %v", tt.id, got, tt.wantDownload)
		}
		if got := fr.Status.Text; got != tt.wantStatus {
			t.Errorf("%s status = %q, want %q", tt.id, got, tt.wantStatus)
		}
	}
	test.Tap(fileRow(t, r, "f1").Play)
	e.jobs.Wait()
	if want := "open https://zoom.us/rec/play/f1"; !hasCall(api, want) {
		t.Errorf("calls = %q, want %q", api.Calls(), want)
	}
	test.Tap(r.Items[1].CopyShare)
	if got, want := clipboard(), "https://zoom.us/rec/share/u1 (passcode: x1y2)"; got != want {
		t.Errorf("share text = %q, want %q", got, want)
	}
}

func TestDownloadCancelResume(t *testing.T) {
	api := newFakeAPI()
	r, e := loadedRecordings(t, api)
	fr := fileRow(t, r, "f1")
	api.stallAt, api.stalled = 50, make(chan struct{})
	test.Tap(fr.Download)
	select {
	case <-api.stalled:
	case <-time.After(10 * time.Second):
		t.Fatal("download never reached 50 bytes")
	}
	test.Tap(fr.Cancel)
	e.jobs.Wait()
	if got := partSize(fr.Path); got != 50 {
		t.Fatalf(".part size after cancel = %d, want 50", got)
	}
	if got := fr.Download.Text; got != "Resume" {
		t.Errorf("button after cancel = %q, want Resume", got)
	}
	if got := fr.Status.Text; !strings.Contains(got, "Resume") {
		t.Errorf("status after cancel = %q, want it to name the button's Resume", got)
	}
	if fr.Open.Visible() {
		t.Error("Open offered for a file only partly downloaded")
	}
	api.mu.Lock()
	api.stallAt = 0
	api.mu.Unlock()
	test.Tap(fr.Download)
	e.jobs.Wait()
	got, err := os.ReadFile(fr.Path)
	if err != nil || !bytes.Equal(got, fileData) {
		t.Fatalf("saved file = %q, %v; want the whole file", got, err)
	}
	if fileExists(fr.Path + partSuffix) {
		t.Error(".part left after a complete download")
	}
	if want := "Download " + fr.Key + "@50"; !hasCall(api, want) {
		t.Errorf("calls = %q, want %q (resume from the .part size)", api.Calls(), want)
	}
	if got := fr.Progress.Value; got != 1 {
		t.Errorf("progress = %v, want 1", got)
	}
	if !fr.Open.Visible() || !fr.Folder.Visible() {
		t.Fatal("Open and Show in folder not offered after the download")
	}
	test.Tap(fr.Folder)
	e.jobs.Wait()
	if want := "open file://" + filepath.Dir(fr.Path); !hasCall(api, want) {
		t.Errorf("calls = %q, want %q", api.Calls(), want)
	}
}

// TestRecordingsPlayOnlyMedia checks Play is offered for audio and video only, and a
// length only for them (a chat file has none of its own).
func TestRecordingsPlayOnlyMedia(t *testing.T) {
	start := testNow
	tests := []struct {
		f        zoomapi.RecordingFile
		wantPlay bool
		wantInfo string
	}{
		{zoomapi.RecordingFile{FileType: "MP4", PlayURL: "https://zoom.us/rec/play/1", FileSize: 1000,
			RecordingStart: start, RecordingEnd: start.Add(90 * time.Second)}, true, "MP4 · 1.0 kB · 1:30"},
		{zoomapi.RecordingFile{FileType: "CHAT", PlayURL: "https://zoom.us/rec/play/2", FileSize: 1000,
			RecordingStart: start, RecordingEnd: start.Add(90 * time.Second)}, false, "CHAT · 1.0 kB"},
		{zoomapi.RecordingFile{FileType: "M4A", FileSize: 1000}, false, "M4A · 1.0 kB"},
	}
	for _, tt := range tests {
		if got := playable(tt.f); got != tt.wantPlay {
			t.Errorf("%s playable = %v, want %v", tt.f.FileType, got, tt.wantPlay)
		}
		if got := fileInfo(tt.f); got != tt.wantInfo {
			t.Errorf("%s info = %q, want %q", tt.f.FileType, got, tt.wantInfo)
		}
	}
}

func TestHumanDuration(t *testing.T) {
	start := testNow
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, ""}, {59 * time.Second, "0:59"}, {42*time.Minute + 10*time.Second, "42:10"},
		{time.Hour + 2*time.Minute + 3*time.Second, "1:02:03"},
	}
	for _, tt := range tests {
		f := zoomapi.RecordingFile{RecordingStart: start, RecordingEnd: start.Add(tt.d)}
		if got := humanDuration(f); got != tt.want {
			t.Errorf("humanDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// TestRecordingsRealShapes shows a list as real Zoom sends it: a meeting being recorded
// (empty file_type), a TIMELINE file without id, no play passcode in the list, and a month
// whose second window failed.
func TestRecordingsRealShapes(t *testing.T) {
	api := newFakeAPI()
	start := time.Date(2026, 11, 20, 15, 0, 0, 0, testNow.Location())
	api.recordings["2026-11"] = []zoomapi.Recording{{
		UUID: "/live//uuid==", ID: 301, Topic: "Being recorded", StartTime: start.UTC(), ShareURL: "https://zoom.us/rec/share/live",
		Files: []zoomapi.RecordingFile{{ID: "g1", DownloadURL: "https://zoom.us/rec/download/g1", RecordingStart: start, Status: "completed"}},
	}, {
		UUID: "bare==", ID: 302, Topic: "Bare files", StartTime: start.Add(-time.Hour).UTC(), ShareURL: "https://zoom.us/rec/share/bare",
		Files: []zoomapi.RecordingFile{
			{FileType: "TIMELINE", FileExtension: "JSON", DownloadURL: "https://zoom.us/rec/download/t1"},
			{FileType: "CC", FileExtension: "VTT", DownloadURL: "https://zoom.us/rec/download/c1"},
		},
	}}
	api.passcodes["bare=="] = "pw0rd"
	api.partial = &zoomapi.PartialError{Failed: []zoomapi.FailedRange{{
		From: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC),
		Err: &service.ErrorInfo{Kind: service.KindNetwork, Message: "down"}}}}
	e := newTestEnv(t, api)
	r := newRecordings(e)
	r.LoadMore()
	e.jobs.Wait()
	if len(r.Items) != 2 {
		t.Fatalf("items = %d, want the 2 that arrived beside the failed days", len(r.Items))
	}
	if got := r.Note.Text; !strings.Contains(got, "Nov 25, 2026") {
		t.Errorf("note = %q, want it to name the days that failed", got)
	}
	live := r.Items[0].Files[0]
	if live.Download != nil || live.Status.Text != "Still recording" {
		t.Errorf("file in progress: Download %v, status %q; want none, Still recording", live.Download != nil, live.Status.Text)
	}
	keys := map[string]bool{}
	for _, fr := range r.Items[1].Files {
		if fr.Download == nil || fr.Key == "" || keys[fr.Key] {
			t.Errorf("%s file without id: Download %v, key %q; want a Download and its own key", fr.File.FileType, fr.Download != nil, fr.Key)
		}
		keys[fr.Key] = true
	}
	test.Tap(r.Items[1].CopyShare)
	e.jobs.Wait()
	if got, want := clipboard(), "https://zoom.us/rec/share/bare (passcode: pw0rd)"; got != want {
		t.Errorf("copied %q, want %q (the passcode fetched for the meeting)", got, want)
	}
	if !hasCall(api, "RecordingPasscode bare==") {
		t.Errorf("calls = %q, want the passcode fetched", api.Calls())
	}
}
