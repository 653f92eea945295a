package agent

import (
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// standInReminder returns reminders whose window is a shell script that saves its
// standard input to the returned file and exits with code.
func standInReminder(t *testing.T, code int) (*reminders, string) {
	t.Helper()
	dir := t.TempDir()
	got := filepath.Join(dir, "stdin.json")
	exe := filepath.Join(dir, "window")
	script := "#!/bin/sh\ncat > " + got + "\nexit " + strconv.Itoa(code) + "\n"
	if err := os.WriteFile(exe, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	r := &reminders{exe: exe, output: io.Discard, log: slog.New(slog.DiscardHandler), standIn: true}
	t.Cleanup(r.Close)
	return r, got
}

func TestReminderWindow(t *testing.T) {
	m := zoomapi.Meeting{ID: 42, Topic: "Design review", StartTime: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
		JoinURL: "https://zoom.example/j/42?pwd=x"}
	tests := []struct {
		name       string
		code       int
		wantSnooze bool
		wantNotify bool
	}{
		{"dismissed, joined or started", 0, false, false},
		{"snoozed", service.ExitSnooze, true, false},
		{"crashed: the notification instead", 2, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, stdin := standInReminder(t, tt.code)
			snoozed := make(chan time.Duration, 1)
			notified := make(chan zoomapi.Meeting, 1)
			r.fallback = func(m zoomapi.Meeting) { notified <- m }
			r.snooze = func(got zoomapi.Meeting, d time.Duration) {
				if got.ID != m.ID || !got.StartTime.Equal(m.StartTime) {
					t.Errorf("snoozed %d at %v, want %d at %v", got.ID, got.StartTime, m.ID, m.StartTime)
				}
				snoozed <- d
			}
			r.Remind(m)
			testenv.Eventually(t, 20*time.Second, "the window to exit", func() bool {
				r.mu.Lock()
				defer r.mu.Unlock()
				return len(r.open) == 0
			})
			var sent zoomapi.Meeting
			data, err := os.ReadFile(stdin)
			if err == nil {
				err = json.Unmarshal(data, &sent)
			}
			if err != nil || sent.Topic != m.Topic || sent.JoinURL != m.JoinURL {
				t.Errorf("the window's stdin: got %+v (%v), want the meeting", sent, err)
			}
			select {
			case d := <-snoozed:
				if !tt.wantSnooze || d != time.Minute {
					t.Errorf("snoozed for %v, want snooze %v for a minute", d, tt.wantSnooze)
				}
			default:
				if tt.wantSnooze {
					t.Errorf("not snoozed, want a minute's snooze")
				}
			}
			if got := len(notified) == 1; got != tt.wantNotify {
				t.Errorf("notified: got %v, want %v", got, tt.wantNotify)
			}
		})
	}
}

func TestReminderWithoutDisplayNotifies(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	notified := make(chan zoomapi.Meeting, 1)
	r := &reminders{exe: "/nonexistent", output: io.Discard, log: slog.New(slog.DiscardHandler),
		fallback: func(m zoomapi.Meeting) { notified <- m }}
	r.Remind(zoomapi.Meeting{ID: 7, Topic: "t"})
	select {
	case m := <-notified:
		if m.ID != 7 {
			t.Errorf("notified %d, want 7", m.ID)
		}
	default:
		t.Errorf("no notification, want the fallback when no window can open")
	}
}
