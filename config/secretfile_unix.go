//go:build unix

package config

import (
	"fmt"
	"io/fs"
)

// checkPrivate refuses a file with any group or other permission bit.
func checkPrivate(path string, fi fs.FileInfo) error {
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s can be read by other users (mode %04o): run chmod 600 on it", path, perm)
	}
	return nil
}
