package ctl

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/internal/savefile"
)

// download writes a recording file to --out (default: the file ID in the current
// directory). Bytes go to PATH.part (0600) first, which a later run resumes from its size
// (an HTTP Range request); PATH.part becomes PATH when complete, or "PATH (2)" when PATH
// exists: a file is never replaced (savefile).
func (a *app) download(args []string) error {
	fs := a.flagSet("download")
	out := fs.String("out", "", "where to save the file (default: FILE_ID in the current directory)")
	pos, err := a.subFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] == "" {
		return usagef("download takes one FILE_ID")
	}
	id := pos[0]
	path := *out
	if path == "" {
		path = safeName(id)
	}
	api, err := a.service()
	if err != nil {
		return err
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

// safeName turns a file ID into a file name in the current directory.
func safeName(id string) string {
	name := strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == 0 {
			return '_'
		}
		return r
	}, id)
	if name == "." || name == ".." {
		name = "_" + name
	}
	return filepath.Clean(name)
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
		fmt.Fprintf(p.w, "\r%s downloaded", size(p.done))
		return
	}
	const width = 30
	n := int(p.done * width / p.total)
	bar := strings.Repeat("#", n) + strings.Repeat(".", width-n)
	fmt.Fprintf(p.w, "\r[%s] %3d%%  %s / %s", bar, p.done*100/p.total, size(p.done), size(p.total))
}

func (p *progress) printLine() {
	if p.total > 0 {
		fmt.Fprintf(p.w, "%d%% (%s of %s)\n", p.done*100/p.total, size(p.done), size(p.total))
		return
	}
	fmt.Fprintf(p.w, "%s downloaded\n", size(p.done))
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
