package config

import (
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestDefaults(t *testing.T) {
	home := isolate(t)
	s := mustLoad(t, Sources{})
	want := Settings{ZoomURL: "https://zoom.us", APIURL: "https://api.zoom.us/v2",
		RedirectPorts: []int{53682, 53683, 53684}, TokenStore: "keyring",
		TokenFile: filepath.Join(home, ".local/state/zoomtray/tokens.json"), NotifyMinutes: 5,
		Reminder: ReminderNotification, ReminderMinutes: 1}
	got := s
	got.sources, got.given, got.locked, got.userFile = nil, nil, nil, ""
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got defaults\n%+v\nwant\n%+v", got, want)
	}
	if s.Configured() {
		t.Error("got Configured() = true without a client ID, want false")
	}
	if src := s.Source(KeyZoomURL); src.Kind != FromDefault || src.String() != "default" {
		t.Errorf("got Source(zoom_url) = %v, want default", src)
	}
}

func TestPrecedence(t *testing.T) {
	isolate(t)
	managed := writeFile(t, "managed.toml", `client_id = "from-managed"`+"\nnotify_minutes = 1\nkiosk = true\n")
	user := writeFile(t, "config.toml", `client_id = "from-user"`+"\nnotify_minutes = 2\n")
	env := map[string]string{"ZOOMTRAY_CLIENT_ID": "from-env"}
	tests := []struct {
		name    string
		src     Sources
		want    string
		wantSrc string
	}{
		{"managed only", Sources{ManagedFile: managed}, "from-managed", "managed (" + managed + ")"},
		{"user over managed", Sources{ManagedFile: managed, UserFile: user}, "from-user", "user config " + user},
		{"env over user", Sources{ManagedFile: managed, UserFile: user, Env: envOf(env)}, "from-env",
			"environment ZOOMTRAY_CLIENT_ID"},
		{"flag over env", Sources{ManagedFile: managed, UserFile: user, Env: envOf(env),
			Flags: map[string]string{"client-id": "from-flag"}}, "from-flag", "flag --client-id"},
		{"empty env is unset", Sources{UserFile: user, Env: envOf(map[string]string{"ZOOMTRAY_CLIENT_ID": ""})},
			"from-user", "user config " + user},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustLoad(t, tt.src)
			if s.ClientID != tt.want || s.Source(KeyClientID).String() != tt.wantSrc {
				t.Errorf("got client_id %q from %q, want %q from %q", s.ClientID, s.Source(KeyClientID), tt.want, tt.wantSrc)
			}
			if !s.Configured() {
				t.Error("got Configured() = false, want true")
			}
		})
	}
	s := mustLoad(t, Sources{ManagedFile: managed, UserFile: user})
	if s.NotifyMinutes != 2 || !s.Kiosk || s.Source(KeyKiosk).Kind != FromManaged {
		t.Errorf("got notify %d, kiosk %v from %v; want per-setting merge 2, true from managed",
			s.NotifyMinutes, s.Kiosk, s.Source(KeyKiosk))
	}
}

func TestLocking(t *testing.T) {
	isolate(t)
	user := writeFile(t, "config.toml", "client_id = \"u\"\nnotify_minutes = 9\ntoken_store = \"file\"\n")
	over := Sources{UserFile: user, Env: envOf(map[string]string{"ZOOMTRAY_CLIENT_ID": "e", "ZOOMTRAY_API_URL": "https://x.example"}),
		Flags: map[string]string{"client-id": "f", "zoom-url": "https://y.example"}}
	tests := []struct {
		name, managed string
		check         func(t *testing.T, s Settings, managed string)
	}{
		{"locked list", "client_id = \"corp\"\nnotify_minutes = 3\nlocked = [\"client_id\"]\n",
			func(t *testing.T, s Settings, m string) {
				want(t, s.ClientID, "corp")
				want(t, s.Source(KeyClientID).String(), "managed ("+m+")")
				want(t, s.NotifyMinutes, 9) // not locked: the user wins
				want(t, s.Locked(KeyClientID), true)
				want(t, s.Locked(KeyNotifyMinutes), false)
				want(t, len(s.Ignored()), 3) // user file, env, flag
			}},
		{"lock_all", "client_id = \"corp\"\nnotify_minutes = 3\nlock_all = true\n",
			func(t *testing.T, s Settings, m string) {
				want(t, s.ClientID, "corp")
				want(t, s.NotifyMinutes, 3)
				want(t, s.Locked(KeyNotifyMinutes), true)
				want(t, s.Locked(KeyTokenStore), false)
				want(t, s.TokenStore, "file")
			}},
		{"lock at default", "locked = [\"token_store\"]\n",
			func(t *testing.T, s Settings, m string) {
				want(t, s.TokenStore, "keyring")
				want(t, s.Source(KeyTokenStore).String(), "managed ("+m+")")
			}},
		{"zoom_url lock locks api_url", "zoom_url = \"zoomgov.com\"\nlocked = [\"zoom_url\"]\n",
			func(t *testing.T, s Settings, m string) {
				want(t, s.ZoomURL, "https://zoomgov.com")
				want(t, s.APIURL, "https://api.zoomgov.com/v2")
				want(t, s.Locked(KeyAPIURL), true)
				want(t, s.Source(KeyAPIURL).Kind, FromManaged)
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := over
			src.ManagedFile = writeFile(t, "managed.toml", tt.managed)
			tt.check(t, mustLoad(t, src), src.ManagedFile)
		})
	}
}

