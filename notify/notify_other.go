//go:build !(linux || freebsd || openbsd || netbsd)

package notify

import (
	"context"
	"fmt"

	"github.com/gen2brain/beeep"
	"github.com/zoomtray/zoomtray/assets"
)

func init() { beeep.AppName = "zoomtray" }

// Notify shows a notification through github.com/gen2brain/beeep (toast notifications on
// Windows, the Notification Center on macOS). Those backends offer no action buttons, so
// actions are not shown: the tray menu's Join item is the way in. It returns once the
// notification is handed to the system, or ctx.Err() if ctx ends first.
func Notify(ctx context.Context, title, body string, actions map[string]func()) error {
	done := make(chan error, 1)
	go func() { done <- beeep.Notify(title, body, assets.AppIcon()) }()
	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("%w: %v", ErrUnavailable, err)
		}
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
