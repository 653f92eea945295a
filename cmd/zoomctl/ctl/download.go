package ctl

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// download writes a recording file to --out (default: the file ID in the current
// directory). Bytes go to PATH.part first, which a later run resumes from its size
// (an HTTP Range request); PATH.part becomes PATH when complete.
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
	part := path + ".part"
	f, offset, err := openPart(part)
	if err != nil {
		return err
	}
	p := a.newProgress()
	err = api.Download(a.ctx, id, f, offset, p.update)
	p.finish(err == nil)
	if cerr := f.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("save %s: %w", part, cerr)
	}
	if err != nil {
		fmt.Fprintf(a.env.Stderr, "zoomctl: the partial download stays in %s; run the command again to resume.\n", part)
		return err
	}
	if err := os.Rename(part, path); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	fmt.Fprintf(a.env.Stdout, "Saved %s.\n", path)
	return nil
}

// openPart opens PATH.part for appending and returns its size, the offset to resume from.
func openPart(part string) (*os.File, int64, error) {
	f, err := os.OpenFile(part, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, 0, fmt.Errorf("open %s: %w", part, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("open %s: %w", part, err)
	}
	return f, fi.Size(), nil
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
