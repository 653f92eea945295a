// Package config gathers zoomtray's settings from command-line flags, the environment, the
// user's config file and a system-wide managed config, in that order of precedence, except
// that a setting locked by the managed config wins over all. Every setting remembers where
// its value came from, so messages and the settings window can say so.
//
// config imports nothing of auth: callers build auth.Config from the plain fields.
package config

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// Setting names, as used in config files, in Source and Locked, and (with "-" for "_") as
// flag names.
const (
	KeyClientID         = "client_id"
	KeyClientSecret     = "client_secret"
	KeyZoomURL          = "zoom_url"
	KeyAPIURL           = "api_url"
	KeyRedirectPorts    = "redirect_ports"
	KeyTokenStore       = "token_store"
	KeyTokenFile        = "token_file"
	KeyNotifyMinutes    = "notify_minutes"
	KeyReminder         = "reminder"
	KeyReminderMinutes  = "reminder_minutes"
	KeyStartAtLogin     = "start_at_login"
	KeyKiosk            = "kiosk"
	KeyKioskIdleSignOut = "kiosk_idle_sign_out"
	KeyKioskSignOutAt   = "kiosk_sign_out_at"
	KeyUseZoommtg       = "use_zoommtg"
)

// Settings are zoomtray's validated settings. The zero value is not useful: get Settings
// from Load, which fills in the defaults documented on each field.
type Settings struct {
	// ClientID is the Zoom app's OAuth client ID. Empty means not configured yet.
	ClientID string
	// ClientSecret is the app's client secret; empty for a public (PKCE-only) client. It
	// comes from a flag, the environment or the managed config, never the user file.
	ClientSecret string
	// ZoomURL is the OAuth base URL. Default https://zoom.us. The presets "zoom.us" and
	// "zoomgov.com" expand to https URLs; custom URLs (a fake Zoom) must be https, or http
	// on a loopback host.
	ZoomURL string
	// APIURL is the REST base URL. Default: https://api.zoom.us/v2 for zoom.us,
	// https://api.zoomgov.com/v2 for zoomgov.com, otherwise ZoomURL + "/v2" (the fake).
	APIURL string
	// RedirectPorts are the loopback ports registered as http://127.0.0.1:PORT/callback,
	// tried in order. Default [53682, 53683, 53684].
	RedirectPorts []int
	// TokenStore is "keyring" (default), "file" or "memory".
	TokenStore string
	// TokenFile is the token file used when TokenStore is "file". Default
	// <state dir>/tokens.json.
	TokenFile string
	// NotifyMinutes is how many minutes before a meeting to notify. Default 5; 0 is off.
	NotifyMinutes int
	// Reminder is how a meeting about to start is announced: ReminderNotification
	// (default; a desktop notification NotifyMinutes before), ReminderWindow (a large
	// always-on-top window ReminderMinutes before, instead of the notification) or
	// ReminderOff.
	Reminder string
	// ReminderMinutes is how many minutes before a meeting the reminder window opens
	// (Reminder "window"). Default 1; 0 opens it at the start time.
	ReminderMinutes int
	// StartAtLogin starts the agent when the user logs in. Default false.
	StartAtLogin bool
	// Kiosk is the shared-computer mode. Default false.
	Kiosk bool
	// KioskIdleSignOut signs out after this much idle time in kiosk mode; 0 is never.
	KioskIdleSignOut time.Duration
	// KioskSignOutAt is a daily sign-out time "HH:MM" (local time) in kiosk mode; empty
	// is never.
	KioskSignOutAt string
	// UseZoommtg starts meetings with the zoommtg:// scheme instead of the https start
	// link. Default false: since late 2025 the scheme has been reported to ask some users
	// to sign in.
	UseZoommtg bool

	sources  map[string]Source // where each setting came from; missing means default
	locked   map[string]bool   // settings locked by the managed config
	given    map[string]bool   // settings some source gave a value (api_url derivation)
	ignored  []string          // overrides dropped because the setting is locked
	userFile string            // the user file read by Load, for Sources of Set
}

// The values of Settings.Reminder.
const (
	ReminderOff          = "off"
	ReminderNotification = "notification"
	ReminderWindow       = "window"
)

// SourceKind says which kind of source a setting came from.
type SourceKind int

// The kinds of Source, from lowest to highest precedence (a locked managed setting wins).
const (
	FromDefault SourceKind = iota
	FromManaged
	FromUser
	FromEnv
	FromFlag
)

// Source is where a setting's value came from.
type Source struct {
	Kind SourceKind
	// Path is the file for FromUser and FromManaged.
	Path string
	// Name is the flag ("--client-id") or environment variable ("ZOOMTRAY_CLIENT_ID").
	Name string
}

// String describes the source for people, e.g. "managed (/etc/zoomtray/managed.toml)".
func (s Source) String() string {
	switch s.Kind {
	case FromManaged:
		return "managed (" + s.Path + ")"
	case FromUser:
		return "user config " + s.Path
	case FromEnv:
		return "environment " + s.Name
	case FromFlag:
		return "flag " + s.Name
	}
	return "default"
}

// label names setting key as given by this source, with the source, for error messages:
// "ZOOMTRAY_REDIRECT_PORTS (environment)", "zoom_url (user config /home/u/...)".
func (s Source) label(key string) string {
	switch s.Kind {
	case FromEnv:
		return s.Name + " (environment)"
	case FromFlag:
		return s.Name + " (flag)"
	}
	return fmt.Sprintf("%s (%s)", key, s)
}

// Error is an invalid setting: which one, from where, and what is wrong.
type Error struct {
	Setting string
	Source  Source
	Message string
}

func (e *Error) Error() string { return e.Source.label(e.Setting) + ": " + e.Message }

// Source returns where setting name came from (FromDefault for unknown names).
func (s Settings) Source(name string) Source { return s.sources[name] }

// Locked reports whether the managed config locks setting name, so the UI shows it
// read-only and flags, environment and user file cannot change it.
func (s Settings) Locked(name string) bool { return s.locked[name] }

// Configured reports whether a client ID is set, i.e. sign-in can work.
func (s Settings) Configured() bool { return s.ClientID != "" }

// Ignored lists overrides that Load dropped because the managed config locks the setting,
// e.g. "--client-id (flag) ignored: client_id is locked by managed (/etc/...)".
func (s Settings) Ignored() []string { return slices.Clone(s.ignored) }

// Set changes setting name to value (written as in a config file or flag) as the user's
// choice, validated like any other source; Save then writes it to the user file. It fails
// for locked settings and for client_secret, which the user file never holds.
func (s *Settings) Set(name, value string) error {
	k, ok := keyByName(name)
	if !ok {
		return fmt.Errorf("unknown setting %q", name)
	}
	src := Source{Kind: FromUser, Path: s.userFile}
	if err := checkUserKey(k, src, s.locked); err != nil {
		return err
	}
	s.sources, s.given = maps.Clone(s.sources), maps.Clone(s.given)
	return s.apply(k, src, value)
}
