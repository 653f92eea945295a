//go:build unix

package ui

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"

	"github.com/zoomtray/zoomtray/internal/childenv"
)

// relaunchDetached starts this executable again with args in a new session, so it outlives
// this window and the agent that started it.
func relaunchDetached(args ...string) error {
	exe, err := os.Executable()
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