// want fails t unless got equals w.
func want[T comparable](t *testing.T, got, w T) {
	t.Helper()
	if got != w {
		t.Errorf("got %v, want %v", got, w)
	}
}

func TestIgnoredNote(t *testing.T) {
	isolate(t)
	m := writeFile(t, "managed.toml", "client_id = \"corp\"\nlocked = [\"client_id\"]\n")
	s := mustLoad(t, Sources{ManagedFile: m, Flags: map[string]string{"--client-id": "mine"}})
	w := []string{"--client-id (flag) ignored: client_id is locked by managed (" + m + ")"}
	if got := s.Ignored(); !slices.Equal(got, w) {
		t.Errorf("got Ignored() %q, want %q", got, w)
	}
}

func TestEveryEnvVar(t *testing.T) {
	isolate(t)
	tests := []struct {
		env, value string
		got        func(Settings) any
		want       any
	}{
		{"ZOOMTRAY_CLIENT_ID", "abc", func(s Settings) any { return s.ClientID }, "abc"},
		{"ZOOMTRAY_CLIENT_SECRET", "s3cret", func(s Settings) any { return s.ClientSecret }, "s3cret"},
		{"ZOOMTRAY_ZOOM_URL", "zoomgov.com", func(s Settings) any { return s.ZoomURL }, "https://zoomgov.com"},
		{"ZOOMTRAY_API_URL", "https://api.example.com/v2/", func(s Settings) any { return s.APIURL }, "https://api.example.com/v2"},
		{"ZOOMTRAY_REDIRECT_PORTS", "53690, 53691", func(s Settings) any { return s.RedirectPorts }, []int{53690, 53691}},
		{"ZOOMTRAY_TOKEN_STORE", "memory", func(s Settings) any { return s.TokenStore }, "memory"},
		{"ZOOMTRAY_TOKEN_FILE", "/tmp/t.json", func(s Settings) any { return s.TokenFile }, "/tmp/t.json"},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			s := mustLoad(t, Sources{Env: envOf(map[string]string{tt.env: tt.value})})
			if got := tt.got(s); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			name := strings.ToLower(strings.TrimPrefix(tt.env, "ZOOMTRAY_"))
			if src := s.Source(name); src.Kind != FromEnv || src.String() != "environment "+tt.env {
				t.Errorf("got Source(%s) %q, want environment %s", name, src, tt.env)
			}
		})
	}
}

func TestZoomURLPresets(t *testing.T) {
	isolate(t)
	tests := []struct{ zoom, api, wantZoom, wantAPI string }{
		{"zoom.us", "", "https://zoom.us", "https://api.zoom.us/v2"},
		{"zoomgov.com", "", "https://zoomgov.com", "https://api.zoomgov.com/v2"},
		{"http://127.0.0.1:4321", "", "http://127.0.0.1:4321", "http://127.0.0.1:4321/v2"},
		{"https://zoom.example/", "https://api.zoom.example/v2", "https://zoom.example", "https://api.zoom.example/v2"},
	}
	for _, tt := range tests {
		flags := map[string]string{"zoom-url": tt.zoom}
		if tt.api != "" {
			flags["api-url"] = tt.api
		}
		s := mustLoad(t, Sources{Flags: flags})
		if s.ZoomURL != tt.wantZoom || s.APIURL != tt.wantAPI {
			t.Errorf("zoom_url %q: got %q + %q, want %q + %q", tt.zoom, s.ZoomURL, s.APIURL, tt.wantZoom, tt.wantAPI)
		}
	}
}

func TestAppSettingsFromFile(t *testing.T) {
	isolate(t)
	user := writeFile(t, "config.toml", `notify_minutes = 0
start_at_login = true
kiosk = true
kiosk_idle_sign_out = "45m"
kiosk_sign_out_at = "7:05"
use_zoommtg = true
redirect_ports = [50000]
reminder = "window"
reminder_minutes = 2
`)
	s := mustLoad(t, Sources{UserFile: user})
	got := []any{s.NotifyMinutes, s.StartAtLogin, s.Kiosk, s.KioskIdleSignOut, s.KioskSignOutAt, s.UseZoommtg, s.RedirectPorts,
		s.Reminder, s.ReminderMinutes}
	w := []any{0, true, true, 45 * time.Minute, "07:05", true, []int{50000}, "window", 2}
	if !reflect.DeepEqual(got, w) {
		t.Errorf("got %v, want %v", got, w)
	}
}

func TestLoadReportsAllErrors(t *testing.T) {
	isolate(t)
	_, err := Load(Sources{Flags: map[string]string{"notify-minutes": "soon", "kiosk": "maybe"}})
	if err == nil || strings.Count(err.Error(), "\n") != 1 {
		t.Errorf("got err %v, want both errors joined", err)
	}
}
