package ui

import (
	"os"

	"github.com/zoomtray/zoomtray/autostart"
)

// applyStartAtLogin writes or removes the start-at-login entry for this binary (the
// window and the agent are the same program), as the agent does at start.
func applyStartAtLogin(on bool) error {
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	return autostart.Apply(on, exe)
}
