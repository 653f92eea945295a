//go:build unix

package service

import (
	"errors"
	"syscall"
)

// isQuota reports whether err is an exceeded disk quota (EDQUOT).
func isQuota(err error) bool { return errors.Is(err, syscall.EDQUOT) }
