package autostart

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

// desktopKeys reads the [Desktop Entry] keys of an XDG desktop file.
func desktopKeys(t *testing.T, b []byte) map[string]string {
	t.Helper()
	keys := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			keys[k] = v
		}
	}
	return keys
}

// TestLinuxEntryForReal writes, reads back and removes the XDG autostart file through
// Current, in a scratch $XDG_CONFIG_HOME.
func TestLinuxEntryForReal(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG autostart entry is the Linux one")
	}
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	entry, err := Current()
	if err != nil {
		t.Fatalf("Current: %v", err)
	}
	exe := "/opt/zoom tray/bin/zoomtray"
	want := filepath.Join(cfg, "autostart", "zoomtray.desktop")
	if got := entry.Where(); got != want {
		t.Fatalf("Where: got %q, want %q", got, want)
	}
	if err := entry.Set(true, exe, "--kiosk"); err != nil {
		t.Fatalf("Set(true): %v", err)
	}
	b, err := os.ReadFile(want)
	if err != nil {
		t.Fatalf("read back: %v", err)
	}
	keys := desktopKeys(t, b)
	checks := map[string]string{
		"Type": "Application", "Name": "zoomtray", "Exec": `"/opt/zoom tray/bin/zoomtray" --kiosk`,
		"X-GNOME-Autostart-enabled": "true", "Terminal": "false",
	}
	for k, v := range checks {
		if keys[k] != v {
			t.Errorf("%s: got %q, want %q", k, keys[k], v)
		}
	}
	if on, err := entry.Enabled(); err != nil || !on {
		t.Errorf("Enabled after Set(true): got %v, %v, want true, nil", on, err)
	}
	for range 2 { // removing twice is fine
		if err := entry.Set(false, exe); err != nil {
			t.Fatalf("Set(false): %v", err)
		}
	}
	if _, err := os.Stat(want); !os.IsNotExist(err) {
		t.Errorf("file after Set(false): got %v, want not exist", err)
	}
	if on, err := entry.Enabled(); err != nil || on {
		t.Errorf("Enabled after Set(false): got %v, %v, want false, nil", on, err)
	}
}

func TestDesktopPath(t *testing.T) {
	tests := []struct {
		name, xdg, want string
	}{
		{"XDG_CONFIG_HOME", "/x/cfg", "/x/cfg/autostart/zoomtray.desktop"},
		{"default ~/.config", "", "/home/u/.config/autostart/zoomtray.desktop"},
		{"relative is ignored", "rel", "/home/u/.config/autostart/zoomtray.desktop"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := desktopPath(func(string) string { return tt.xdg }, "/home/u")
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExecLine(t *testing.T) {
	tests := []struct {
		cmd  []string
		want string
	}{
		{[]string{"/usr/bin/zoomtray"}, "/usr/bin/zoomtray"},
		{[]string{"/a b/zoomtray", "--kiosk"}, `"/a b/zoomtray" --kiosk`},
		{[]string{"/x/zoomtray", "100%"}, "/x/zoomtray 100%%"},
		{[]string{"/x/zoomtray", `a"$b`}, `/x/zoomtray "a\\"\\$b"`},
	}
	for _, tt := range tests {
		if got := execLine(tt.cmd); got != tt.want {
			t.Errorf("execLine(%q): got %q, want %q", tt.cmd, got, tt.want)
		}
	}
}

// plist is the part of a launchd property list the test reads.
type plist struct {
	Dict struct {
		Keys   []string `xml:"key"`
		String []string `xml:"string"`
		Array  struct {
			Strings []string `xml:"string"`
		} `xml:"array"`
		True *struct{} `xml:"true"`
	} `xml:"dict"`
}

func TestLaunchAgent(t *testing.T) {
	home := t.TempDir()
	tg, err := targetFor("darwin", os.Getenv, func() (string, error) { return home, nil })
	if err != nil {
		t.Fatal(err)
	}
	e := &Entry{t: tg}
	exe := "/Applications/zoomtray.app/Contents/MacOS/zoomtray"
	if err := e.Set(true, exe, "--x=<&>"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	path := filepath.Join(home, "Library", "LaunchAgents", "io.github.zoomtray.plist")
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	var p plist
	if err := xml.Unmarshal(b, &p); err != nil {
		t.Fatalf("the plist is not XML: %v\n%s", err, b)
	}
	if got, want := p.Dict.Keys, []string{"Label", "ProgramArguments", "RunAtLoad", "ProcessType"}; !reflect.DeepEqual(got, want) {
		t.Errorf("keys: got %q, want %q", got, want)
	}
	if got, want := p.Dict.String, []string{"io.github.zoomtray", "Interactive"}; !reflect.DeepEqual(got, want) {
		t.Errorf("strings: got %q, want %q", got, want)
	}
	if got, want := p.Dict.Array.Strings, []string{exe, "--x=<&>"}; !reflect.DeepEqual(got, want) {
		t.Errorf("ProgramArguments: got %q, want %q", got, want)
	}
	if p.Dict.True == nil {
		t.Error("RunAtLoad: got absent, want <true/>")
	}
	if err := e.Set(false, exe); err != nil {
		t.Fatalf("Set(false): %v", err)
	}
	if on, _ := e.Enabled(); on {
		t.Error("Enabled after Set(false): got true, want false")
	}
}

// fakeKey is an in-memory Run key.
type fakeKey struct{ values map[string]string }

func (f *fakeKey) SetStringValue(name, value string) error { f.values[name] = value; return nil }
func (f *fakeKey) GetStringValue(name string) (string, error) {
	v, ok := f.values[name]
	if !ok {
		return "", errValueNotFound
	}
	return v, nil
}
func (f *fakeKey) DeleteValue(name string) error {
	if _, ok := f.values[name]; !ok {
		return errValueNotFound
	}
	delete(f.values, name)
	return nil
}
func (f *fakeKey) Close() error { return nil }

func TestRunKey(t *testing.T) {
	key := &fakeKey{values: map[string]string{"Other": "x.exe"}}
	e := &Entry{t: runTarget{open: func() (runKey, error) { return key, nil }}}
	if got, want := e.Where(), `HKCU\Software\Microsoft\Windows\CurrentVersion\Run\zoomtray`; got != want {
		t.Errorf("Where: got %q, want %q", got, want)
	}
	if err := e.Set(true, `C:\Program Files\zoomtray\zoomtray.exe`, "--kiosk"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	want := map[string]string{"Other": "x.exe", "zoomtray": `"C:\Program Files\zoomtray\zoomtray.exe" --kiosk`}
	if !reflect.DeepEqual(key.values, want) {
		t.Errorf("values: got %q, want %q", key.values, want)
	}
	if on, err := e.Enabled(); !on || err != nil {
		t.Errorf("Enabled: got %v, %v, want true, nil", on, err)
	}
	for range 2 {
		if err := e.Set(false, ""); err != nil {
			t.Fatalf("Set(false): %v", err)
		}
	}
	if got, want := key.values, map[string]string{"Other": "x.exe"}; !reflect.DeepEqual(got, want) {
		t.Errorf("values after Set(false): got %q, want %q", got, want)
	}
}
