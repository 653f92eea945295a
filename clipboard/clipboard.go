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

// tool is a clipboard tool's two commands: write from standard input, read to standard
// output (nil when the platform's tool cannot read).
type tool struct{ write, read []string }

// command returns the clipboard tool of this desktop.
func command(goos string, getenv func(string) string, look func(string) (string, error)) (tool, error) {
	var candidates []tool
	switch goos {
	case "darwin":
		candidates = []tool{{[]string{"pbcopy"}, []string{"pbpaste"}}}
	case "windows":
		candidates = []tool{{[]string{"clip"}, nil}}
	default:
		if getenv("WAYLAND_DISPLAY") != "" {
			candidates = append(candidates, tool{[]string{"wl-copy"}, []string{"wl-paste", "--no-newline"}})
		}
		if getenv("DISPLAY") != "" {
			candidates = append(candidates,
				tool{[]string{"xclip", "-selection", "clipboard"}, []string{"xclip", "-selection", "clipboard", "-o"}},
				tool{[]string{"xsel", "--clipboard", "--input"}, []string{"xsel", "--clipboard", "--output"}})
		}
	}
	for _, c := range candidates {
		if _, err := look(c.write[0]); err == nil {
			return c, nil
		}
	}
	return tool{}, ErrUnavailable
}

// Write puts text on the clipboard. The X11 tools fork a process that serves the selection
// until another program takes it, as a desktop clipboard owner does.
func Write(ctx context.Context, text string) error {
	t, err := command(runtime.GOOS, os.Getenv, exec.LookPath)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.write[0], t.write[1:]...)
	cmd.Stdin = strings.NewReader(text)
	cmd.Env = childenv.Environ()
	// No output is captured: the process that xclip or xsel leaves behind to serve the
	// selection would hold a pipe open.
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("clipboard: %s: %w", t.write[0], err)
	}
	return nil
}

// Read returns the text on the clipboard. An empty clipboard, or one holding no text, is
// an error of the tool. On Windows it returns ErrUnavailable: clip only writes.
func Read(ctx context.Context) (string, error) {
	t, err := command(runtime.GOOS, os.Getenv, exec.LookPath)
	if err != nil {
		return "", err
	}
	if t.read == nil {
		return "", ErrUnavailable
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, t.read[0], t.read[1:]...)
	cmd.Env = childenv.Environ()
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("clipboard: %s: %w", t.read[0], err)
	}
	return string(out), nil
}
