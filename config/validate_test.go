package config

import (
	"errors"
	"strings"
	"testing"
)

func TestValidationMessages(t *testing.T) {
	isolate(t)
	userPath := func(content string) func(t *testing.T) Sources {
		return func(t *testing.T) Sources { return Sources{UserFile: writeFile(t, "config.toml", content)} }
	}
	env := func(k, v string) func(t *testing.T) Sources {
		return func(t *testing.T) Sources { return Sources{Env: envOf(map[string]string{k: v})} }
	}
	flag := func(k, v string) func(t *testing.T) Sources {
		return func(t *testing.T) Sources { return Sources{Flags: map[string]string{k: v}} }
	}
	tests := []struct {
		name string
		src  func(t *testing.T) Sources
		want string // FILE stands for the file's path
	}{
		{"port not a number", env("ZOOMTRAY_REDIRECT_PORTS", "53682,80a"),
			`ZOOMTRAY_REDIRECT_PORTS (environment): "80a" is not a port number (1024–65535)`},
		{"privileged port", flag("redirect-ports", "80"),
			`--redirect-ports (flag): "80" is not a port number (1024–65535)`},
		{"port in file", userPath("redirect_ports = [70000]"),
			`redirect_ports (user config FILE): "70000" is not a port number (1024–65535)`},
		{"duplicate port", env("ZOOMTRAY_REDIRECT_PORTS", "53682,53682"),
			`ZOOMTRAY_REDIRECT_PORTS (environment): port 53682 is listed twice`},
		{"ports not a list", userPath("redirect_ports = 5"),
			`redirect_ports (user config FILE): must be a list of port numbers, not an integer`},
		{"http zoom_url", userPath(`zoom_url = "http://zoom.example"`),
			`zoom_url (user config FILE): must be an https URL, or http on a loopback host, or one of the presets zoom.us, zoomgov.com`},
		{"api_url with query", env("ZOOMTRAY_API_URL", "https://api.zoom.us/v2?x=1"),
			`ZOOMTRAY_API_URL (environment): must be an https URL, or http on a loopback host`},
		{"api_url not a url", flag("api-url", "api.zoom.us"),
			`--api-url (flag): must be an https URL, or http on a loopback host`},
		{"token store kind", env("ZOOMTRAY_TOKEN_STORE", "wallet"),
			`ZOOMTRAY_TOKEN_STORE (environment): unknown token store "wallet" (want keyring, file or memory)`},
		{"relative token file", flag("token-file", "tokens.json"),
			`--token-file (flag): "tokens.json" is not an absolute path`},
		{"client id with space", env("ZOOMTRAY_CLIENT_ID", "abc def"),
			`ZOOMTRAY_CLIENT_ID (environment): must not contain spaces or control characters`},
		{"client id type", userPath("client_id = 42"),
			`client_id (user config FILE): must be a string, not an integer`},
		{"notify range", userPath("notify_minutes = -1"),
			`notify_minutes (user config FILE): "-1" is not a whole number from 0 to 1440`},
		{"reminder kind", flag("reminder", "popup"),
			`--reminder (flag): unknown reminder "popup" (want off, notification or window)`},
		{"reminder minutes range", userPath("reminder_minutes = 1441"),
			`reminder_minutes (user config FILE): "1441" is not a whole number from 0 to 1440`},
		{"bool", flag("kiosk", "yes please"), `--kiosk (flag): "yes please" is not true or false`},
		{"duration", userPath(`kiosk_idle_sign_out = "10 minutes"`),
			`kiosk_idle_sign_out (user config FILE): "10 minutes" is not a duration such as 30m or 1h30m (0 to 168h)`},
		{"clock", flag("kiosk-sign-out-at", "25:00"),
			`--kiosk-sign-out-at (flag): "25:00" is not a time of day HH:MM (00:00–23:59)`},
		{"unknown key", userPath(`colour = "blue"`), `colour (user config FILE): unknown setting`},
		{"nested table", userPath("[zoom]\nurl = \"x\""), `zoom (user config FILE): unknown setting`},
		{"secret in user file", userPath(`client_secret = "s"`),
			`client_secret (user config FILE): not allowed in the user config file (it is stored in plain text); set ZOOMTRAY_CLIENT_SECRET or --client-secret-file instead`},
		{"locked in user file", userPath(`locked = ["client_id"]`), `locked (user config FILE): unknown setting`},
		{"unknown flag", flag("colour", "blue"), `unknown flag --colour`},
		{"toml syntax", userPath("client_id = "), `user config FILE: toml: line 1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := tt.src(t)
			_, err := Load(src)
			w := strings.ReplaceAll(tt.want, "FILE", src.UserFile)
			if err == nil || !strings.HasPrefix(err.Error(), w) {
				t.Errorf("got err\n%v\nwant\n%s", err, w)
			}
		})
	}
}

func TestManagedFileErrors(t *testing.T) {
	isolate(t)
	tests := []struct{ content, want string }{
		{`locked = ["client_id", "colour"]`, `locked (managed (FILE)): unknown setting "colour"`},
		{`locked = "client_id"`, `locked (managed (FILE)): must be a list of setting names`},
		{`lock_all = "yes"`, `lock_all (managed (FILE)): must be true or false`},
		{`zoom_url = "ftp://zoom.us"`, `zoom_url (managed (FILE)): must be an https URL`},
	}
	for _, tt := range tests {
		path := writeFile(t, "managed.toml", tt.content)
		_, err := Load(Sources{ManagedFile: path})
		w := strings.ReplaceAll(tt.want, "FILE", path)
		if err == nil || !strings.HasPrefix(err.Error(), w) {
			t.Errorf("%s: got err %v, want %s", tt.content, err, w)
		}
	}
}

func TestErrorType(t *testing.T) {
	isolate(t)
	_, err := Load(Sources{Env: envOf(map[string]string{"ZOOMTRAY_TOKEN_STORE": "x"})})
	var e *Error
	if !errors.As(err, &e) || e.Setting != KeyTokenStore || e.Source.Kind != FromEnv {
		t.Fatalf("got %#v, want *Error for token_store from the environment", err)
	}
}

func TestManagedSecretAllowed(t *testing.T) {
	isolate(t)
	path := writeFile(t, "managed.toml", "client_id = \"corp\"\nclient_secret = \"corp-secret\"\n")
	s := mustLoad(t, Sources{ManagedFile: path})
	if s.ClientSecret != "corp-secret" {
		t.Errorf("got secret of length %d from the managed file, want it set", len(s.ClientSecret))
	}
}
