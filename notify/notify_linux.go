//go:build linux || freebsd || openbsd || netbsd

package notify

import (
	"context"
	"errors"
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
	// waitLimit bounds how long Notify waits for an answer: GNOME keeps unanswered
	// notifications in its tray and may never send NotificationClosed, and each wait holds a
	// goroutine and a session-bus connection. Two hours covers a meeting reminder's use.
	waitLimit = 2 * time.Hour
)

// Notify shows a notification with title and body and one button per key of actions (the
// key is also the button's label), and blocks until it is gone: the user picks a button
// (its function runs, on Notify's goroutine), the notification is closed (ActionInvoked
// and NotificationClosed signals), ctx is done, or two hours pass (waitLimit). In the last
// two cases Notify withdraws it with CloseNotification: after a sign-out (the caller's
// context ends) nothing of the previous account stays on screen, and a button whose agent
// stopped would do nothing. It returns ctx.Err() when ctx ended it, else nil; run it on a
// goroutine of its own. The session-bus connection is closed on return. Without a session
// bus or a notification daemon it returns an error wrapping ErrUnavailable at once.
func Notify(ctx context.Context, title, body string, actions map[string]func()) error {
	return notify(ctx, title, body, actions, waitLimit)
}

// notify is Notify with the wait bounded by limit.
func notify(ctx context.Context, title, body string, actions map[string]func(), limit time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err // the account it was for has gone
	}
	// The connection outlives ctx (godbus closes a connection when its context ends), so
	// that the notification can still be withdrawn after ctx is done; defer closes it.
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(context.WithoutCancel(ctx)))
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
	wctx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	err = wait(wctx, signals, id, actions)
	if err != nil { // not answered: the caller's context or our bound ended the wait
		withdraw(conn, id)
	}
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil { // our bound, not the caller's
		return nil
	}
	return err
}

// withdraw closes notification id (CloseNotification), best effort, on a context of its
// own: the caller's may be the one that just ended.
func withdraw(conn *dbus.Conn, id uint32) {
	ctx, cancel := context.WithTimeout(context.Background(), callLimit)
	defer cancel()
	_ = conn.Object(busName, objPath).CallWithContext(ctx, iface+".CloseNotification", 0, id).Err
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
	// Not cut short by ctx: a notification shown while ctx ends must still get its id, so
	// that it can be withdrawn.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callLimit)
	defer cancel()
	var id uint32
	call := conn.Object(busName, objPath).CallWithContext(cctx, iface+".Notify", 0,
		AppName, uint32(0), "", title, body, list, hints(), int32(expireMs))
	if err := call.Store(&id); err != nil {
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		return 0, fmt.Errorf("%w: %v", ErrUnavailable, err)
	}
	return id, nil
}

// imageData is the "image-data" hint of the Desktop Notifications Specification 1.2,
// D-Bus type (iiibiiay): 8-bit RGBA rows, not premultiplied.
type imageData struct {
	Width, Height, Rowstride int32
	HasAlpha                 bool
	BitsPerSample, Channels  int32
	Data                     []byte
}

// hints carries the app icon as raw pixels ("image-data"), which servers show whatever
// icon theme is installed; an app_icon name would need an installed theme icon.
func hints() map[string]dbus.Variant {
	img := appIcon()
	if img == nil {
		return map[string]dbus.Variant{}
	}
	b := img.Bounds()
	return map[string]dbus.Variant{"image-data": dbus.MakeVariant(imageData{
		Width: int32(b.Dx()), Height: int32(b.Dy()), Rowstride: int32(img.Stride), HasAlpha: true,
		BitsPerSample: 8, Channels: 4, Data: img.Pix,
	})}
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
