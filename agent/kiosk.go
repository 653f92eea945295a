package agent

import (
	"context"
	"log/slog"
	"time"

	"github.com/zoomtray/zoomtray/autostart"
	"github.com/zoomtray/zoomtray/config"
)

// applyStartAtLogin writes or removes the start-at-login entry (XDG autostart file,
// Run registry value, LaunchAgent) for the start_at_login setting, starting this binary.
// The demo never touches it. A failure is logged: the agent runs all the same.
func applyStartAtLogin(st config.Settings, demo bool, exe string, log *slog.Logger) {
	if demo {
		return
	}
	e, err := autostart.Current()
	if err == nil {
		err = e.Set(st.StartAtLogin, exe)
	}
	if err != nil {
		log.Warn("agent: start at login not applied", "on", st.StartAtLogin, "err", err)
		return
	}
	log.Info("agent: start at login applied", "on", st.StartAtLogin, "where", e.Where())
}

// kioskMinRun is how long a kiosk window must have run to be started again after it
// exits: one that dies at once would otherwise restart in a loop (the tray's Open still
// opens it).
const kioskMinRun = 10 * time.Second

// keepKioskWindow makes w start again whenever it exits while ctx lasts, so a shared
// computer always shows the kiosk (issue "Shared PCs": full screen, nothing else).
func keepKioskWindow(ctx context.Context, w *window, log *slog.Logger) {
	w.keepOpen = func(ran time.Duration) bool {
		if ctx.Err() != nil {
			return false
		}
		if ran < kioskMinRun {
			log.Warn("agent: the kiosk window exited early; not restarting it", "ran", ran)
			return false
		}
		return true
	}
}
