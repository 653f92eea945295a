package savefile

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// twoFiles is a meeting whose recording stopped and started again: two files of the same
// type, topic and start time.
func twoFiles() (zoomapi.Recording, zoomapi.RecordingFile, zoomapi.RecordingFile) {
	r := zoomapi.Recording{UUID: "m1==", Topic: "Weekly: sync/plan?", StartTime: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	a := zoomapi.RecordingFile{ID: "fa", MeetingID: "m1==", FileType: "MP4", FileExtension: "MP4", RecordingType: "shared_screen"}
	b := a
	b.ID = "fb"
	return r, a, b
}

func TestNameIsUniquePerFile(t *testing.T) {
	r, a, b := twoFiles()
	na, nb := Name(r, a, time.UTC), Name(r, b, time.UTC)
	if na == nb {
		t.Fatalf("two files of one meeting share the name %q", na)
	}
	if !strings.HasPrefix(na, "2026-11-23 1500 Weekly  sync plan  shared_screen ") || !strings.HasSuffix(na, ".mp4") {
		t.Errorf("Name = %q", na)
	}
	if Name(r, a, time.UTC) != na {
		t.Error("Name is not stable")
	}
}

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{`a<b>c:d"e/f\g|h?i*j`, "a b c d e f g h i j"},
		{"name. . ", "name"},
		{"CON", "_CON"},
		{"com1.txt", "_com1.txt"},
		{"lpt9 .mp4", "_lpt9 .mp4"},
		{"CONSOLE.txt", "CONSOLE.txt"},
		{"..", "_"},
		{"", "_"},
		{"tab\there", "tab here"},
	}
	for _, tt := range tests {
		if got := SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func fetchOf(data string) func(io.Writer, int64) error {
	return func(w io.Writer, off int64) error {
		_, err := io.WriteString(w, data[off:])
		return err
	}
}

func TestSaveNeverReplacesAFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "rec.mp4")
	if err := os.WriteFile(dest, []byte("file A"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Save(dest, fetchOf("file B"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "rec (2).mp4"); got != want {
		t.Errorf("saved at %q, want %q", got, want)
	}
	if a, _ := os.ReadFile(dest); string(a) != "file A" {
		t.Errorf("the existing file now holds %q", a)
	}
	if b, _ := os.ReadFile(got); string(b) != "file B" {
		t.Errorf("the new file holds %q", b)
	}
	if _, err := os.Stat(Part(dest)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("partial file left behind: %v", err)
	}
}

func TestSaveIsPrivate(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no permission bits")
	}
	dest := filepath.Join(t.TempDir(), "rec.mp4")
	var partMode os.FileMode
	got, err := Save(dest, func(w io.Writer, off int64) error {
		if err := fetchOf("data")(w, off); err != nil {
			return err
		}
		fi, err := os.Stat(Part(dest))
		if err != nil {
			return err
		}
		partMode = fi.Mode().Perm()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(got)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 || partMode != 0o600 {
		t.Errorf("modes: file %v, partial %v; want 0600", fi.Mode().Perm(), partMode)
	}
}

// TestSaveResumesOnlyItsOwnPart: a failed download of file A leaves A's partial file; file
// B of the same meeting and type has a name and partial file of its own, so neither
// resumes from the other's bytes, and A resumes from where it stopped.
func TestSaveResumesOnlyItsOwnPart(t *testing.T) {
	dir := t.TempDir()
	r, a, b := twoFiles()
	destA, destB := filepath.Join(dir, Name(r, a, time.UTC)), filepath.Join(dir, Name(r, b, time.UTC))
	boom := errors.New("network gone")
	_, err := Save(destA, func(w io.Writer, off int64) error {
		io.WriteString(w, "AAAA")
		return boom
	})
	if !errors.Is(err, boom) || PartSize(destA) != 4 {
		t.Fatalf("interrupted save: err %v, part size %d", err, PartSize(destA))
	}
	gotB, err := Save(destB, func(w io.Writer, off int64) error {
		if off != 0 {
			t.Errorf("file B resumed at %d, want a fresh start", off)
		}
		return fetchOf("BBBBBBBB")(w, off)
	})
	if err != nil {
		t.Fatal(err)
	}
	gotA, err := Save(destA, fetchOf("AAAAaaaa"))
	if err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{gotA: "AAAAaaaa", gotB: "BBBBBBBB"} {
		if got, _ := os.ReadFile(path); !bytes.Equal(got, []byte(want)) {
			t.Errorf("%s holds %q, want %q", filepath.Base(path), got, want)
		}
	}
}

func TestSaveRefusesALinkAsPart(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges")
	}
	dir := t.TempDir()
	dest := filepath.Join(dir, "rec.mp4")
	victim := filepath.Join(dir, "victim")
	if err := os.WriteFile(victim, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, Part(dest)); err != nil {
		t.Fatal(err)
	}
	if _, err := Save(dest, fetchOf("data")); err == nil {
		t.Error("Save through a symbolic link succeeded")
	}
	if got, _ := os.ReadFile(victim); string(got) != "keep" {
		t.Errorf("the link's target now holds %q", got)
	}
}

func TestUnique(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "rec.mp4")
	os.WriteFile(dest, nil, 0o600)
	os.WriteFile(Part(filepath.Join(dir, "rec (2).mp4")), nil, 0o600)
	if got, want := Unique(dest), filepath.Join(dir, "rec (3).mp4"); got != want {
		t.Errorf("Unique = %q, want %q", got, want)
	}
}

// TestSaveLeavesNothingWhenNothingCame: a fetch that fails before its first byte (an
// unknown file, a signed-out session) leaves no partial file to talk about resuming.
func TestSaveLeavesNothingWhenNothingCame(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "rec.mp4")
	if _, err := Save(dest, func(io.Writer, int64) error { return errors.New("not found") }); err == nil {
		t.Fatal("Save: got nil, want the fetch's error")
	}
	if _, err := os.Lstat(Part(dest)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("partial file after a fetch that wrote nothing: %v, want none", err)
	}
}
