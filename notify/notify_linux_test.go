//go:build linux

package notify

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// fakeDaemon is a notification server on the test's session bus: it records each Notify
// call and answers with the signal the test asks for.
type fakeDaemon struct {
	conn  *dbus.Conn
	calls chan []string // title, body, then the action list
	hints chan map[string]dbus.Variant
	reply func(id uint32)
}

// Notify implements org.freedesktop.Notifications.Notify.
func (d *fakeDaemon) Notify(app string, replaces uint32, icon, title, body string, actions []string,
	hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	d.calls <- append([]string{title, body}, actions...)
	select {
	case d.hints <- hints:
	default:
	}
	go d.reply(7)
	return 7, nil
}

// startDaemon claims org.freedesktop.Notifications on the session bus of
// scripts/testenv.sh, which runs no real notification daemon.
func startDaemon(t *testing.T, reply func(d *fakeDaemon, id uint32)) *fakeDaemon {
	t.Helper()
	testenv.SessionBus(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	d := &fakeDaemon{conn: conn, calls: make(chan []string, 1), hints: make(chan map[string]dbus.Variant, 1)}
	d.reply = func(id uint32) { reply(d, id) }
	if err := conn.Export(d, objPath, iface); err != nil {
		t.Fatal(err)
	}
	r, err := conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	if err != nil || r != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("claim %s: reply %v, err %v", busName, r, err)
	}
	return d
}

func (d *fakeDaemon) emit(name string, args ...any) {
	_ = d.conn.Emit(objPath, iface+"."+name, args...)
}

func TestNotify(t *testing.T) {
	tests := []struct {
		name       string
		reply      func(d *fakeDaemon, id uint32)
		wantJoined bool
	}{
		{"join clicked", func(d *fakeDaemon, id uint32) { d.emit("ActionInvoked", id, "Join") }, true},
		{"other notification's action ignored", func(d *fakeDaemon, id uint32) {
			d.emit("ActionInvoked", id+1, "Join")
			d.emit("NotificationClosed", id, uint32(2))
		}, false},
		{"closed", func(d *fakeDaemon, id uint32) { d.emit("NotificationClosed", id, uint32(2)) }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := startDaemon(t, tt.reply)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			joined := false
			err := Notify(ctx, "Weekly sync in 5 min", "15:00–15:30", map[string]func(){"Join": func() { joined = true }})
			if err != nil {
				t.Fatalf("Notify: %v", err)
			}
			got := <-d.calls
			want := []string{"Weekly sync in 5 min", "15:00–15:30", "Join", "Join"}
			if len(got) != len(want) || got[0] != want[0] || got[2] != want[2] || got[3] != want[3] {
				t.Errorf("Notify call: got %q, want %q", got, want)
			}
			if joined != tt.wantJoined {
				t.Errorf("join action ran: got %v, want %v", joined, tt.wantJoined)
			}
		})
	}
}

// TestNotifyContextDone: when the caller's context ends (a sign-out, the agent stopping),
// the notification is withdrawn, with or without buttons, so nothing of the previous
// account stays on screen.
func TestNotifyContextDone(t *testing.T) {
	for _, tt := range []struct {
		name    string
		actions map[string]func()
	}{
		{"reminder with Join", map[string]func(){"Join": func() {}}},
		{"alert without buttons", nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := startDaemon(t, func(*fakeDaemon, uint32) {}) // never answers with a signal
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- Notify(ctx, "t", "b", tt.actions) }()
			<-d.calls // shown: Notify now waits for a signal
			cancel()
			select {
			case c := <-d.calls:
				if len(c) != 2 || c[0] != "close" || c[1] != "7" {
					t.Errorf("after cancel: got call %q, want CloseNotification(7)", c)
				}
			case <-time.After(10 * time.Second):
				t.Error("the notification was not withdrawn")
			}
			if err := <-done; !errors.Is(err, context.Canceled) {
				t.Errorf("got %v, want context.Canceled", err)
			}
		})
	}
}

func TestNotifyNoBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path="+t.TempDir()+"/no-bus")
	err := Notify(context.Background(), "t", "b", nil)
	if !errors.Is(err, ErrUnavailable) {
		t.Errorf("got %v, want ErrUnavailable", err)
	}
}
