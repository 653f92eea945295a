package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/config"
)

// Host choices of the settings screen; hostCustom reveals a URL field (a fake Zoom, or a
// company proxy).
const (
	hostZoom    = "zoom.us"
	hostGov     = "zoomgov.com"
	hostCustom  = "Custom URL"
	lockedHint  = "Set by your organization"
	demoNote    = "Demo mode: these settings belong to the built-in fake Zoom and are not saved."
	restartNote = "Restart zoomtray to use them."
)

// Settings is the settings screen. Saving writes the user config file
// (config.Settings.Set, then Save(config.UserFile(namespace))) and the client secret to
// the keyring (tokenstore.SaveClientSecret; the user file never holds it). The running
// agent keeps its settings until restarted: after a save, Restart asks it to restart
// itself (localapi.Client.Restart), which it does only after its socket is gone, so the
// new agent's single-instance check cannot see the old one. Settings the
// managed configuration locks are shown disabled, marked "Set by your organization".
type Settings struct {
	Content fyne.CanvasObject
	// Form holds the fields below.
	Form                                             *widget.Form
	ClientID, ClientSecret, CustomURL, Ports, Notify *widget.Entry
	Host                                             *widget.Select
	Store                                            *widget.RadioGroup
	// StoreNote says where tokens live for the chosen store.
	StoreNote    *widget.Label
	StartAtLogin *widget.Check
	// Save writes the settings; Demo starts zoomtray's demo mode in place of this agent;
	// Restart, shown after a save, restarts the agent with the new settings.
	Save, Demo, Restart *widget.Button
	// Message reports the outcome of Save.
	Message *widget.Label

	e   *env
	cfg config.Settings
	ns  string
	// startAtLogin applies start_at_login after a save that changed it (autostart.Apply
	// with this binary); nil (tests) applies nothing. RunWindow sets it.
	startAtLogin func(on bool) error
}

// NewSettings returns the screen showing cfg, the settings of namespace ns.
func NewSettings(e *env, cfg config.Settings, ns string) *Settings {
	s := &Settings{e: e, cfg: cfg, ns: ns}
	s.newFields()
	s.Form = widget.NewForm(
		s.item("Client ID", config.KeyClientID, s.ClientID),
		s.item("Client secret", config.KeyClientSecret, s.ClientSecret),
		s.item("Zoom host", config.KeyZoomURL, container.NewVBox(s.Host, s.CustomURL)),
		s.item("Redirect ports", config.KeyRedirectPorts, s.Ports),
		s.item("Token storage", config.KeyTokenStore, container.NewVBox(s.Store, s.StoreNote)),
		s.item("Notify minutes before", config.KeyNotifyMinutes, s.Notify),
		s.item("", config.KeyStartAtLogin, s.StartAtLogin),
	)
	s.Save = widget.NewButton("Save", s.save)
	s.Save.Importance = widget.HighImportance
	s.Demo = widget.NewButton("Try the demo", s.demo)
	s.Restart = widget.NewButton("Restart zoomtray", s.restart)
	s.Restart.Hide()
	s.Message = widget.NewLabel("")
	s.Message.Wrapping = fyne.TextWrapWord
	if ns == config.DemoNamespace { // a demo never writes real settings or keyring items
		s.Demo.Hide()
		s.Save.Disable()
		s.Message.SetText(demoNote)
	}
	s.Content = container.NewVBox(s.Form, container.NewHBox(s.Save, s.Demo, s.Restart), s.Message)
	return s
}

