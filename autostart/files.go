package autostart

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// fileTarget is a start-at-login entry kept in a file (XDG autostart, LaunchAgent).
type fileTarget struct {
	path   string
	render func(cmd []string) []byte
}

func (f fileTarget) enable(cmd []string) error {
	if err := os.MkdirAll(filepath.Dir(f.path), 0o755); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".zoomtray-*.tmp")
	if err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(f.render(cmd))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), f.path)
	}
	if err != nil {
		return fmt.Errorf("autostart: write %s: %w", f.path, err)
	}
	return nil
}

func (f fileTarget) disable() error {
	if err := os.Remove(f.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

func (f fileTarget) enabled() (bool, error) {
	_, err := os.Stat(f.path)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("autostart: %w", err)
}

func (f fileTarget) where() string { return f.path }

// desktopPath is $XDG_CONFIG_HOME/autostart/zoomtray.desktop, with XDG_CONFIG_HOME
// defaulting to ~/.config (XDG Base Directory Specification).
func desktopPath(getenv func(string) string, home string) string {
	dir := getenv("XDG_CONFIG_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		dir = filepath.Join(home, ".config")
	}
	return filepath.Join(dir, "autostart", Name+".desktop")
}

// desktopEntry is the XDG autostart entry running cmd (Desktop Entry Specification 1.5).
func desktopEntry(cmd []string) []byte {
	var b bytes.Buffer
	b.WriteString("[Desktop Entry]\nType=Application\nVersion=1.5\n")
	b.WriteString("Name=zoomtray\nComment=Your Zoom meetings in the tray\n")
	b.WriteString("Exec=" + execLine(cmd) + "\n")
	b.WriteString("Icon=" + Label + "\nTerminal=false\nX-GNOME-Autostart-enabled=true\n")
	return b.Bytes()
}

// execLine quotes cmd for an Exec key: arguments with reserved characters go in double
// quotes with `"`, "`", "$" and "\" backslash-escaped, "%" is doubled (field codes), and
// the whole value is then escaped as a string value (a backslash doubled again).
func execLine(cmd []string) string {
	parts := make([]string, len(cmd))
	for i, a := range cmd {
		a = strings.ReplaceAll(a, "%", "%%")
		if a == "" || strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
			r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`)
			a = `"` + r.Replace(a) + `"`
		}
		parts[i] = a
	}
	line := strings.Join(parts, " ")
	return strings.NewReplacer(`\`, `\\`, "\n", `\n`).Replace(line)
}

// launchAgentPath is ~/Library/LaunchAgents/io.github.zoomtray.plist.
func launchAgentPath(home string) string {
	return filepath.Join(home, "Library", "LaunchAgents", Label+".plist")
}

// launchAgent is a launchd property list running cmd at login (launchd.plist(5):
// RunAtLoad starts it when the agent loads, which is at login for ~/Library/LaunchAgents).
func launchAgent(cmd []string) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + Label + `</string>
	<key>ProgramArguments</key>
	<array>
`)
	for _, a := range cmd {
		b.WriteString("\t\t<string>" + xmlEscape(a) + "</string>\n")
	}
	b.WriteString(`	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>ProcessType</key>
	<string>Interactive</string>
</dict>
</plist>
`)
	return b.Bytes()
}

// xmlEscape escapes s for XML character data.
func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}
