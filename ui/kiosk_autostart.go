package ui

import (
	"github.com/zoomtray/zoomtray/autostart"
	"github.com/zoomtray/zoomtray/internal/programs"
)

// applyStartAtLogin writes or removes the start-at-login entry of the agent (zoomtray,
// beside this window's executable), as the agent does at start.
func applyStartAtLogin(on bool) error {
	exe, err := programs.AgentPath()
	if err != nil {
		return err
	}
	return autostart.Apply(on, exe)
}
