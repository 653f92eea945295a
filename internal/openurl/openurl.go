// Package openurl opens links in the user's browser without putting them on a command
// line. Every local user can read every process's command line (/proc/PID/cmdline, ps),
// and a browser that was not running keeps its first URL in its own argv for as long as
// it runs. The links zoomtray opens carry secrets: the authorize URL holds the OAuth state
// and PKCE challenge, a start link holds a ZAK. So Open writes a small HTML page that
// redirects to the link into a private directory (0700, the file 0600) and opens that
// page: the launcher's and the browser's argv hold only the page's path.
package openurl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/childenv"
)

// Keep is how long a redirect page stays on disk: long enough for a browser that is
// starting up to read it, short enough that a start link's ZAK (valid 5 minutes) does not
// outlive its use there. Pages of processes that exited sooner are removed by the next
// Open.
const Keep = 2 * time.Minute

// pagePattern names the redirect pages in Opener.Dir.
const pagePattern = "open-*.html"

// Opener opens links through redirect pages in Dir. The zero value is not usable: set Dir
// (the runtime directory of zoomtray, config.Dirs.Runtime).
type Opener struct {
	// Dir holds the redirect pages. It is created 0700; Open refuses a directory that
	// another user could read or that another user owns.
	Dir string
	// Launched, when set, tracks the launchers Open starts until they exit, so that their
	// owner can wait for them when it stops. Nil: they are reaped unseen.
	Launched *Launched

	// launch starts the program that opens target (a file:// URL) and returns once it
	// started, with a wait that returns when it exits (test seam). Default: $BROWSER,
	// else the platform's launcher.
	launch func(target string) (wait func() error, err error)
	// now is the clock for removing old pages (test seam). Default time.Now.
	now func() time.Time
}

// page is the redirect page: a meta refresh for browsers without JavaScript and
// location.replace, which keeps the page itself out of the tab's back history.
var page = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
<meta http-equiv="refresh" content="0;url={{.}}">
<title>zoomtray</title></head>
<body><p><a href="{{.}}">Continue</a></p>
<script>location.replace({{.}});</script></body></html>
`))

// Open opens u in the browser without u on any command line, and returns once the
// launcher started (a launcher such as xdg-open may run until the browser exits).
func (o Opener) Open(u string) error {
	if o.Dir == "" {
		return errors.New("openurl: no directory for the redirect page")
	}
	if err := privateDir(o.Dir); err != nil {
		return fmt.Errorf("openurl: %w", err)
	}
	o.sweep()
	path, err := o.writePage(u)
	if err != nil {
		return fmt.Errorf("openurl: %w", err)
	}
	time.AfterFunc(Keep, func() { _ = os.Remove(path) })
	launch := o.launch
	if launch == nil {
		launch = launchDefault
	}
	wait, err := launch(fileURL(path))
	if err != nil {
		_ = os.Remove(path)
		return fmt.Errorf("openurl: %w", err)
	}
	o.Launched.reap(wait)
	return nil
}

// Launched tracks the launchers that Opener.Open started until they exit. A launcher such
// as xdg-open may run until the browser exits; Wait bounds how long its owner waits.
// The zero value is ready to use.
type Launched struct {
	wg sync.WaitGroup
}

// reap waits for a launcher on a goroutine that l tracks; a nil l reaps it untracked.
func (l *Launched) reap(wait func() error) {
	if wait == nil {
		return
	}
	if l == nil {
		go func() { _ = wait() }()
		return
	}
	l.wg.Go(func() { _ = wait() })
}

// Wait returns once every launcher started so far has exited, or with ctx.Err() when ctx
// is done first. It never stops a launcher: one that became the browser (a $BROWSER
// command) is the user's browser now.
func (l *Launched) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() {
		l.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// writePage writes the redirect page to u into a new 0600 file and returns its path.
func (o Opener) writePage(u string) (string, error) {
	var buf bytes.Buffer
	if err := page.Execute(&buf, template.URL(u)); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(o.Dir, pagePattern) // mode 0600
	if err != nil {
		return "", err
	}
	_, werr := f.Write(buf.Bytes())
	if err := errors.Join(werr, f.Close()); err != nil {
		_ = os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// sweep removes redirect pages older than Keep, left by processes that exited.
func (o Opener) sweep() {
	now := time.Now
	if o.now != nil {
		now = o.now
	}
	old, _ := filepath.Glob(filepath.Join(o.Dir, pagePattern))
	for _, p := range old {
		if fi, err := os.Lstat(p); err == nil && now().Sub(fi.ModTime()) > Keep {
			_ = os.Remove(p)
		}
	}
}

// privateDir creates dir 0700 and checks that no other user can read or replace it.
func privateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	if runtime.GOOS == "windows" {
		return nil // ACLs, not mode bits, guard the profile directory
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("%s is open to other users (mode %v)", dir, fi.Mode().Perm())
	}
	return checkOwner(fi)
}

// fileURL is the file:// URL of an absolute path, escaped (a home directory may hold
// spaces).
func fileURL(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/... on Windows
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// launchDefault starts $BROWSER (the first of its ':'-separated commands, as xdg-open reads
// it) or the platform's launcher with target, with zoomtray's secrets removed from its
// environment. It returns cmd.Start's error (no such program), and the launcher's Wait.
func launchDefault(target string) (wait func() error, err error) {
	argv := launcher(target)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = childenv.Environ()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return cmd.Wait, nil
}

// launcher returns the command line that opens target.
func launcher(target string) []string {
	if b, _, _ := strings.Cut(os.Getenv("BROWSER"), ":"); strings.TrimSpace(b) != "" {
		return append(strings.Fields(b), target)
	}
	return handler(runtime.GOOS, target)
}

// errNotOwner reports a directory owned by another user.
var errNotOwner = errors.New("directory is owned by another user")

// Open opens u through the runtime directory of zoomtray's default namespace, for callers
// that know no directory of their own (a notification's Join).
func Open(u string) error {
	d, err := config.Paths(config.DefaultNamespace)
	if err != nil {
		return fmt.Errorf("openurl: %w", err)
	}
	return Opener{Dir: d.Runtime}.Open(u)
}

// Handler hands u to the desktop's handler of its scheme (xdg-open, open, the Windows URL
// handler) and never to $BROWSER, with zoomtray's secrets removed from its environment.
// Kiosk mode starts meetings this way with a zoommtg:// link, so the shared computer's
// browser never sees it and keeps no history of it. The handler gets u on its command
// line: the Zoom client reads its link only from there. The ZAK in it lives 5 minutes.
// It returns cmd.Start's error; l (nil: none) tracks the handler until it exits.
func Handler(u string, l *Launched) error {
	argv := handler(runtime.GOOS, u)
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = childenv.Environ()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("openurl: %w", err)
	}
	l.reap(cmd.Wait)
	return nil
}

// handler returns the command line that hands u to its scheme's handler on goos.
func handler(goos, u string) []string {
	switch goos {
	case "windows":
		return []string{"rundll32", "url.dll,FileProtocolHandler", u}
	case "darwin":
		return []string{"open", u}
	}
	return []string{"xdg-open", u}
}

// RemovePages deletes every redirect page in dir at once: after a sign-out nothing of the
// previous user's links may stay on disk, not even for the two minutes of Keep.
func RemovePages(dir string) error {
	if dir == "" {
		return nil
	}
	pages, err := filepath.Glob(filepath.Join(dir, pagePattern))
	if err != nil {
		return err
	}
	var errs []error
	for _, p := range pages {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// PagePattern matches the names of the redirect pages in a directory (filepath.Match).
const PagePattern = pagePattern
