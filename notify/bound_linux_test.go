//go:build linux

package notify

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// CloseNotification implements org.freedesktop.Notifications.CloseNotification on the
// fake daemon, recording ["close", id].
func (d *fakeDaemon) CloseNotification(id uint32) *dbus.Error {
	d.calls <- []string{"close", fmt.Sprint(id)}
	return nil
}

// TestNotifyBounded checks an unanswered notification does not hold its goroutine and bus
// connection forever (GNOME may never send NotificationClosed): with or without buttons,
// Notify returns after its bound and withdraws the notification.
func TestNotifyBounded(t *testing.T) {
	tests := []struct {
		name      string
		actions   map[string]func()
		wantClose bool
	}{
		{name: "no buttons", wantClose: true},
		{name: "unanswered buttons", actions: map[string]func(){"Join": func() {}}, wantClose: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := startDaemon(t, func(*fakeDaemon, uint32) {}) // never answers with a signal
			got := make(chan []string, 4)                     // drains d.calls so the daemon never blocks
			stop := make(chan struct{})
			t.Cleanup(func() { close(stop) })
			go func() {
				for {
					select {
					case c := <-d.calls:
						got <- c
					case <-stop:
						return
					}
				}
			}()
			// The caller's context never ends: only notify's own bound can end the wait.
			if err := notify(context.Background(), "t", "b", tt.actions, 1); err != nil {
				t.Fatalf("notify: got %v, want nil", err)
			}
			<-got // the Notify call, made before notify returned
			var closed []string
			if tt.wantClose { // withdraw's call returned before notify did
				select {
				case closed = <-got:
				case <-time.After(10 * time.Second):
				}
			} else {
				select {
				case closed = <-got:
				default:
				}
			}
			if gotClose := closed != nil; gotClose != tt.wantClose {
				t.Errorf("CloseNotification: got %q, want called %v", closed, tt.wantClose)
			}
			if tt.wantClose && closed[1] != "7" {
				t.Errorf("closed id: got %s, want 7", closed[1])
			}
		})
	}
}
