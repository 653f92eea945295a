//go:build !(linux || freebsd || openbsd || netbsd)

package notify

import "context"

// Notify is a no-op on this OS for now: it returns ErrUnavailable, and the agent carries
// on without notifications (the tray tooltip still names the next meeting).
func Notify(ctx context.Context, title, body string, actions map[string]func()) error {
	return ErrUnavailable
}
