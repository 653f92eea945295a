package ui

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/adrg/xdg"

	"github.com/zoomtray/zoomtray/internal/savefile"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// partSuffix marks a download in progress (savefile.PartSuffix). A cancelled or failed
// download leaves it, and the next attempt resumes from its size (the service sends
// "Range: bytes=<size>-").
const partSuffix = savefile.PartSuffix

// download saves recording file fileID at dest through dest's partial file (savefile.Save:
// 0600, reserved with O_EXCL, never replacing a file) and returns where it was saved:
// dest, or "dest (2)" when a file of that name appeared meanwhile. progress gets the
// bytes done (the resumed offset included) and the total (-1 when unknown).
//
// The folder is created when missing (a fresh account may have no Downloads folder yet).
// Nothing is written before the first byte arrives, so a download that never started
// leaves no partial file to offer resuming.
func download(ctx context.Context, api service.API, fileID, dest string, progress func(done, total int64)) (string, error) {
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return "", fmt.Errorf("ui: download: %w", err)
	}
	saved, err := savefile.Save(dest, func(w io.Writer, offset int64) error {
		return api.Download(ctx, fileID, w, offset, progress)
	})
	if err != nil {
		return "", fmt.Errorf("ui: download: %w", err)
	}
	return saved, nil
}

// downloadDir returns the folder recordings are saved to: the user's Downloads folder as
// the platform defines it — on Linux and the BSDs $XDG_DOWNLOAD_DIR, then XDG_DOWNLOAD_DIR
// in $XDG_CONFIG_HOME/user-dirs.dirs (a localized name such as ~/Téléchargements), then
// ~/Downloads; the Downloads known folder on Windows; ~/Downloads on macOS. It may not
// exist yet: download creates it.
func downloadDir() string {
	xdg.Reload() // read the environment now, not at program start
	if d := xdg.UserDirs.Download; d != "" {
		return d
	}
	return filepath.Join(xdg.Home, "Downloads")
}

// partSize is the size of dest's .part file, 0 when there is none.
func partSize(dest string) int64 { return savefile.PartSize(dest) }

// fileName is the name a recording file is saved under (savefile.Name): start time,
// topic, kind and a tag of the file's identity, valid on every platform.
func fileName(r zoomapi.Recording, f zoomapi.RecordingFile) string {
	return savefile.Name(r, f, time.Local)
}

// humanDuration formats a recording's length as 1:02:03 or 42:10.
func humanDuration(f zoomapi.RecordingFile) string {
	d := f.RecordingEnd.Sub(f.RecordingStart)
	if f.RecordingStart.IsZero() || d <= 0 {
		return ""
	}
	s := int(d.Seconds())
	if s >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// shareText is what "Copy share link" copies: the share URL and, when the recording has
// one, its passcode on the same line. Zoom's own links with an embedded passcode carry an
// encrypted form (?pwd=...) the API does not return, so the passcode is given in words:
// "https://zoom.us/rec/share/abc (passcode: x1y2)".
func shareText(r zoomapi.Recording) string {
	if r.RecordingPlayPasscode == "" {
		return r.ShareURL
	}
	return fmt.Sprintf("%s (passcode: %s)", r.ShareURL, r.RecordingPlayPasscode)
}

// uniquePath returns dir/name, or dir/"name (2).ext" and so on when that file or its
// partial file exists (a finished earlier download is never overwritten).
func uniquePath(dir, name string) string { return savefile.Unique(filepath.Join(dir, name)) }

// fileExists reports whether p exists.
func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
