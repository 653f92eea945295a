package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// TestDownloadDir checks the XDG order: $XDG_DOWNLOAD_DIR, then user-dirs.dirs, then
// ~/Downloads.
func TestDownloadDir(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("user-dirs.dirs is the Linux and BSD way")
	}
	home := t.TempDir()
	cfg := filepath.Join(home, "cfg")
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", cfg)
	t.Setenv("XDG_DOWNLOAD_DIR", "")
	if got, want := downloadDir(), filepath.Join(home, "Downloads"); got != want {
		t.Errorf("without user-dirs.dirs: DownloadDir() = %q, want %q", got, want)
	}
	if err := os.MkdirAll(cfg, 0o700); err != nil {
		t.Fatal(err)
	}
	dirs := "# written by xdg-user-dirs-update\nXDG_DOWNLOAD_DIR=\"$HOME/Téléchargements\"\n"
	if err := os.WriteFile(filepath.Join(cfg, "user-dirs.dirs"), []byte(dirs), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, want := downloadDir(), filepath.Join(home, "Téléchargements"); got != want {
		t.Errorf("with user-dirs.dirs: DownloadDir() = %q, want %q", got, want)
	}
	t.Setenv("XDG_DOWNLOAD_DIR", filepath.Join(home, "env"))
	if got, want := downloadDir(), filepath.Join(home, "env"); got != want {
		t.Errorf("with $XDG_DOWNLOAD_DIR: DownloadDir() = %q, want %q", got, want)
	}
}

// TestDownloadCreatesFolder checks that a missing Downloads folder is created.
func TestDownloadCreatesFolder(t *testing.T) {
	api := newFakeAPI()
	r, e := loadedRecordings(t, api)
	fr := fileRow(t, r, "f1")
	fr.Path = filepath.Join(t.TempDir(), "Downloads", filepath.Base(fr.Path))
	test.Tap(fr.Download)
	e.jobs.Wait()
	if got, err := os.ReadFile(fr.Path); err != nil || !bytes.Equal(got, fileData) {
		t.Fatalf("saved file = %q, %v; want the whole file", got, err)
	}
	if what, _ := e.banner.Shown(); what != "" {
		t.Errorf("banner = %q, want none", what)
	}
}

// TestDownloadLocalError checks that a folder that cannot be made is reported as a local
// problem, not as Zoom being unreachable, and that the row stops saying "Downloading".
func TestDownloadLocalError(t *testing.T) {
	api := newFakeAPI()
	r, e := loadedRecordings(t, api)
	fr := fileRow(t, r, "f1")
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fr.Path = filepath.Join(file, "Downloads", "x.mp4")
	test.Tap(fr.Download)
	e.jobs.Wait()
	what, todo := e.banner.Shown()
	if want := "Cannot save to " + file + ": part of that path is a file, not a folder."; what != want {
		t.Errorf("banner = %q %q, want %q", what, todo, want)
	}
	if got := fr.Status.Text; got != "Download failed" {
		t.Errorf("row status = %q, want %q", got, "Download failed")
	}
	if got := fr.Download.Text; got != "Download" || !fr.Download.Visible() || fr.Cancel.Visible() {
		t.Errorf("button = %q (visible %v, Cancel visible %v), want Download again offered", got, fr.Download.Visible(), fr.Cancel.Visible())
	}
}

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
			Status: "completed", RecordingType: "shared_screen_with_speaker_view",
			DownloadURL: "https://zoom.example/rec/download/" + id}
	}
	rows := []*recordingFileRow{newFileRow(e, rec, file("part1")), newFileRow(e, rec, file("part2"))}
	api.files[rows[0].Key] = []byte("first part of the meeting")
	api.files[rows[1].Key] = []byte("second part")
	if rows[0].Path == rows[1].Path {
		t.Fatalf("both files are saved as %q", rows[0].Path)
	}
	for _, fr := range rows {
		test.Tap(fr.Download)
		e.jobs.Wait()
	}
	for i, fr := range rows {
		got, err := os.ReadFile(fr.Path)
		if want := api.files[fr.Key]; err != nil || string(got) != string(want) {
			t.Errorf("file %d at %s = %q, %v; want %q", i, fr.Path, got, err, want)
		}
		if fi, err := os.Stat(fr.Path); runtime.GOOS != "windows" && err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("file %d mode = %v, want 0600", i, fi.Mode().Perm())
		}
	}
}
