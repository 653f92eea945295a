package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/config"
)

// testNamespace keeps the tests' files apart from a real zoomtray's.
const testNamespace = "zoomtray-uitest"

// loadSettings loads settings from a scratch config home, with managed as the managed
// file's content (none when empty).
func loadSettings(t *testing.T, managed string) config.Settings {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(dir, "state"))
	user, err := config.UserFile(testNamespace)
	if err != nil {
		t.Fatal(err)
	}
	src := config.Sources{UserFile: user, Namespace: testNamespace}
	if managed != "" {
		src.ManagedFile = filepath.Join(dir, "managed.toml")
		if err := os.WriteFile(src.ManagedFile, []byte(managed), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(src)
	if err != nil {
		t.Fatalf("config.Load: %v", err)
	}
	return cfg
}

// userFile returns the saved user config file, or "" when there is none.
func userFile(t *testing.T) string {
	t.Helper()
	p, err := config.UserFile(testNamespace)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(p)
	return string(b)
}

func TestSettingsShowsConfig(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
	tests := []struct{ name, got, want string }{
		{"client id", s.ClientID.Text, ""},
		{"host", s.Host.Selected, "zoom.us"},
		{"ports", s.Ports.Text, "53682, 53683, 53684"},
		{"store", s.Store.Selected, "keyring"},
		{"notify", s.Notify.Text, "5"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if s.CustomURL.Visible() {
		t.Error("custom URL field visible for zoom.us")
	}
	s.Store.SetSelected("file")
	if got := s.StoreNote.Text; !strings.Contains(got, "tokens.json") || !strings.Contains(got, "0600") {
		t.Errorf("file store note = %q, want the file path and 0600", got)
	}
}

func TestSettingsLockedByOrganization(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	cfg := loadSettings(t, "client_id = \"corp-app\"\nzoom_url = \"zoomgov.com\"\nlocked = [\"client_id\", \"zoom_url\"]\n")
	s := newSettingsScreen(e, cfg, testNamespace)
	w := showInWindow(t, e, s.Content)
	if !s.ClientID.Disabled() || !s.Host.Disabled() {
		t.Errorf("locked fields enabled: client ID disabled %v, host disabled %v", s.ClientID.Disabled(), s.Host.Disabled())
	}
	if s.Ports.Disabled() {
		t.Error("an unlocked field is disabled")
	}
	if got := s.Form.Items[0].HintText; got != lockedHint {
		t.Errorf("client ID hint = %q, want %q", got, lockedHint)
	}
	s.More.OpenAll()
	assertMarkup(t, "settings_locked.xml", w)
	s.Ports.SetText("53690")
	test.Tap(s.Save)
	e.jobs.Wait()
	if got := userFile(t); strings.Contains(got, "client_id") || !strings.Contains(got, "53690") {
		t.Errorf("user file = %q, want ports but no locked client_id", got)
	}
}

func TestSettingsSave(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
	s.ClientID.SetText("my-app")
	s.ClientSecret.SetText("s3cret-value")
	s.Notify.SetText("10")
	s.Store.SetSelected("file")
	s.StartAtLogin.SetChecked(true)
	s.Reminder.SetSelected("Window")
	s.ReminderMinutes.SetText("2")
	test.Tap(s.Save)
	e.jobs.Wait()
	got := userFile(t)
	for _, want := range []string{`client_id = "my-app"`, "notify_minutes = 10", `token_store = "file"`, "start_at_login = true",
		`reminder = "window"`, "reminder_minutes = 2"} {
		if !strings.Contains(got, want) {
			t.Errorf("user file lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "s3cret") {
		t.Error("the client secret went to the user file")
	}
	if want := "saveSecret my-app 12 chars"; !hasCall(api, want) {
		t.Errorf("calls = %q, want %q", api.Calls(), want)
	}
	if got := s.Message.Text; !strings.Contains(got, "Restart zoomtray") {
		t.Errorf("message = %q, want a restart hint", got)
	}
	if s.ClientSecret.Text != "" {
		t.Error("secret field not cleared after save")
	}
}

// TestSettingsInvalidInline checks that a value that cannot be saved is refused next to
// its field, in a sentence of ui/text, with Save disabled and nothing written; fixing it
// enables Save again.
func TestSettingsInvalidInline(t *testing.T) {
	tests := []struct {
		name   string
		field  func(s *settingsScreen) *widget.Entry
		bad    string
		good   string
		wantIn string
	}{
		{"bad port", func(s *settingsScreen) *widget.Entry { return s.Ports }, "80, http", "53690", "1024 to 65535"},
		{"bad notify", func(s *settingsScreen) *widget.Entry { return &s.Notify.Entry }, "99999", "10", "minutes from 0"},
		{"bad reminder minutes", func(s *settingsScreen) *widget.Entry { return &s.ReminderMinutes.Entry }, "1441", "3", "from 0 (at the start time) to 1440"},
		{"empty client ID", func(s *settingsScreen) *widget.Entry { return s.ClientID }, "  ", "my-app", "Client ID"},
		{"secret without client ID", func(s *settingsScreen) *widget.Entry { return s.ClientSecret }, "s3cret", "", "paste the Client ID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			api := newFakeAPI()
			e := newTestEnv(t, api)
			s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
			s.ClientID.SetText("my-app")
			f := tt.field(s)
			f.SetText(tt.bad)
			if tt.name == "secret without client ID" {
				s.ClientID.SetText("")
			}
			err := f.Validate()
			if err == nil || !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("validation = %v, want a sentence with %q", err, tt.wantIn)
			}
			if !s.Save.Disabled() {
				t.Error("Save enabled with an invalid field")
			}
			test.Tap(s.Save)
			e.jobs.Wait()
			if got := userFile(t); got != "" {
				t.Errorf("user file written despite the error: %q", got)
			}
			if tt.name == "secret without client ID" {
				s.ClientID.SetText("my-app")
			} else {
				f.SetText(tt.good)
			}
			if s.Save.Disabled() {
				t.Error("Save still disabled after the field was fixed")
			}
		})
	}
}

// TestNotifyTakesDigitsOnly checks the minutes field ignores letters as they are typed.
func TestNotifyTakesDigitsOnly(t *testing.T) {
	e := newTestEnv(t, newFakeAPI())
	s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
	s.Notify.SetText("")
	test.Type(s.Notify, "1a5 ")
	if got := s.Notify.Text; got != "15" {
		t.Errorf("typed 1a5: got %q, want %q", got, "15")
	}
}

// TestSettingsEmptyClientIDOffersNoRestart checks a save that leaves zoomtray without a
// Zoom app is refused (Save stays disabled) and never offers Restart.
func TestSettingsEmptyClientIDOffersNoRestart(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
	s.Notify.SetText("10")
	test.Tap(s.Save)
	e.jobs.Wait()
	if !s.Save.Disabled() || s.Restart.Visible() || userFile(t) != "" {
		t.Errorf("empty client ID: Save disabled %v, Restart visible %v, user file %q; want disabled, hidden, none",
			s.Save.Disabled(), s.Restart.Visible(), userFile(t))
	}
}

func TestSettingsDemo(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	s := newSettingsScreen(e, loadSettings(t, ""), testNamespace)
	test.Tap(s.Demo)
	e.jobs.Wait()
	if got, want := api.Calls(), []string{"relaunch [--demo --open-window]", "Quit", "closeWindow"}; !slices.Equal(got, want) {
		t.Errorf("calls = %q, want %q", got, want)
	}
	if s2 := newSettingsScreen(e, loadSettings(t, ""), config.DemoNamespace); s2.Demo.Visible() {
		t.Error("Try the demo shown inside the demo")
	}
}

func TestFirstRun(t *testing.T) {
	api := newFakeAPI()
	e := newTestEnv(t, api)
	f := newFirstRun(e, loadSettings(t, ""), testNamespace)
	w := showInWindow(t, e, f.Content)
	if !f.Settings.Save.Disabled() {
		t.Error("Save enabled with no client ID")
	}
	test.Tap(f.CopyRedirects)
	want := "http://127.0.0.1:53682/callback\nhttp://127.0.0.1:53683/callback\nhttp://127.0.0.1:53684/callback"
	if got := clipboard(); got != want {
		t.Errorf("clipboard after Copy redirect URLs = %q, want %q", got, want)
	}
	if got := e.notice.Shown(); got != "Redirect URLs copied" {
		t.Errorf("notice = %q, want the copy confirmed", got)
	}
	test.Tap(f.Marketplace)
	e.jobs.Wait()
	if !hasCall(api, "open "+marketplaceURL) {
		t.Errorf("calls = %q, want the Marketplace opened", api.Calls())
	}
	assertMarkup(t, "first_run.xml", w)
	f.Settings.ClientID.SetText("my-app")
	test.Tap(f.Settings.Save)
	e.jobs.Wait()
	if got := userFile(t); !strings.Contains(got, `client_id = "my-app"`) {
		t.Errorf("user file = %q, want the client ID", got)
	}
}
