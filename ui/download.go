package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/adrg/xdg"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// partSuffix marks a download in progress. A cancelled or failed download leaves it, and
// the next attempt resumes from its size (the service sends "Range: bytes=<size>-").
const partSuffix = ".part"

// download saves recording file fileID at dest: it appends to dest+".part" from the
// part's current size on, and renames the part to dest once complete. progress gets the
// bytes done (the resumed offset included) and the total (-1 when unknown).
//
// The folder is created when missing (a fresh account may have no Downloads folder yet).
// A failure before the first byte removes the empty part again, so nothing offers to
// resume a download that never started.
func download(ctx context.Context, api service.API, fileID, dest string, progress func(done, total int64)) error {
	if err := os.MkdirAll(filepath.Dir(dest), 0o700); err != nil {
		return fmt.Errorf("ui: download: %w", err)
	}
	part := dest + partSuffix
	f, err := os.OpenFile(part, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("ui: download: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("ui: download: %w", err)
	}
	err = api.Download(ctx, fileID, f, info.Size(), progress)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		if partSize(dest) == 0 {
			os.Remove(part)
		}
		return fmt.Errorf("ui: download: %w", err)
	}
	if err := os.Rename(part, dest); err != nil {
		return fmt.Errorf("ui: download: %w", err)
	}
	return nil
}

// DownloadDir returns the folder recordings are saved to: the user's Downloads folder as
// the platform defines it — on Linux and the BSDs $XDG_DOWNLOAD_DIR, then XDG_DOWNLOAD_DIR
// in $XDG_CONFIG_HOME/user-dirs.dirs (a localized name such as ~/Téléchargements), then
// ~/Downloads; the Downloads known folder on Windows; ~/Downloads on macOS. It may not
// exist yet: download creates it.
func DownloadDir() string {
	xdg.Reload() // read the environment now, not at program start
	if d := xdg.UserDirs.Download; d != "" {
		return d
	}
	return filepath.Join(xdg.Home, "Downloads")
}

// partSize is the size of dest's .part file, 0 when there is none.
func partSize(dest string) int64 {
	info, err := os.Stat(dest + partSuffix)
	if err != nil {
		return 0
	}
	return info.Size()
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

// uniquePath returns dir/name, or dir/"name (2).ext" and so on when a file of that name
// exists already (a finished earlier download is never overwritten).
func uniquePath(dir, name string) string {
	p := filepath.Join(dir, name)
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 2; fileExists(p) && i < 1000; i++ {
		p = filepath.Join(dir, fmt.Sprintf("%s (%d)%s", base, i, ext))
	}
	return p
}

// fileExists reports whether p exists.
func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
