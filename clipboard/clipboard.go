// Package clipboard puts text on the desktop clipboard through the platform's own tool —
// wl-copy (Wayland), xclip or xsel (X11) on Linux and BSD, pbcopy on macOS, clip on Windows —
// so that the resident agent needs no GUI toolkit for it.
package clipboard

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/internal/childenv"
)

// ErrUnavailable means no clipboard tool fits this desktop.
var ErrUnavailable = errors.New("clipboard: no clipboard tool (install wl-clipboard, xclip or xsel)")

// timeout bounds one write: the tools return as soon as they hold the text.
const timeout = 5 * time.Second

// command returns the tool that writes the clipboard from its standard input here.
func command(goos string, getenv func(string) string, look func(string) (string, error)) ([]string, error) {
	var candidates [][]string
	switch goos {
	case "darwin":
		candidates = [][]string{{"pbcopy"}}
	case "windows":
		candidates = [][]string{{"clip"}}
	default:
		if getenv("WAYLAND_DISPLAY") != "" {
			candidates = append(candidates, []string{"wl-copy"})
		}
		if getenv("DISPLAY") != "" {
			candidates = append(candidates, []string{"xclip", "-selection", "clipboard"},
				[]string{"xsel", "--clipboard", "--input"})
		}
	}
	for _, c := range candidates {
		if _, err := look(c[0]); err == nil {
			return c, nil
		}
	}
	return nil, ErrUnavailable
}

// Write puts text on the clipboard. The X11 tools fork a process that serves the selection
// until another program takes it, as a desktop clipboard owner does.
func Write(ctx context.Context, text string) error {
	argv, err := command(runtime.GOOS, os.Getenv, exec.LookPath)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Stdin = strings.NewReader(text)
	cmd.Env = childenv.Environ()
	// No output is captured: the process that xclip or xsel leaves behind to serve the
	// selection would hold a pipe open.
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("clipboard: %s: %w", argv[0], err)
	}
	return nil
}
