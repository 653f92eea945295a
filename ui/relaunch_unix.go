//go:build unix

package ui

import (
	"fmt"
	"os/exec"
	"syscall"

	"github.com/zoomtray/zoomtray/internal/childenv"
	"github.com/zoomtray/zoomtray/internal/programs"
)

// relaunchDetached starts the agent (zoomtray, beside this window's executable) with args in a new session, so it outlives
// this window and the agent that started it.
func relaunchDetached(args ...string) error {
	exe, err := programs.AgentPath()
	if err != nil {
		return fmt.Errorf("ui: relaunch: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = childenv.Environ()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("ui: relaunch: %w", err)
	}
	return cmd.Process.Release()
}
