package ui

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/zoomapi"
)

// FileRow is one recording file: kind, size and length, Play, and Download with a
// progress bar, Cancel and resume. Files Zoom is still processing have no Download.
type FileRow struct {
	File zoomapi.RecordingFile
	// Play opens play_url; nil when the file has none (e.g. TIMELINE).
	Play *widget.Button
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
func newFileRow(e *env, rec zoomapi.Recording, f zoomapi.RecordingFile) *FileRow {
	fr := &FileRow{e: e, File: f, Path: filepath.Join(e.downloadDir, fileName(rec, f))}
	fr.Status = widget.NewLabel("")
	fr.Progress = widget.NewProgressBar()
	fr.Progress.Hide()
	info := widget.NewLabel(fileInfo(f))
	buttons := container.NewHBox()
	if f.PlayURL != "" {
		fr.Play = widget.NewButtonWithIcon("Play", theme.MediaPlayIcon(), fr.play)
		buttons.Add(fr.Play)
	}
	if f.Status == "processing" {
		fr.Status.SetText("Processing at Zoom")
	} else {
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

// fileInfo is "MP4 · 12.3 MB · 42:10".
func fileInfo(f zoomapi.RecordingFile) string {
	parts := []string{f.FileType, humanSize(int64(f.FileSize))}
	if d := humanDuration(f); d != "" {
		parts = append(parts, d)
	}
	return strings.Join(parts, " · ")
}

// showIdle labels Download by what it will do: resume a .part, save again, or download.
func (fr *FileRow) showIdle() {
	switch {
	case partSize(fr.Path) > 0:
		fr.Download.SetText("Resume")
		fr.Status.SetText("Partly downloaded")
	case fileExists(fr.Path):
		fr.Download.SetText("Download again")
		fr.Status.SetText("Saved in " + filepath.Dir(fr.Path))
	default:
		fr.Download.SetText("Download")
	}
}

// play opens the file's play_url in the browser.
func (fr *FileRow) play() {
	u := fr.File.PlayURL
	fr.e.jobs.Go(func(context.Context) {
		if err := fr.e.openURL(u); err != nil {
			fr.e.do(func() { fr.e.banner.ShowError(err) })
		}
	})
}

// Start downloads the file on a job, resuming a .part (UI goroutine).
func (fr *FileRow) Start() {
	if fr.cancel != nil {
		return
	}
	if fr.Download.Text == "Download again" {
		fr.Path = uniquePath(filepath.Dir(fr.Path), filepath.Base(fr.Path))
	}
	ctx, cancel := context.WithCancel(fr.e.jobs.ctx)
	fr.cancel, fr.done = cancel, make(chan struct{})
	fr.Download.Hide()
	fr.Cancel.Show()
	fr.Progress.Show()
	fr.Status.SetText("Downloading")
	path, id, done := fr.Path, fr.File.ID, fr.done
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
func (fr *FileRow) Stop() {
	if fr.cancel != nil {
		fr.cancel()
	}
}

// Done returns a channel closed when the last started download has returned, or nil.
func (fr *FileRow) Done() <-chan struct{} { return fr.done }

// progress shows done of total bytes (from the download's goroutine).
func (fr *FileRow) progress(done, total int64) {
	if total <= 0 {
		total = int64(fr.File.FileSize)
	}
	if total <= 0 {
		return
	}
	v := float64(done) / float64(total)
	fr.e.do(func() { fr.Progress.SetValue(v) })
}

// finished shows the download's outcome (UI goroutine).
func (fr *FileRow) finished(err error) {
	fr.cancel = nil
	fr.Cancel.Hide()
	fr.Download.Show()
	fr.Progress.Hide()
	fr.showIdle()
	switch {
	case err == nil:
		fr.Status.SetText("Saved in " + filepath.Dir(fr.Path))
	case errors.Is(err, context.Canceled):
		fr.Status.SetText("Paused — Resume continues where it stopped")
	default:
		fr.e.banner.ShowError(err)
	}
}
