package agent

import (
	"context"
	"log/slog"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/clipboard"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

func TestNotifier(t *testing.T) {
	start := time.Now().Add(5 * time.Minute).Truncate(time.Minute)
	tests := []struct {
		name      string
		m         zoomapi.Meeting
		wantTitle string
		wantJoin  bool
	}{
		{"with join link", zoomapi.Meeting{ID: 1, Topic: "Weekly sync", StartTime: start, JoinURL: "https://zoom.example/j/1"},
			"Weekly sync at " + start.Local().Format("15:04"), true},
		{"without join link", zoomapi.Meeting{ID: 2, Topic: "Board", StartTime: start}, "Board at " + start.Local().Format("15:04"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			var opened []string
			var gotTitle, gotBody string
			n := &notifier{ctx: context.Background(), log: slog.New(slog.DiscardHandler),
				openURL: func(u string) error { mu.Lock(); opened = append(opened, u); mu.Unlock(); return nil },
				show: func(_ context.Context, title, body string, actions map[string]func()) error {
					gotTitle, gotBody = title, body
					if join := actions["Join"]; join != nil {
						join() // the user clicks Join
					}
					return nil
				}}
			n.Notify(tt.m)
			n.Wait()
			if gotTitle != tt.wantTitle || !strings.HasPrefix(gotBody, "Starts in ") {
				t.Errorf("got title %q body %q, want %q and a body \"Starts in …\"", gotTitle, gotBody, tt.wantTitle)
			}
			if got := len(opened) == 1 && opened[0] == tt.m.JoinURL; got != tt.wantJoin {
				t.Errorf("join link opened: got %v (%q), want %v", got, opened, tt.wantJoin)
			}
		})
	}
}

// TestNotifierJoinDoesNotWait checks that Join opens links with service.OpenBrowser, which
// does not wait for the launcher: pkg/browser.OpenURL may block until the browser exits
// (xdg-open), and the agent's shutdown waits for the notifications' goroutines.
func TestNotifierJoinDoesNotWait(t *testing.T) {
	n := newNotifier(context.Background(), slog.New(slog.DiscardHandler))
	got, want := reflect.ValueOf(n.openURL).Pointer(), reflect.ValueOf(service.OpenBrowser).Pointer()
	if got != want {
		t.Errorf("notifier openURL: got func at %#x, want service.OpenBrowser (%#x)", got, want)
	}
}

// TestNotifierAlert checks a failed tray click reaches the desktop as a notification
// without buttons.
func TestNotifierAlert(t *testing.T) {
	var gotTitle, gotBody string
	var gotActions map[string]func()
	n := &notifier{ctx: context.Background(), log: slog.New(slog.DiscardHandler),
		show: func(_ context.Context, title, body string, actions map[string]func()) error {
			gotTitle, gotBody, gotActions = title, body, actions
			return nil
		}}
	n.Alert("Zoom could not be reached.", "Check your connection.")
	n.Wait()
	if gotTitle != "Zoom could not be reached." || gotBody != "Check your connection." || len(gotActions) != 0 {
		t.Errorf("got %q / %q / %d actions, want the two sentences and no buttons", gotTitle, gotBody, len(gotActions))
	}
}

// TestSignedOutTakesBackNotificationsAndClipboard: at a sign-out the agent withdraws every
// notification it showed for the account (their contexts end, and notify.Notify then calls
// CloseNotification), takes back the join link it put on the clipboard (the real X
// clipboard of the test display), and later notifications are shown again.
func TestSignedOutTakesBackNotificationsAndClipboard(t *testing.T) {
	testenv.Display(t)
	shown := make(chan context.Context, 4)
	n := &notifier{ctx: context.Background(), log: slog.New(slog.DiscardHandler),
		show: func(ctx context.Context, _, _ string, _ map[string]func()) error {
			shown <- ctx
			<-ctx.Done() // on screen until withdrawn
			return ctx.Err()
		}}
	a := &agent{notes: n, log: slog.New(slog.DiscardHandler)}
	const link = "https://zoom.us/j/123456789?pwd=abc"
	if err := a.clip.Write(context.Background(), link); err != nil {
		t.Fatal(err)
	}
	n.Notify(zoomapi.Meeting{ID: 1, Topic: "Weekly sync", StartTime: time.Now().Add(5 * time.Minute), JoinURL: link})
	n.Alert("Zoom could not be reached.", "Check your connection.")
	reminder, alert := <-shown, <-shown

	a.signedOut()
	for _, ctx := range []context.Context{reminder, alert} {
		if ctx.Err() == nil {
			t.Error("a notification of the signed-out account is still shown")
		}
	}
	n.Wait()
	if got, _ := clipboard.Read(context.Background()); strings.Contains(got, "pwd=") {
		t.Errorf("clipboard after the sign-out: %q, want the join link gone", got)
	}

	n.Alert("Signed in", "")
	if ctx := <-shown; ctx.Err() != nil {
		t.Error("a notification after the sign-out is withdrawn at once")
	}
	n.EndAccount()
	n.Wait()
}
