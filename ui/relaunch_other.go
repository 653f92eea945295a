//go:build !unix

package ui

import (
	"fmt"
	"os"
	"os/exec"

	"github.com/zoomtray/zoomtray/internal/childenv"
)

// relaunchDetached starts this executable again with args; it outlives this window.
func relaunchDetached(args ...string) error {
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("ui: relaunch: %w", err)
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = childenv.Environ()
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("ui: relaunch: %w", err)
	}
	return cmd.Process.Release()
}
