// Package notify shows desktop notifications with action buttons. On Linux and the BSDs it
// speaks the freedesktop Desktop Notifications protocol (org.freedesktop.Notifications on
// the session bus) directly; on other systems it is a documented no-op for now (no
// maintained notification library is available in the module proxy here).
package notify

import "errors"

// ErrUnavailable means no notification service answers (no session bus, or no
// notification daemon on it). Callers carry on without notifications.
var ErrUnavailable = errors.New("notify: no notification service")

// AppName is the application name sent with each notification.
const AppName = "zoomtray"
