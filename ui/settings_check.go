package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/mobile"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/ui/text"
)

// numberEntry is an entry that takes digits only (a whole number of minutes), and asks
// touch keyboards for their number pad.
type numberEntry struct {
	widget.Entry
}

// newNumberEntry returns an empty number entry.
func newNumberEntry() *numberEntry {
	e := &numberEntry{}
	e.ExtendBaseWidget(e)
	return e
}

// TypedRune ignores everything but digits.
func (e *numberEntry) TypedRune(r rune) {
	if r >= '0' && r <= '9' {
		e.Entry.TypedRune(r)
	}
}

// Keyboard asks for the number pad.
func (e *numberEntry) Keyboard() mobile.KeyboardType { return mobile.NumberKeyboard }

// watchValidity gives each editable field its check and keeps Save enabled only while
// every field can be saved.
func (s *settingsScreen) watchValidity() {
	checks := []struct {
		e   *widget.Entry
		key string
		v   fyne.StringValidator
	}{
		{s.ClientID, config.KeyClientID, s.checkClientID},
		{s.ClientSecret, config.KeyClientSecret, s.checkSecret},
		{s.CustomURL, config.KeyZoomURL, s.checkCustomURL},
		{s.Ports, config.KeyRedirectPorts, s.checkSetting(config.KeyRedirectPorts)},
		{&s.Notify.Entry, config.KeyNotifyMinutes, s.checkSetting(config.KeyNotifyMinutes)},
		{&s.ReminderMinutes.Entry, config.KeyReminderMinutes, s.checkSetting(config.KeyReminderMinutes)},
	}
	for _, c := range checks {
		if s.cfg.Locked(c.key) {
			continue
		}
		c.e.Validator = c.v
		c.e.SetOnValidationChanged(func(error) { s.updateSave() })
	}
	s.ClientID.OnChanged = func(string) { s.ClientSecret.Validate(); s.updateSave() }
	s.updateSave()
}

// invalid returns the first field's problem, or nil when all can be saved.
func (s *settingsScreen) invalid() error {
	for _, e := range []*widget.Entry{s.ClientID, s.ClientSecret, s.CustomURL, s.Ports, &s.Notify.Entry, &s.ReminderMinutes.Entry} {
		if e.Validator == nil || e.Disabled() {
			continue
		}
		if err := e.Validator(e.Text); err != nil {
			return err
		}
	}
	return nil
}

// updateSave enables Save while every field is valid (never in the demo, which saves
// nothing).
func (s *settingsScreen) updateSave() {
	if s.Save == nil || s.ns == config.DemoNamespace {
		return
	}
	if s.invalid() != nil {
		s.Save.Disable()
		return
	}
	s.Save.Enable()
}

// checkClientID needs a client ID: without one zoomtray has no Zoom app to sign in with.
func (s *settingsScreen) checkClientID(v string) error {
	if strings.TrimSpace(v) == "" {
		return errors.New(text.Field(config.KeyClientID))
	}
	return s.checkSetting(config.KeyClientID)(v)
}

// checkSecret refuses a secret without the client ID it belongs to.
func (s *settingsScreen) checkSecret(v string) error {
	if v != "" && strings.TrimSpace(s.ClientID.Text) == "" {
		return errors.New(text.Field(config.KeyClientSecret))
	}
	return nil
}

// checkCustomURL checks the URL field while "Custom URL" is the chosen host.
func (s *settingsScreen) checkCustomURL(v string) error {
	if s.Host == nil || s.Host.Selected != hostCustom {
		return nil
	}
	return s.checkSetting(config.KeyZoomURL)(v)
}

// checkSetting checks v as the value of setting key, the way Save will set it.
func (s *settingsScreen) checkSetting(key string) fyne.StringValidator {
	return func(v string) error {
		trial := s.cfg
		if err := trial.Set(key, strings.TrimSpace(v)); err != nil {
			return errors.New(text.Field(key))
		}
		return nil
	}
}
