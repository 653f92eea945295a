package ui

import (
	"os"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestDownloadsOfOneMeetingKeepEachFile: Zoom makes two files of one type when a
// recording stops and starts again in one meeting. Each gets a name of its own, so the
// second download neither replaces the first nor resumes from its partial file, and both
// are private to the user (0600).
func TestDownloadsOfOneMeetingKeepEachFile(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	start := time.Date(2026, 11, 18, 15, 0, 0, 0, time.UTC)
	rec := zoomapi.Recording{UUID: "u9", ID: 209, Topic: "Stop: and start", StartTime: start}
	file := func(id string) zoomapi.RecordingFile {
		return zoomapi.RecordingFile{ID: id, MeetingID: "u9", FileType: "MP4", FileExtension: "MP4",
			Status: "completed", RecordingType: "shared_screen_with_speaker_view"}
	}
	api.files["part1"] = []byte("first part of the meeting")
	api.files["part2"] = []byte("second part")
	rows := []*FileRow{newFileRow(e, rec, file("part1")), newFileRow(e, rec, file("part2"))}
	if rows[0].Path == rows[1].Path {
		t.Fatalf("both files are saved as %q", rows[0].Path)
	}
	for _, fr := range rows {
		test.Tap(fr.Download)
		e.jobs.Wait()
	}
	for i, fr := range rows {
		got, err := os.ReadFile(fr.Path)
		if want := api.files[fr.File.ID]; err != nil || string(got) != string(want) {
			t.Errorf("file %d at %s = %q, %v; want %q", i, fr.Path, got, err, want)
		}
		if fi, err := os.Stat(fr.Path); runtime.GOOS != "windows" && err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("file %d mode = %v, want 0600", i, fi.Mode().Perm())
		}
	}
}
