package agent

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
)

// LogName is the agent's log file in the namespace's state directory.
const LogName = "zoomtray.log"

// openLog opens <state dir>/zoomtray.log (0600, appended) and a text slog.Logger on it.
// Nothing logged carries tokens, codes, ZAKs or the client secret: a log file
// is read by people who should never see one, and reliability tests grep it for them.
func openLog(stateDir string, level slog.Level) (*os.File, *slog.Logger, error) {
	path := filepath.Join(stateDir, LogName)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("agent: open log: %w", err)
	}
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("agent: open log: %w", err)
	}
	return f, slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: level})), nil
}
