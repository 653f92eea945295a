//go:build !linux

package netwatch

import "context"

// Run returns ErrUnsupported at once: on this system a pending retry waits for its backoff,
// the next start, or a wake from suspend.
func Run(ctx context.Context, changed func()) error { return ErrUnsupported }
