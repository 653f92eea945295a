// Package programs names zoomtray's two executables, installed side by side: the agent
// (zoomtray: tray, session, local API) and the window (zoomtray-window, Fyne), which the
// agent starts on demand. Each finds the other in the directory of its own executable.
package programs

import (
	"os"
	"path/filepath"
)

// The executables' names, without the ".exe" of Windows.
const (
	Agent  = "zoomtray"
	Window = "zoomtray-window"
)

// Beside returns the path of the program name in the directory of exe, with exe's
// extension (zoomtray.exe -> zoomtray-window.exe on Windows).
func Beside(exe, name string) string {
	return filepath.Join(filepath.Dir(exe), name+filepath.Ext(exe))
}

// AgentPath is the agent beside the running executable (the window asks for it to start a
// demo agent or to register start at login).
func AgentPath() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	return Beside(exe, Agent), nil
}
