package desktop

import (
	"errors"
	"testing"
)

// env is an Env of goos with the variables of vars and, when xdgOpen, xdg-open on PATH.
func env(goos string, vars map[string]string, xdgOpen bool) Env {
	return Env{
		GOOS:   goos,
		Getenv: func(k string) string { return vars[k] },
		LookPath: func(name string) (string, error) {
			if xdgOpen && name == "xdg-open" {
				return "/usr/bin/xdg-open", nil
			}
			return "", errors.New("not found")
		},
	}
}

func TestHasDisplay(t *testing.T) {
	tests := []struct {
		goos string
		env  map[string]string
		want bool
	}{
		{"linux", map[string]string{}, false},
		{"linux", map[string]string{"DISPLAY": ":0"}, true},
		{"linux", map[string]string{"WAYLAND_DISPLAY": "wayland-0"}, true},
		{"freebsd", map[string]string{}, false},
		{"windows", map[string]string{}, true},
		{"darwin", map[string]string{}, true},
	}
	for _, tt := range tests {
		if got := env(tt.goos, tt.env, true).HasDisplay(); got != tt.want {
			t.Errorf("HasDisplay(%s, %v): got %v, want %v", tt.goos, tt.env, got, tt.want)
		}
	}
}

// TestNoBrowser is the one decision between the browser and the device sign-in that the
// agent and zoomctl share: Windows and macOS always browse; Linux and the BSDs need a
// display and a launcher.
func TestNoBrowser(t *testing.T) {
	tests := []struct {
		name         string
		goos         string
		env          map[string]string
		xdgOpen      bool
		want         string
		wantLauncher string
	}{
		{"macOS", "darwin", nil, false, "", "open"},
		{"Windows", "windows", nil, false, "", "rundll32"},
		{"macOS with $BROWSER", "darwin", map[string]string{"BROWSER": "firefox"}, false, "", "$BROWSER (firefox)"},
		{"X11 and xdg-open", "linux", map[string]string{"DISPLAY": ":0"}, true, "", "/usr/bin/xdg-open"},
		{"Wayland and $BROWSER", "linux", map[string]string{"WAYLAND_DISPLAY": "w-0", "BROWSER": "x"}, false, "", "$BROWSER (x)"},
		{"display, no launcher", "linux", map[string]string{"DISPLAY": ":0"}, false, "no browser launcher ($BROWSER or xdg-open)", ""},
		{"no display", "linux", nil, true, "no display", "/usr/bin/xdg-open"},
		{"BSD, no display", "openbsd", map[string]string{"BROWSER": "x"}, true, "no display", "$BROWSER (x)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := env(tt.goos, tt.env, tt.xdgOpen)
			if got := e.NoBrowser(); got != tt.want {
				t.Errorf("NoBrowser(): got %q, want %q", got, tt.want)
			}
			if got := e.Launcher(); got != tt.wantLauncher {
				t.Errorf("Launcher(): got %q, want %q", got, tt.wantLauncher)
			}
		})
	}
}

func TestTrayWithoutBus(t *testing.T) {
	tests := []struct {
		goos      string
		env       map[string]string
		bus, host bool
	}{
		{"darwin", nil, true, true},
		{"windows", nil, true, true},
		{"linux", nil, false, false},
		// An address nobody listens on: no bus, so no tray (systray would panic on quit).
		{"linux", map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"}, false, false},
	}
	for _, tt := range tests {
		bus, host := env(tt.goos, tt.env, false).Tray()
		if bus != tt.bus || host != tt.host {
			t.Errorf("Tray(%s, %v): got %v, %v, want %v, %v", tt.goos, tt.env, bus, host, tt.bus, tt.host)
		}
	}
}
