package ui

import (
	"context"
	"errors"
	"fmt"

	"github.com/zoomtray/zoomtray/config"
)

// save applies the fields on a job and reports the outcome (UI goroutine).
func (s *settingsScreen) save() {
	if s.invalid() != nil { // Save is disabled then; a shortcut or a race must not write
		s.updateSave()
		return
	}
	vals, cur, secret := s.values(), s.current(), s.ClientSecret.Text
	cfg := s.cfg
	s.Save.Disable()
	s.e.jobs.Go(func(ctx context.Context) {
		path, err := s.write(ctx, &cfg, vals, cur, secret)
		s.e.do(func() { s.saved(cfg, path, err) })
	})
}

// write sets the changed, unlocked settings on cfg, saves the user file, then the secret.
func (s *settingsScreen) write(ctx context.Context, cfg *config.Settings, vals, cur map[string]string, secret string) (string, error) {
	for _, k := range []string{config.KeyClientID, config.KeyZoomURL, config.KeyRedirectPorts,
		config.KeyTokenStore, config.KeyNotifyMinutes, config.KeyReminder, config.KeyReminderMinutes,
		config.KeyStartAtLogin, config.KeyUseZoommtg} {
		if vals[k] == cur[k] || cfg.Locked(k) {
			continue
		}
		if err := cfg.Set(k, vals[k]); err != nil {
			return "", fmt.Errorf("ui: settings: %w", err)
		}
	}
	if secret != "" && cfg.ClientID == "" {
		return "", errors.New("ui: a client secret needs the client ID it belongs to")
	}
	path, err := config.UserFile(s.ns)
	if err == nil {
		err = cfg.Save(path)
	}
	if err != nil {
		return "", fmt.Errorf("ui: save settings: %w", err)
	}
	if s.startAtLogin != nil && vals[config.KeyStartAtLogin] != cur[config.KeyStartAtLogin] {
		if err := s.startAtLogin(cfg.StartAtLogin); err != nil {
			return path, fmt.Errorf("ui: start at login: %w", err)
		}
	}
	if secret != "" && !cfg.Locked(config.KeyClientSecret) {
		if err := s.e.saveSecret(ctx, cfg.ClientID, secret); err != nil {
			return path, fmt.Errorf("ui: save client secret: %w", err)
		}
	}
	return path, nil
}

// saved shows the outcome of save (UI goroutine).
func (s *settingsScreen) saved(cfg config.Settings, path string, err error) {
	s.Save.Enable()
	if err != nil {
		s.Message.SetText("")
		s.e.banner.ShowError(err)
		return
	}
	s.cfg = cfg
	s.ClientSecret.SetText("")
	s.e.banner.ShowAction(nil)
	if cfg.ClientID == "" { // still no Zoom app: a restart would change nothing
		s.Message.SetText("Settings saved to " + path + ".")
		return
	}
	s.Message.SetText("Settings saved to " + path + ". " + restartNote)
	s.Restart.Show()
}

// restart asks the agent to restart with the saved settings; it closes this window (the
// new agent opens a new one).
func (s *settingsScreen) restart() {
	s.Restart.Disable()
	s.e.jobs.Go(func(ctx context.Context) {
		err := s.e.api.Restart(ctx)
		s.e.do(func() {
			s.Restart.Enable()
			if err != nil {
				s.e.banner.ShowError(err)
				return
			}
			s.e.closeWindow()
		})
	})
}

// demo starts "zoomtray --demo --open-window" (its own namespace and fake Zoom) detached,
// asks this agent to quit, and closes the window; the demo agent opens its own window, on
// its sign-in screen, so the switch lands somewhere instead of on an empty desktop.
func (s *settingsScreen) demo() {
	s.Demo.Disable()
	s.e.jobs.Go(func(ctx context.Context) {
		err := s.e.relaunch("--demo", "--open-window")
		if err == nil {
			err = s.e.api.Quit(ctx)
		}
		s.e.do(func() {
			s.Demo.Enable()
			if err != nil {
				s.e.banner.ShowError(err)
				return
			}
			s.e.closeWindow()
		})
	})
}
