package ctl

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/zoomtray/zoomtray/internal/savefile"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/ui/text"
)

// download writes a recording file to --out (default: the name the window gives it, with
// the file's own extension, in the current directory). Bytes go to PATH.part (0600) first,
// which a later run resumes from its size (an HTTP Range request); PATH.part becomes PATH
// when complete, or "PATH (2)" when PATH exists: a file is never replaced (savefile).
//
// Nothing is written before Zoom answers with the file: an unknown file, a signed-out
// session or a missing folder leave no empty PATH.part behind, and only a part that holds
// bytes is offered for resuming.
func (a *app) download(args []string) error {
	fs := a.flagSet("download")
	out := fs.String("out", "", "where to save the file (default: its date, topic and type in the current directory)")
	pos, err := a.subFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] == "" {
		return usagef("download takes one FILE_ID")
	}
	id, path := pos[0], *out
	if path != "" {
		if err := checkFolder(path); err != nil {
			return err
		}
	}
	api, err := a.ready()
	if err != nil {
		return err
	}
	if path == "" {
		if path, err = a.defaultName(api, id); err != nil {
			return err
		}
	}
	p := a.newProgress()
	saved, err := savefile.Save(path, func(w io.Writer, offset int64) error {
		return api.Download(a.ctx, id, w, offset, p.update)
	})
	p.finish(err == nil)
	if err != nil {
		if savefile.PartSize(path) > 0 {
			fmt.Fprintf(a.env.Stderr, "zoomctl: the partial download stays in %s; run the command again to resume.\n", savefile.Part(path))
		}
		return err
	}
	fmt.Fprintf(a.env.Stdout, "Saved %s.\n", saved)
	return nil
}

// checkFolder fails, as a local file error, when path's folder does not exist or is not a
// folder: said before Zoom is asked for anything.
func checkFolder(path string) error {
	fi, err := os.Stat(filepath.Dir(path))
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe): // name the file to be saved, not its folder
		return fmt.Errorf("save %s: %w", path, &fs.PathError{Op: "open", Path: path, Err: pe.Err})
	case err != nil:
		return fmt.Errorf("save %s: %w", path, err)
	case !fi.IsDir():
		return fmt.Errorf("save %s: %w", path, &fs.PathError{Op: "open", Path: path, Err: syscall.ENOTDIR})
	}
	return nil
}

// defaultName is the name the window saves file id under (savefile.Name), in the current
// directory. The file is looked up among the recordings of the last year, which also tells
// an unknown ID (KindNotFound) before anything is written.
func (a *app) defaultName(api service.API, id string) (string, error) {
	now := time.Now()
	recs, err := api.Recordings(a.ctx, now.AddDate(-1, 0, 0), now)
	if err != nil {
		return "", err
	}
	for _, r := range recs {
		for _, f := range r.Files {
			if f.ID == id || r.FileKey(f) == id {
				return savefile.Name(r, f, time.Local), nil
			}
		}
	}
	return "", &service.ErrorInfo{Kind: service.KindNotFound, Message: "recording file " + id + " not found"}
}

// progress shows a download's progress on stderr: a bar redrawn in place on a terminal,
// otherwise a line per 10 percent (or per 10 MB when the size is unknown).
type progress struct {
	w        io.Writer
	tty      bool
	last     time.Time
	lastStep int64
	done     int64
	total    int64
	drawn    bool
}

func (a *app) newProgress() *progress {
	return &progress{w: a.env.Stderr, tty: a.env.IsTerminal(a.env.Stderr), lastStep: -1}
}

func (p *progress) update(done, total int64) {
	p.done, p.total = done, total
	if p.tty {
		if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || done == total {
			p.last = now
			p.drawBar()
		}
		return
	}
	step := done / (10 << 20)
	if total > 0 {
		step = done * 10 / total
	}
	if step != p.lastStep {
		p.lastStep = step
		p.printLine()
	}
}

// drawBar redraws "[#####.....]  50%  1.0 MB / 2.0 MB" in place.
func (p *progress) drawBar() {
	p.drawn = true
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\r%s downloaded", text.Size(p.done))
		return
	}
	const width = 30
	n := int(p.done * width / p.total)
	bar := strings.Repeat("#", n) + strings.Repeat(".", width-n)
	fmt.Fprintf(p.w, "\r[%s] %3d%%  %s / %s", bar, p.done*100/p.total, text.Size(p.done), text.Size(p.total))
}

func (p *progress) printLine() {
	if p.total > 0 {
		fmt.Fprintf(p.w, "%d%% (%s of %s)\n", p.done*100/p.total, text.Size(p.done), text.Size(p.total))
		return
	}
	fmt.Fprintf(p.w, "%s downloaded\n", text.Size(p.done))
}

// finish ends the bar's line.
func (p *progress) finish(ok bool) {
	if p.tty && p.drawn {
		if ok {
			p.drawBar()
		}
		fmt.Fprintln(p.w)
	}
}
