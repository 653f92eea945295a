package autostart

import (
	"errors"
	"fmt"
	"strings"
)

// runKeyPath is the per-user Run key (under HKEY_CURRENT_USER): Windows starts each value's
// command line at login.
const runKeyPath = `Software\Microsoft\Windows\CurrentVersion\Run`

// errValueNotFound is what a runKey returns for a missing value.
var errValueNotFound = errors.New("registry value not found")

// runKey is the part of the Run registry key autostart uses (the seam of the Windows
// target; golang.org/x/sys/windows/registry behind the windows build tag).
type runKey interface {
	SetStringValue(name, value string) error
	GetStringValue(name string) (string, error)
	DeleteValue(name string) error
	Close() error
}

// runTarget is the Windows entry: the value "zoomtray" under HKCU\...\Run.
type runTarget struct {
	open func() (runKey, error)
}

func (r runTarget) enable(cmd []string) error {
	return r.with(func(k runKey) error { return k.SetStringValue(Name, runValue(cmd)) })
}

func (r runTarget) disable() error {
	return r.with(func(k runKey) error {
		if err := k.DeleteValue(Name); err != nil && !errors.Is(err, errValueNotFound) {
			return err
		}
		return nil
	})
}

func (r runTarget) enabled() (bool, error) {
	on := false
	err := r.with(func(k runKey) error {
		_, err := k.GetStringValue(Name)
		switch {
		case err == nil:
			on = true
		case errors.Is(err, errValueNotFound):
			err = nil
		}
		return err
	})
	return on, err
}

func (r runTarget) where() string { return `HKCU\` + runKeyPath + `\` + Name }

// with opens the key, runs f and closes the key.
func (r runTarget) with(f func(runKey) error) error {
	k, err := r.open()
	if err != nil {
		return fmt.Errorf("autostart: open %s: %w", r.where(), err)
	}
	defer k.Close()
	if err := f(k); err != nil {
		return fmt.Errorf("autostart: %s: %w", r.where(), err)
	}
	return nil
}

// runValue is the command line of a Run value: each argument with a space or quote goes
// in double quotes (CommandLineToArgvW rules; the program path always).
func runValue(cmd []string) string {
	parts := make([]string, len(cmd))
	for i, a := range cmd {
		if i == 0 || a == "" || strings.ContainsAny(a, " \t\"") {
			a = `"` + strings.ReplaceAll(a, `"`, `\"`) + `"`
		}
		parts[i] = a
	}
	return strings.Join(parts, " ")
}
