// Package autostart starts zoomtray when the user logs in, the way each desktop expects:
// an XDG autostart entry on Linux and the BSDs ($XDG_CONFIG_HOME/autostart/zoomtray.desktop,
// Desktop Application Autostart Specification), a value under the Run registry key on
// Windows (HKCU\Software\Microsoft\Windows\CurrentVersion\Run), and a LaunchAgent on macOS
// (~/Library/LaunchAgents/io.github.zoomtray.plist, launchd.plist(5) with RunAtLoad). The
// agent applies the start_at_login setting at start and whenever the settings change.
package autostart

import (
	"fmt"
	"os"
	"runtime"
)

// Names of what is written.
const (
	// Name is the XDG desktop file's base name and the Windows Run value's name.
	Name = "zoomtray"
	// Label is the macOS LaunchAgent label (the app ID of FyneApp.toml).
	Label = "io.github.zoomtray"
)

// Entry is the start-at-login entry of the running system.
type Entry struct {
	t target
}

// target is one system's way of starting a program at login.
type target interface {
	enable(cmd []string) error
	disable() error
	enabled() (bool, error)
	where() string
}

// Current returns the entry of the running system (runtime.GOOS, the user's home and
// $XDG_CONFIG_HOME).
func Current() (*Entry, error) {
	t, err := targetFor(runtime.GOOS, os.Getenv, os.UserHomeDir)
	if err != nil {
		return nil, err
	}
	return &Entry{t: t}, nil
}

// targetFor returns goos's target; getenv and home are seams for tests.
func targetFor(goos string, getenv func(string) string, home func() (string, error)) (target, error) {
	if goos == "windows" {
		return runTarget{open: openRunKey}, nil
	}
	h, err := home()
	if err != nil {
		return nil, fmt.Errorf("autostart: %w", err)
	}
	if goos == "darwin" {
		return fileTarget{path: launchAgentPath(h), render: launchAgent}, nil
	}
	return fileTarget{path: desktopPath(getenv, h), render: desktopEntry}, nil
}

// Set writes the entry starting exe with args at login when on, and removes it
// otherwise (removing an absent entry is not an error).
func (e *Entry) Set(on bool, exe string, args ...string) error {
	if !on {
		return e.t.disable()
	}
	if exe == "" {
		return fmt.Errorf("autostart: no program to start")
	}
	return e.t.enable(append([]string{exe}, args...))
}

// Enabled reports whether an entry exists.
func (e *Entry) Enabled() (bool, error) { return e.t.enabled() }

// Where names the entry for people: a file path, or the registry key and value.
func (e *Entry) Where() string { return e.t.where() }

// Apply sets the running system's entry for exe to on; the agent calls it for the
// start_at_login setting.
func Apply(on bool, exe string, args ...string) error {
	e, err := Current()
	if err != nil {
		return err
	}
	return e.Set(on, exe, args...)
}