// newFields makes the fields, filled from s.cfg.
func (s *Settings) newFields() {
	s.ClientID = entry(s.cfg.ClientID, "Client ID of your Zoom app")
	s.ClientSecret = widget.NewPasswordEntry()
	s.ClientSecret.SetPlaceHolder("Leave empty to keep the saved one, or for a PKCE-only app")
	s.CustomURL = entry("", "https://zoom.example.com")
	s.Host = widget.NewSelect([]string{hostZoom, hostGov, hostCustom}, s.hostChanged)
	s.Host.SetSelected(hostChoice(s.cfg.ZoomURL, s.CustomURL))
	s.Ports = entry(joinPorts(s.cfg.RedirectPorts), "53682, 53683, 53684")
	s.StoreNote = widget.NewLabel("")
	s.StoreNote.Wrapping = fyne.TextWrapWord
	s.Store = widget.NewRadioGroup([]string{"keyring", "file", "memory"}, s.storeChanged)
	s.Store.Horizontal = true
	s.Store.SetSelected(s.cfg.TokenStore)
	s.Notify = entry(strconv.Itoa(s.cfg.NotifyMinutes), "0 turns notifications off")
	s.StartAtLogin = widget.NewCheck("Start zoomtray when I log in", nil)
	s.StartAtLogin.SetChecked(s.cfg.StartAtLogin)
}

// entry is a one-line entry holding v.
func entry(v, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(v)
	e.SetPlaceHolder(placeholder)
	return e
}

// item is a form row; a setting the managed config locks is disabled and says so.
func (s *Settings) item(label, key string, w fyne.CanvasObject) *widget.FormItem {
	it := widget.NewFormItem(label, w)
	if s.cfg.Locked(key) {
		disable(w)
		it.HintText = lockedHint
	}
	return it
}

// disable disables w and, for containers, every widget in it.
func disable(w fyne.CanvasObject) {
	switch x := w.(type) {
	case fyne.Disableable:
		x.Disable()
	case *fyne.Container:
		for _, o := range x.Objects {
			disable(o)
		}
	}
}

// hostValue is the preset a ZoomURL stands for ("zoom.us", "zoomgov.com"), or the URL.
func hostValue(zoomURL string) string {
	switch strings.TrimSuffix(zoomURL, "/") {
	case "", "https://zoom.us", hostZoom:
		return hostZoom
	case "https://zoomgov.com", hostGov:
		return hostGov
	}
	return zoomURL
}

// hostChoice maps a ZoomURL to a choice, filling custom for other hosts.
func hostChoice(zoomURL string, custom *widget.Entry) string {
	v := hostValue(zoomURL)
	if v == hostZoom || v == hostGov {
		return v
	}
	custom.SetText(zoomURL)
	return hostCustom
}

// hostChanged shows the URL field only for a custom host.
func (s *Settings) hostChanged(choice string) {
	if choice == hostCustom {
		s.CustomURL.Show()
		return
	}
	s.CustomURL.Hide()
}

// storeChanged says where tokens will be kept.
func (s *Settings) storeChanged(kind string) {
	switch kind {
	case "file":
		s.StoreNote.SetText(fmt.Sprintf("Tokens are kept in %s, a file only you can read (mode 0600).", s.cfg.TokenFile))
	case "memory":
		s.StoreNote.SetText("Tokens are kept in memory only: you sign in again each time zoomtray starts.")
	default:
		s.StoreNote.SetText("Tokens are kept in the system keyring (Secret Service, Keychain or Credential Manager).")
	}
}

// joinPorts is "53682, 53683".
func joinPorts(ps []int) string {
	ss := make([]string, len(ps))
	for i, p := range ps {
		ss[i] = strconv.Itoa(p)
	}
	return strings.Join(ss, ", ")
}

// values are the fields as settings, in config file notation, keyed by setting name.
func (s *Settings) values() map[string]string {
	host := s.Host.Selected
	if host == hostCustom {
		host = strings.TrimSpace(s.CustomURL.Text)
	}
	return map[string]string{
		config.KeyClientID:      strings.TrimSpace(s.ClientID.Text),
		config.KeyZoomURL:       host,
		config.KeyRedirectPorts: s.Ports.Text,
		config.KeyTokenStore:    s.Store.Selected,
		config.KeyNotifyMinutes: strings.TrimSpace(s.Notify.Text),
		config.KeyStartAtLogin:  strconv.FormatBool(s.StartAtLogin.Checked),
	}
}

