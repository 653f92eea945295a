//go:build linux || freebsd || openbsd || netbsd

package agent

import (
	"context"
	"time"

	"github.com/godbus/dbus/v5"
)

// desktop probes the session bus. fyne.io/systray panics on quit without one (nil
// dbus.Conn in nativeEnd), so the agent starts the tray only when bus is true. host
// reports whether a tray host (org.kde.StatusNotifierWatcher) runs; without one the item
// is still exported (a host may come later) but the agent also opens its window.
func desktop(getenv func(string) string) (bus, host bool) {
	if getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		return false, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return false, false
	}
	defer conn.Close()
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0,
		"org.kde.StatusNotifierWatcher").Store(&host)
	return true, err == nil && host
}
