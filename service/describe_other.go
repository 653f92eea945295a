//go:build !unix

package service

// isQuota reports whether err is an exceeded disk quota; Windows reports a full disk
// (ENOSPC) instead.
func isQuota(error) bool { return false }
