package desktop

import (
	"context"
	"time"

	"github.com/godbus/dbus/v5"
)

// TrayHostName is the bus name of the host that shows StatusNotifierItem tray icons (KDE,
// GNOME with the AppIndicator extension, most panels).
const TrayHostName = "org.kde.StatusNotifierWatcher"

// TrayHost reports whether a tray host owns TrayHostName on bus.
func TrayHost(ctx context.Context, bus *dbus.Conn) (bool, error) {
	var owned bool
	err := bus.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, TrayHostName).Store(&owned)
	return owned, err
}

// Tray probes where a tray icon can go. bus reports a session bus: fyne.io/systray panics
// on quit without one (nil dbus.Conn in nativeEnd), so a tray starts only when bus is
// true. host reports a tray host: without one an icon is still exported (a host may come
// later) but nobody sees it. Windows and macOS always have a notification area.
func (e Env) Tray() (bus, host bool) {
	if e.alwaysDesktop() {
		return true, true
	}
	addr := e.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		return false, false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	// The address of e's environment, not the process's (ConnectSessionBus reads that).
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return false, false
	}
	defer conn.Close()
	host, err = TrayHost(ctx, conn)
	return true, err == nil && host
}
