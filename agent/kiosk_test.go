package agent

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/service"
)

// activityAPI is a backend that counts activity reports.
type activityAPI struct {
	unconfigured
	n *int
}

func (a activityAPI) Activity(ctx context.Context) error { *a.n++; return nil }

func TestAgentAPIForwardsActivity(t *testing.T) {
	n := 0
	tests := []struct {
		name  string
		inner backend
		want  int
	}{
		{"kiosk service", activityAPI{n: &n}, 1},
		{"unconfigured ignores it", unconfigured{}, 1}, // n stays at the first case's 1
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAgentAPI(tt.inner, nil, func() {})
			if err := a.Activity(context.Background()); err != nil {
				t.Fatalf("Activity: %v", err)
			}
			if n != tt.want {
				t.Errorf("reports: got %d, want %d", n, tt.want)
			}
		})
	}
}

func TestApplyStartAtLogin(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("checks the XDG autostart file")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	file := filepath.Join(cfg, "autostart", "zoomtray.desktop")
	log := slog.New(slog.DiscardHandler)
	tests := []struct {
		name     string
		on, demo bool
		want     bool
	}{
		{"on", true, false, true},
		{"the demo never touches it", false, true, true},
		{"off", false, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			applyStartAtLogin(config.Settings{StartAtLogin: tt.on}, tt.demo, "/usr/bin/zoomtray", log)
			_, err := os.Stat(file)
			if got := err == nil; got != tt.want {
				t.Errorf("%s exists: got %v, want %v", file, got, tt.want)
			}
		})
	}
}

func TestKioskWindowComesBack(t *testing.T) {
	w, exited := sleeper(t, "0")
	asked := make(chan int, 4)
	runs := 0 // only the reaping goroutine, one child after the other, touches it
	w.keepOpen = func(time.Duration) bool { runs++; asked <- runs; return runs < 3 }
	if _, err := w.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	for want := 1; want <= 3; want++ {
		waitChan(t, exited, "a window child to be reaped")
		select {
		case got := <-asked:
			if got != want {
				t.Fatalf("keepOpen call: got #%d, want #%d", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("keepOpen #%d: not asked within 10 s", want)
		}
	}
	if w.Running() {
		t.Error("Running after keepOpen said no: got true, want false")
	}
}

func TestKeepKioskWindowPolicy(t *testing.T) {
	live := context.Background()
	ended, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		ran  time.Duration
		want bool
	}{
		{"ran a while", live, time.Minute, true},
		{"died at start", live, time.Second, false},
		{"agent stopping", ended, time.Minute, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &window{}
			keepKioskWindow(tt.ctx, w, slog.New(slog.DiscardHandler))
			if got := w.keepOpen(tt.ran); got != tt.want {
				t.Errorf("keepOpen(%v): got %v, want %v", tt.ran, got, tt.want)
			}
		})
	}
}

// TestKioskNeedsConfidentialApp: a kiosk signs in through the device grant only, which a
// public client does not have, so the agent says so at start.
func TestKioskNeedsConfidentialApp(t *testing.T) {
	tests := []struct {
		name string
		st   config.Settings
		want bool
	}{
		{"kiosk, public client", config.Settings{ClientID: "pub", Kiosk: true}, true},
		{"kiosk, confidential", config.Settings{ClientID: "c", ClientSecret: "s", Kiosk: true}, false},
		{"no kiosk, public client", config.Settings{ClientID: "pub"}, false},
		{"kiosk, unconfigured", config.Settings{Kiosk: true}, false},
	}
	for _, tt := range tests {
		c := kioskCause(tt.st)
		if got := c != nil; got != tt.want || got && c.Reason != service.ReasonPublicClient {
			t.Errorf("%s: kioskCause = %+v, want a public-client cause: %v", tt.name, c, tt.want)
		}
	}
}
