package savefile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// PartSuffix marks a download in progress. A cancelled or failed download leaves it, and
// the next attempt resumes from its size.
const PartSuffix = ".part"

// ErrBusy is returned when another download of the same file is writing its partial file.
var ErrBusy = errors.New("savefile: this file is being downloaded already")

// Part returns the partial file of dest. Names carry their file's Identity tag, so the
// partial file of dest only ever holds bytes of that one file.
func Part(dest string) string { return dest + PartSuffix }

// PartSize is the size of dest's partial file, 0 when there is none.
func PartSize(dest string) int64 {
	info, err := os.Lstat(Part(dest))
	if err != nil || !info.Mode().IsRegular() {
		return 0
	}
	return info.Size()
}

// Save writes a file to dest through its partial file and returns the path it was saved
// at. fetch writes the file's bytes from offset on (a resumed download starts where the
// partial file ends). A new partial file is created 0600 with O_EXCL by the first byte
// fetch writes, so two downloads never share one and a fetch that fails before any byte
// (an unknown file, a signed-out session) leaves nothing behind. When it is complete it is
// published under dest, or under "dest (2)" and so on when dest exists by then: an existing
// file is never replaced.
func Save(dest string, fetch func(w io.Writer, offset int64) error) (string, error) {
	w := &lazyPart{path: Part(dest)}
	offset, err := w.resume()
	if err != nil {
		return "", err
	}
	err = fetch(w, offset)
	if w.f == nil && err == nil { // an empty file: nothing was written
		_, err = w.Write(nil)
	}
	if cerr := w.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return publish(w.path, dest)
}

// lazyPart is a partial file opened when resuming, or reserved by the first write.
type lazyPart struct {
	path string
	f    *os.File
}

// resume opens an existing partial file and returns its size, or 0 when there is none.
func (p *lazyPart) resume() (int64, error) {
	if _, err := os.Lstat(p.path); errors.Is(err, fs.ErrNotExist) {
		return 0, nil
	}
	f, err := openPart(p.path)
	if err != nil {
		return 0, err
	}
	p.f = f
	info, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return info.Size(), nil
}

func (p *lazyPart) Write(b []byte) (int, error) {
	if p.f == nil {
		f, err := openPart(p.path)
		if err != nil {
			return 0, err
		}
		p.f = f
	}
	return p.f.Write(b)
}

func (p *lazyPart) close() error {
	if p.f == nil {
		return nil
	}
	return p.f.Close()
}

// openPart resumes the partial file (a regular file this user may write) or reserves a
// new one with O_EXCL, mode 0600.
func openPart(part string) (*os.File, error) {
	f, err := os.OpenFile(part, os.O_WRONLY|os.O_APPEND|noFollow, 0)
	if err == nil {
		if fi, serr := f.Stat(); serr != nil || !fi.Mode().IsRegular() {
			f.Close()
			return nil, fmt.Errorf("savefile: %s is not a regular file", part)
		}
		_ = f.Chmod(0o600) // an older version created partial files 0644
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	f, err = os.OpenFile(part, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, ErrBusy
	}
	return f, err
}

// publish gives the complete partial file its final name without replacing any file: a
// hard link fails when the name exists, and then the next free name is tried.
func publish(part, dest string) (string, error) {
	for i := 1; i < 1000; i++ {
		target := numbered(dest, i)
		err := os.Link(part, target)
		switch {
		case err == nil:
			return target, os.Remove(part)
		case errors.Is(err, fs.ErrExist):
			continue
		}
		// No hard links here (FAT, some network file systems): copy into a file
		// created with O_EXCL instead.
		err = copyExclusive(part, target)
		switch {
		case err == nil:
			return target, os.Remove(part)
		case errors.Is(err, fs.ErrExist):
			continue
		default:
			return "", err
		}
	}
	return "", fmt.Errorf("savefile: no free name for %s", dest)
}

// numbered is dest for i == 1, else "name (i).ext".
func numbered(dest string, i int) string {
	if i == 1 {
		return dest
	}
	ext := filepath.Ext(dest)
	return fmt.Sprintf("%s (%d)%s", strings.TrimSuffix(dest, ext), i, ext)
}

// Unique returns dest, or the first "name (i).ext" for which neither the file nor its
// partial file exists (to save a file again without touching the earlier copy).
func Unique(dest string) string {
	for i := 1; i < 1000; i++ {
		p := numbered(dest, i)
		if !exists(p) && !exists(Part(p)) {
			return p
		}
	}
	return dest
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// copyExclusive copies src into a new file dst (O_EXCL, 0600).
func copyExclusive(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(dst)
	}
	return err
}
