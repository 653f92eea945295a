package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
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

// settingsScreen is the settings screen. Saving writes the user config file
// (config.settingsScreen.Set, then Save(config.UserFile(namespace))) and the client secret to
// the keyring (tokenstore.SaveClientSecret; the user file never holds it). The running
// agent keeps its settings until restarted: after a save, Restart asks it to restart
// itself (localapi.Client.Restart), which it does only after its socket is gone, so the
// new agent's single-instance check cannot see the old one. settingsScreen the
// managed configuration locks are shown disabled, marked "Set by your organization".
//
// Most people only ever change the general settings, so the Zoom app's (client ID and
// secret, host, redirect ports, token storage) sit under "Advanced: Zoom app". Each field
// checks what is typed and says next to itself what it needs; Save stays disabled until
// every field can be used, and the buttons stay in view below the scrolling fields.
type settingsScreen struct {
	Content fyne.CanvasObject
	// Form holds the Zoom app's credentials; Advanced its host, ports and token storage;
	// General the everyday settings.
	Form, Advanced, General           *widget.Form
	ClientID, ClientSecret, CustomURL *widget.Entry
	Ports                             *widget.Entry
	// Notify takes digits only (minutes before a meeting).
	Notify *numberEntry
	// Reminder chooses how a meeting is announced (config.Settings.Reminder), shown as
	// reminderLabels; ReminderMinutes is the reminder window's lead, digits only.
	Reminder        *widget.RadioGroup
	ReminderMinutes *numberEntry
	Host            *widget.Select
	Store           *widget.RadioGroup
	// StoreNote says where tokens live for the chosen store.
	StoreNote                *widget.Label
	StartAtLogin, UseZoommtg *widget.Check
	// Save writes the settings; Demo starts zoomtray's demo mode in place of this agent;
	// Restart, shown after a save, restarts the agent with the new settings.
	Save, Demo, Restart *widget.Button
	// Message reports the outcome of Save.
	Message *widget.Label
	// More is the closed section holding the Zoom app's settings.
	More *widget.Accordion

	e   *env
	cfg config.Settings
	ns  string
	// firstRun lays the screen out for set-up: the credentials first, no general settings.
	firstRun bool
	// startAtLogin applies start_at_login after a save that changed it (autostart.Apply
	// with this binary); nil (tests) applies nothing. RunWindow sets it.
	startAtLogin func(on bool) error
}

// newSettingsScreen returns the screen showing cfg, the settings of namespace ns.
func newSettingsScreen(e *env, cfg config.Settings, ns string) *settingsScreen {
	return newSettings(e, cfg, ns, false)
}

// newSettings builds the settings screen; firstRun lays it out for the first-run screen.
func newSettings(e *env, cfg config.Settings, ns string, firstRun bool) *settingsScreen {
	s := &settingsScreen{e: e, cfg: cfg, ns: ns, firstRun: firstRun}
	s.newFields()
	s.Form = widget.NewForm(
		s.item("Client ID", config.KeyClientID, s.ClientID),
		s.item("Client secret", config.KeyClientSecret, s.ClientSecret))
	s.Advanced = widget.NewForm(
		s.item("Zoom host", config.KeyZoomURL, container.NewVBox(s.Host, s.CustomURL)),
		s.item("Redirect ports", config.KeyRedirectPorts, s.Ports),
		s.item("Token storage", config.KeyTokenStore, container.NewVBox(s.Store, s.StoreNote)))
	s.General = widget.NewForm(
		s.item("Remind me", config.KeyReminder, s.Reminder),
		s.item("", config.KeyNotifyMinutes, minutesRow("Notification", s.Notify)),
		s.item("", config.KeyReminderMinutes, minutesRow("Window", s.ReminderMinutes)),
		s.item("", config.KeyStartAtLogin, s.StartAtLogin),
		s.item("", config.KeyUseZoommtg, s.UseZoommtg))
	s.Form.Items[0].HintText = orHint(s.Form.Items[0].HintText, "From your Zoom app's App Credentials page")
	s.General.Items[0].HintText = orHint(s.General.Items[0].HintText,
		"The window opens large, above other windows")
	s.General.Items[1].HintText = orHint(s.General.Items[1].HintText, "0 turns notifications off")
	s.General.Items[2].HintText = orHint(s.General.Items[2].HintText, "0 opens it when the meeting starts")
	s.Save = widget.NewButtonWithIcon("Save", theme.DocumentSaveIcon(), s.save)
	s.Save.Importance = widget.HighImportance
	s.Demo = widget.NewButtonWithIcon("Try the demo", theme.MediaPlayIcon(), s.demo)
	s.Restart = widget.NewButtonWithIcon("Restart zoomtray", theme.ViewRefreshIcon(), s.restart)
	s.Restart.Hide()
	s.Message = paragraph("")
	if ns == config.DemoNamespace { // a demo never writes real settings or keyring items
		s.Demo.Hide()
		s.Save.Disable()
		s.Message.SetText(demoNote)
	}
	s.watchValidity()
	if !firstRun { // the first-run screen puts the parts around its steps itself
		s.Content = container.NewBorder(nil, s.bottomBar(), nil, nil, container.NewVScroll(s.fields()))
	}
	return s
}

