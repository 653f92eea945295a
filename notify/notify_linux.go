//go:build linux || freebsd || openbsd || netbsd

package notify

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/godbus/dbus/v5"
)

// Desktop Notifications Specification 1.2: the service, its object and interface.
const (
	busName   = "org.freedesktop.Notifications"
	objPath   = "/org/freedesktop/Notifications"
	iface     = "org.freedesktop.Notifications"
	expireMs  = -1 // the server's default timeout
	callLimit = 5 * time.Second
)

// Notify shows a notification with title and body and one button per key of actions (the
// key is also the button's label). It blocks until the user picks an action (its function
// runs, on Notify's goroutine), the notification is closed (ActionInvoked and
// NotificationClosed signals), or ctx is done; run it on a goroutine of its own. Without a
// session bus or a notification daemon it returns an error wrapping ErrUnavailable at once.
func Notify(ctx context.Context, title, body string, actions map[string]func()) error {
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	defer conn.Close()
	signals := make(chan *dbus.Signal, 8)
	conn.Signal(signals)
	if err := conn.AddMatchSignal(dbus.WithMatchObjectPath(objPath), dbus.WithMatchInterface(iface)); err != nil {
		return fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	id, err := send(ctx, conn, title, body, actions)
	if err != nil {
		return err
	}
	return wait(ctx, signals, id, actions)
}

// send calls the Notify method; the action list alternates keys and labels.
func send(ctx context.Context, conn *dbus.Conn, title, body string, actions map[string]func()) (uint32, error) {
	keys := make([]string, 0, len(actions))
	for k := range actions {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var list []string
	for _, k := range keys {
		list = append(list, k, k)
	}
	cctx, cancel := context.WithTimeout(ctx, callLimit)
	defer cancel()
	var id uint32
	call := conn.Object(busName, objPath).CallWithContext(cctx, iface+".Notify", 0,
		AppName, uint32(0), "", title, body, list, map[string]dbus.Variant{}, int32(expireMs))
	if err := call.Store(&id); err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return id, nil
}

// wait runs the invoked action of notification id, or returns when it closes or ctx ends.
func wait(ctx context.Context, signals <-chan *dbus.Signal, id uint32, actions map[string]func()) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case sig, ok := <-signals:
			if !ok {
				return nil
			}
			if len(sig.Body) < 2 || sig.Body[0] != id {
				continue
			}
			switch sig.Name {
			case iface + ".ActionInvoked":
				if key, _ := sig.Body[1].(string); actions[key] != nil {
					actions[key]()
				}
				return nil
			case iface + ".NotificationClosed":
				return nil
			}
		}
	}
}