// current are the loaded settings in the same notation, to find what changed.
func (s *Settings) current() map[string]string {
	return map[string]string{
		config.KeyClientID:      s.cfg.ClientID,
		config.KeyZoomURL:       hostValue(s.cfg.ZoomURL),
		config.KeyRedirectPorts: joinPorts(s.cfg.RedirectPorts),
		config.KeyTokenStore:    s.cfg.TokenStore,
		config.KeyNotifyMinutes: strconv.Itoa(s.cfg.NotifyMinutes),
		config.KeyStartAtLogin:  strconv.FormatBool(s.cfg.StartAtLogin),
	}
}

// save applies the fields on a job and reports the outcome (UI goroutine).
func (s *Settings) save() {
	vals, cur, secret := s.values(), s.current(), s.ClientSecret.Text
	cfg := s.cfg
	s.Save.Disable()
	s.e.jobs.Go(func(ctx context.Context) {
		path, err := s.write(ctx, &cfg, vals, cur, secret)
		s.e.do(func() { s.saved(cfg, path, err) })
	})
}

// write sets the changed, unlocked settings on cfg, saves the user file, then the secret.
func (s *Settings) write(ctx context.Context, cfg *config.Settings, vals, cur map[string]string, secret string) (string, error) {
	for _, k := range []string{config.KeyClientID, config.KeyZoomURL, config.KeyRedirectPorts,
		config.KeyTokenStore, config.KeyNotifyMinutes, config.KeyStartAtLogin} {
		if vals[k] == cur[k] || cfg.Locked(k) {
			continue
		}
		if err := cfg.Set(k, vals[k]); err != nil {
			return "", fmt.Errorf("ui: settings: %w", err)
		}
	}
	if secret != "" && cfg.ClientID == "" {
		return "", errors.New("ui: a client secret needs the client ID it belongs to")
	}
	path, err := config.UserFile(s.ns)
	if err == nil {
		err = cfg.Save(path)
	}
	if err != nil {
		return "", fmt.Errorf("ui: save settings: %w", err)
	}
	if s.startAtLogin != nil && vals[config.KeyStartAtLogin] != cur[config.KeyStartAtLogin] {
		if err := s.startAtLogin(cfg.StartAtLogin); err != nil {
			return path, fmt.Errorf("ui: start at login: %w", err)
		}
	}
	if secret != "" && !cfg.Locked(config.KeyClientSecret) {
		if err := s.e.saveSecret(ctx, cfg.ClientID, secret); err != nil {
			return path, fmt.Errorf("ui: save client secret: %w", err)
		}
	}
	return path, nil
}

// saved shows the outcome of save (UI goroutine).
func (s *Settings) saved(cfg config.Settings, path string, err error) {
	s.Save.Enable()
	if err != nil {
		s.Message.SetText("")
		s.e.banner.ShowError(err)
		return
	}
	s.cfg = cfg
	s.ClientSecret.SetText("")
	s.e.banner.ShowAction(nil)
	s.Message.SetText("Settings saved to " + path + ". " + restartNote)
	if _, ok := s.e.api.(restarter); ok {
		s.Restart.Show()
	}
}

// restarter is the agent's API over the socket (localapi.Client.Restart).
type restarter interface {
	Restart(ctx context.Context) error
}

// restart asks the agent to restart with the saved settings; it closes this window (the
// new agent opens a new one).
func (s *Settings) restart() {
	r, ok := s.e.api.(restarter)
	if !ok {
		return
	}
	s.Restart.Disable()
	s.e.jobs.Go(func(ctx context.Context) {
		err := r.Restart(ctx)
		s.e.do(func() {
			s.Restart.Enable()
			if err != nil {
				s.e.banner.ShowError(err)
				return
			}
			s.e.closeWindow()
		})
	})
}

// demo starts "zoomtray --demo" (its own namespace and fake Zoom) detached, asks this
// agent to quit, and closes the window.
func (s *Settings) demo() {
	s.Demo.Disable()
	s.e.jobs.Go(func(ctx context.Context) {
		err := s.e.relaunch("--demo")
		if err == nil {
			err = s.e.api.Quit(ctx)
		}
		s.e.do(func() {
			s.Demo.Enable()
			if err != nil {
				s.e.banner.ShowError(err)
				return
			}
			s.e.closeWindow()
		})
	})
}