// fields is the scrolling part: in the settings tab the general settings, then the Zoom
// app's under a closed "Advanced" section; on first run the credentials, then the rest
// under "More options".
func (s *settingsScreen) fields() fyne.CanvasObject {
	if s.firstRun {
		s.More = widget.NewAccordion(widget.NewAccordionItem("More options: Zoom host, redirect ports, token storage", s.Advanced))
		return container.NewVBox(s.Form, s.More)
	}
	s.More = widget.NewAccordion(widget.NewAccordionItem("Advanced: Zoom app",
		container.NewVBox(s.Form, s.Advanced)))
	return container.NewVBox(heading("General"), s.General, s.More)
}

// bottomBar holds the buttons and the outcome of the last save, always in view.
func (s *settingsScreen) bottomBar() fyne.CanvasObject {
	return container.NewVBox(widget.NewSeparator(),
		container.NewHBox(s.Save, s.Demo, s.Restart), s.Message)
}

// orHint is hint, or def when the field has none (a locked field says so instead).
func orHint(hint, def string) string {
	if hint != "" {
		return hint
	}
	return def
}

// newFields makes the fields, filled from s.cfg.
func (s *settingsScreen) newFields() {
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
	s.Notify = newNumberEntry()
	s.Notify.SetText(strconv.Itoa(s.cfg.NotifyMinutes))
	s.Reminder = widget.NewRadioGroup([]string{reminderLabels[config.ReminderOff],
		reminderLabels[config.ReminderNotification], reminderLabels[config.ReminderWindow]}, nil)
	s.Reminder.Horizontal = true
	s.Reminder.Required = true
	s.Reminder.SetSelected(reminderLabels[orDefault(s.cfg.Reminder, config.ReminderNotification)])
	s.ReminderMinutes = newNumberEntry()
	s.ReminderMinutes.SetText(strconv.Itoa(s.cfg.ReminderMinutes))
	s.StartAtLogin = widget.NewCheck("Start zoomtray when I log in", nil)
	s.StartAtLogin.SetChecked(s.cfg.StartAtLogin)
	s.UseZoommtg = widget.NewCheck("Open meetings straight in the Zoom app (zoommtg:// links)", nil)
	s.UseZoommtg.SetChecked(s.cfg.UseZoommtg)
}

// minutesRow is "<what> [N] minutes before a meeting", what in a column of its own so
// that the rows' fields line up. The form's labels stay short: the settings fit a
// 560-pixel window.
func minutesRow(what string, n *numberEntry) fyne.CanvasObject {
	return container.NewHBox(fixedWidth(104, widget.NewLabel(what)), fixedWidth(96, n),
		widget.NewLabel("minutes before a meeting"))
}

// reminderLabels are the choices of Reminder for each config.Settings.Reminder value.
var reminderLabels = map[string]string{
	config.ReminderOff:          "Off",
	config.ReminderNotification: "Notification",
	config.ReminderWindow:       "Window",
}

// reminderValue is the config value of a Reminder choice.
func reminderValue(label string) string {
	for v, l := range reminderLabels {
		if l == label {
			return v
		}
	}
	return config.ReminderNotification
}

// orDefault is v, or def when v is empty.
func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// entry is a one-line entry holding v.
func entry(v, placeholder string) *widget.Entry {
	e := widget.NewEntry()
	e.SetText(v)
	e.SetPlaceHolder(placeholder)
	return e
}

// item is a form row; a setting the managed config locks is disabled and says so.
func (s *settingsScreen) item(label, key string, w fyne.CanvasObject) *widget.FormItem {
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
func (s *settingsScreen) hostChanged(choice string) {
	if choice == hostCustom {
		s.CustomURL.Show()
	} else {
		s.CustomURL.Hide()
	}
	if s.CustomURL.Validator != nil {
		_ = s.CustomURL.Validate()
		s.updateSave()
	}
}

// storeChanged says where tokens will be kept.
func (s *settingsScreen) storeChanged(kind string) {
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
func (s *settingsScreen) values() map[string]string {
	host := s.Host.Selected
	if host == hostCustom {
		host = strings.TrimSpace(s.CustomURL.Text)
	}
	return map[string]string{
		config.KeyClientID:        strings.TrimSpace(s.ClientID.Text),
		config.KeyZoomURL:         host,
		config.KeyRedirectPorts:   s.Ports.Text,
		config.KeyTokenStore:      s.Store.Selected,
		config.KeyNotifyMinutes:   strings.TrimSpace(s.Notify.Text),
		config.KeyReminder:        reminderValue(s.Reminder.Selected),
		config.KeyReminderMinutes: strings.TrimSpace(s.ReminderMinutes.Text),
		config.KeyStartAtLogin:    strconv.FormatBool(s.StartAtLogin.Checked),
		config.KeyUseZoommtg:      strconv.FormatBool(s.UseZoommtg.Checked),
	}
}

// current are the loaded settings in the same notation, to find what changed.
func (s *settingsScreen) current() map[string]string {
	return map[string]string{
		config.KeyClientID:        s.cfg.ClientID,
		config.KeyZoomURL:         hostValue(s.cfg.ZoomURL),
		config.KeyRedirectPorts:   joinPorts(s.cfg.RedirectPorts),
		config.KeyTokenStore:      s.cfg.TokenStore,
		config.KeyNotifyMinutes:   strconv.Itoa(s.cfg.NotifyMinutes),
		config.KeyReminder:        orDefault(s.cfg.Reminder, config.ReminderNotification),
		config.KeyReminderMinutes: strconv.Itoa(s.cfg.ReminderMinutes),
		config.KeyStartAtLogin:    strconv.FormatBool(s.cfg.StartAtLogin),
		config.KeyUseZoommtg:      strconv.FormatBool(s.cfg.UseZoommtg),
	}
}
