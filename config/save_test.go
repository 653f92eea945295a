package config

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func TestSaveWritesOnlyUserSettings(t *testing.T) {
	isolate(t)
	user := writeFile(t, "config.toml", "client_id = \"mine\"\nnotify_minutes = 10\n")
	managed := writeFile(t, "managed.toml", "kiosk = true\nzoom_url = \"zoomgov.com\"\nlocked = [\"zoom_url\"]\n")
	s := mustLoad(t, Sources{UserFile: user, ManagedFile: managed,
		Env:   envOf(map[string]string{"ZOOMTRAY_CLIENT_SECRET": "env-secret", "ZOOMTRAY_TOKEN_STORE": "memory"}),
		Flags: map[string]string{"use-zoommtg": "true"}})
	if err := s.Set(KeyStartAtLogin, "true"); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "cfg", "config.toml")
	if err := s.Save(out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, w := range []string{`client_id = "mine"`, "notify_minutes = 10", "start_at_login = true"} {
		if !strings.Contains(got, w) {
			t.Errorf("saved file lacks %q:\n%s", w, got)
		}
	}
	for _, bad := range []string{"secret", "token_store", "use_zoommtg", "kiosk", "zoom_url", "api_url"} {
		if strings.Contains(got, bad) {
			t.Errorf("saved file contains %q (not a user setting):\n%s", bad, got)
		}
	}
	if runtime.GOOS != "windows" {
		fi, _ := os.Stat(out)
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("got mode %04o, want 0600", fi.Mode().Perm())
		}
	}
	again := mustLoad(t, Sources{UserFile: out})
	if again.ClientID != "mine" || again.NotifyMinutes != 10 || !again.StartAtLogin {
		t.Errorf("reloaded %+v, want the saved settings", again)
	}
}

func TestSetRefuses(t *testing.T) {
	isolate(t)
	managed := writeFile(t, "managed.toml", "client_id = \"corp\"\nlocked = [\"client_id\"]\n")
	s := mustLoad(t, Sources{ManagedFile: managed})
	tests := []struct{ name, value, want string }{
		{KeyClientID, "mine", "locked by the managed configuration"},
		{KeyClientSecret, "s", "not allowed in the user config file"},
		{"colour", "blue", `unknown setting "colour"`},
		{KeyNotifyMinutes, "many", "is not a whole number"},
	}
	for _, tt := range tests {
		if err := s.Set(tt.name, tt.value); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Set(%s): got err %v, want %q", tt.name, err, tt.want)
		}
	}
	if s.ClientID != "corp" {
		t.Errorf("got client_id %q after refused Set, want corp", s.ClientID)
	}
}

// Set on a copy leaves the original's sources alone (Settings are passed by value).
func TestSetDoesNotAlias(t *testing.T) {
	isolate(t)
	orig := mustLoad(t, Sources{})
	cp := orig
	if err := cp.Set(KeyZoomURL, "zoomgov.com"); err != nil {
		t.Fatal(err)
	}
	if orig.Source(KeyZoomURL).Kind != FromDefault || orig.Source(KeyAPIURL).Kind != FromDefault {
		t.Errorf("got original sources %v/%v, want default", orig.Source(KeyZoomURL), orig.Source(KeyAPIURL))
	}
	if cp.APIURL != "https://api.zoomgov.com/v2" {
		t.Errorf("got api_url %q after Set(zoom_url), want it derived", cp.APIURL)
	}
}

func TestPaths(t *testing.T) {
	home := isolate(t)
	tests := []struct {
		ns   string
		want Dirs
	}{
		{"", Dirs{Config: home + "/.config/zoomtray", State: home + "/.local/state/zoomtray",
			Cache: home + "/.cache/zoomtray", Runtime: home + "/run/zoomtray", Data: home + "/.local/share/zoomtray"}},
		{DemoNamespace, Dirs{Config: home + "/.config/zoomtray-demo", State: home + "/.local/state/zoomtray-demo",
			Cache: home + "/.cache/zoomtray-demo", Runtime: home + "/run/zoomtray-demo", Data: home + "/.local/share/zoomtray-demo"}},
	}
	if runtime.GOOS != "linux" {
		t.Skip("XDG layout")
	}
	for _, tt := range tests {
		got, err := Paths(tt.ns)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Paths(%q) = %+v, %v; want %+v", tt.ns, got, err, tt.want)
		}
	}
	t.Setenv("XDG_RUNTIME_DIR", "")
	t.Setenv("XDG_STATE_HOME", "")
	got, _ := Paths("")
	if got.Runtime != home+"/.cache/zoomtray/run" || got.State != home+"/.local/state/zoomtray" {
		t.Errorf("fallbacks: got runtime %q state %q", got.Runtime, got.State)
	}
	if err := got.Ensure(); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(got.Runtime); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("runtime dir: got %v, %v; want mode 0700", fi, err)
	}
	if f, _ := UserFile(DemoNamespace); f != home+"/.config/zoomtray-demo/config.toml" {
		t.Errorf("got UserFile %q", f)
	}
	if ManagedFile() != "/etc/zoomtray/managed.toml" {
		t.Errorf("got ManagedFile %q", ManagedFile())
	}
}

func TestFlagsList(t *testing.T) {
	fs := Flags()
	if len(fs) != len(keys()) || fs[4].Name != "redirect-ports" || fs[4].Env != "ZOOMTRAY_REDIRECT_PORTS" {
		t.Errorf("got Flags() %+v", fs)
	}
}
