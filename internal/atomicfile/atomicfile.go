// Package atomicfile replaces small private files (tokens, settings, caches) so that a
// reader or a crash sees either the old or the new content, never a mix.
package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
)

// Write replaces path with data: it creates the directory (0700) when missing, writes a
// temporary file in the same directory (mode 0600, as os.CreateTemp makes it), syncs and
// closes it, renames it over path and syncs the directory so the rename is durable. On
// failure the temporary file is removed and the old file is left as it was.
//
// beforeRename, when not nil, runs after the temporary file is synced and before the
// rename; an error from it aborts the write (tests use it to fail a write midway).
func Write(path string, data []byte, beforeRename func() error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := writeSync(tmp, data); err != nil {
		return err
	}
	if beforeRename != nil {
		if err := beforeRename(); err != nil {
			return err
		}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// writeSync writes data to f, syncs and closes it.
func writeSync(f *os.File, data []byte) error {
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	return f.Close()
}

// syncDir makes a rename in dir durable. Windows cannot open directories for syncing.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
