package ui

import (
	"context"
	"errors"
	"net/url"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/ui/text"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// recordingFileRow is one recording file: kind, size and length, Play, and Download with a
// progress bar, Cancel and resume. Files Zoom is still recording or processing have no
// Download.
type recordingFileRow struct {
	File zoomapi.RecordingFile
	// Key names the file for Download (zoomapi.Recording.FileKey): TIMELINE and CC files
	// have no id.
	Key string
	// Play opens play_url; nil unless the file is audio or video (MP4, M4A) with one.
	Play *widget.Button
	// Open opens the saved file and Folder the folder it is in; shown once it is saved.
	Open, Folder *widget.Button
	// Download saves (or resumes, or saves again) the file; nil while processing.
	Download, Cancel *widget.Button
	Progress         *widget.ProgressBar
	Status           *widget.Label
	// Path is where the file is saved.
	Path    string
	Content fyne.CanvasObject

	e      *env
	cancel context.CancelFunc // the running download; UI goroutine
	done   chan struct{}      // closed when the running download's job returns
}

// newFileRow builds the row of file f of recording rec.
func newFileRow(e *env, rec zoomapi.Recording, f zoomapi.RecordingFile) *recordingFileRow {
	fr := &recordingFileRow{e: e, File: f, Key: rec.FileKey(f), Path: filepath.Join(e.downloadDir, fileName(rec, f))}
	fr.Status = widget.NewLabel("")
	fr.Progress = widget.NewProgressBar()
	fr.Progress.Hide()
	info := widget.NewLabel(fileInfo(f))
	buttons := container.NewHBox()
	if playable(f) {
		fr.Play = widget.NewButtonWithIcon("Play", theme.MediaPlayIcon(), fr.play)
		buttons.Add(fr.Play)
	}
	fr.Open = widget.NewButtonWithIcon("Open", theme.FileIcon(), func() { fr.openLocal(fr.Path) })
	fr.Folder = widget.NewButtonWithIcon("Show in folder", theme.FolderOpenIcon(),
		func() { fr.openLocal(filepath.Dir(fr.Path)) })
	fr.Open.Hide()
	fr.Folder.Hide()
	buttons.Add(fr.Open)
	buttons.Add(fr.Folder)
	switch {
	case f.InProgress():
		fr.Status.SetText("Still recording")
	case !f.Ready() || fr.Key == "":
		fr.Status.SetText("Processing at Zoom")
	default:
		fr.Download = widget.NewButtonWithIcon("Download", theme.DownloadIcon(), fr.Start)
		fr.Cancel = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), fr.Stop)
		fr.Cancel.Hide()
		buttons.Add(fr.Download)
		buttons.Add(fr.Cancel)
		fr.showIdle()
	}
	fr.Content = container.NewBorder(nil, nil, container.NewHBox(info, fr.Status), buttons, fr.Progress)
	return fr
}

// fileInfo is "MP4 · 12.3 MB · 42:10": a size only when Zoom sent one (TIMELINE and CC
// files, a file being recorded have none), the length only for audio and video, whose
// length is their own (a chat or a transcript has none).
func fileInfo(f zoomapi.RecordingFile) string {
	if f.InProgress() {
		return "Recording"
	}
	parts := []string{f.FileType}
	if f.FileSize > 0 {
		parts = append(parts, text.Size(int64(f.FileSize)))
	}
	if d := humanDuration(f); d != "" && isMedia(f) {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

// isMedia reports whether f is audio or video.
func isMedia(f zoomapi.RecordingFile) bool {
	switch strings.ToUpper(f.FileType) {
	case "MP4", "M4A":
		return true
	}
	return false
}

// playable reports whether Zoom's player can play f: audio or video with a play_url.
func playable(f zoomapi.RecordingFile) bool { return f.PlayURL != "" && isMedia(f) }

// openLocal opens a saved file or folder with the desktop's default application.
func (fr *recordingFileRow) openLocal(path string) {
	u := (&url.URL{Scheme: "file", Path: path}).String()
	fr.e.jobs.Go(func(context.Context) {
		if err := fr.e.openURL(u); err != nil {
			fr.e.do(func() { fr.e.banner.ShowError(err) })
		}
	})
}

// showIdle labels Download by what it will do (resume a .part, save again, or download)
// and the status line to match, and offers Open and Show in folder for a saved file.
func (fr *recordingFileRow) showIdle() {
	saved := false
	switch {
	case partSize(fr.Path) > 0:
		fr.Download.SetText("Resume")
		fr.Status.SetText("Paused — Resume continues where it stopped")
	case fileExists(fr.Path):
		fr.Download.SetText("Download again")
		fr.Status.SetText("Saved in " + filepath.Dir(fr.Path))
		saved = true
	default:
		fr.Download.SetText("Download")
		fr.Status.SetText("")
	}
	fr.Open.Hidden, fr.Folder.Hidden = !saved, !saved
}

// play opens the file's play_url in the browser.
func (fr *recordingFileRow) play() {
	u := fr.File.PlayURL
	fr.e.jobs.Go(func(context.Context) {
		if err := fr.e.openURL(u); err != nil {
			fr.e.do(func() { fr.e.banner.ShowError(err) })
		}
	})
}

// Start downloads the file on a job, resuming a .part (UI goroutine).
func (fr *recordingFileRow) Start() {
	if fr.cancel != nil {
		return
	}
	if fr.Download.Text == "Download again" {
		fr.Path = uniquePath(filepath.Dir(fr.Path), filepath.Base(fr.Path))
	}
	ctx, cancel := context.WithCancel(fr.e.jobs.ctx)
	fr.cancel, fr.done = cancel, make(chan struct{})
	fr.Download.Hide()
	fr.Open.Hide()
	fr.Folder.Hide()
	fr.Cancel.Show()
	fr.Progress.Show()
	fr.Status.SetText("Downloading")
	fr.e.notifyChanged()
	path, id, done := fr.Path, fr.Key, fr.done
	fr.e.jobs.Go(func(context.Context) {
		defer close(done)
		saved, err := download(ctx, fr.e.api, id, path, fr.progress)
		fr.e.do(func() {
			if err == nil {
				fr.Path = saved
			}
			fr.finished(err)
		})
	})
}

// Stop cancels the running download, keeping the .part for resume (UI goroutine).
func (fr *recordingFileRow) Stop() {
	if fr.cancel != nil {
		fr.cancel()
	}
}

// Done returns a channel closed when the last started download has returned, or nil.
func (fr *recordingFileRow) Done() <-chan struct{} { return fr.done }

// progress shows done of total bytes (from the download's goroutine).
func (fr *recordingFileRow) progress(done, total int64) {
	if total <= 0 {
		total = int64(fr.File.FileSize)
	}
	if total <= 0 {
		return
	}
	v := float64(done) / float64(total)
	fr.e.do(func() { fr.Progress.SetValue(v) })
}

// finished shows the download's outcome (UI goroutine). The row never keeps saying
// "Downloading" once the job has returned: a failure says so in the row, and the banner
// says why and what to do.
func (fr *recordingFileRow) finished(err error) {
	fr.cancel = nil
	fr.Cancel.Hide()
	fr.Download.Show()
	fr.Progress.Hide()
	fr.showIdle() // the button and the status line say the same: Resume, Download again…
	fr.e.notifyChanged()
	switch {
	case err == nil:
		fr.e.say("Saved " + filepath.Base(fr.Path))
	case errors.Is(err, context.Canceled):
	default:
		if partSize(fr.Path) == 0 {
			fr.Status.SetText("Download failed")
		}
		fr.e.banner.ShowError(err)
	}
}
