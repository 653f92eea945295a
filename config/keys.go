package config

import (
	"fmt"
	"strings"
)

// key describes one setting: its names in each source and how to parse and print it.
type key struct {
	name string // file key and Source/Locked name, e.g. "redirect_ports"
	env  string // environment variable, or "" when the environment cannot set it
	// secret settings never go to the user file, and their flag names a file that holds
	// the value ("--client-secret-file"): a value on the command line is readable by every
	// local user (/proc/PID/cmdline, ps).
	secret bool
	// boolean settings are switches on the command line ("--kiosk" alone means true).
	boolean bool
	// parse validates v (a string from flags and the environment, a TOML value from files)
	// and stores it in s. Its error is the message part of an *Error.
	parse func(s *Settings, v any) error
	// value returns the setting as a TOML value, for Save.
	value func(s Settings) any
}

// flag returns the command-line flag of k, e.g. "--redirect-ports".
func (k key) flag() string {
	f := "--" + strings.ReplaceAll(k.name, "_", "-")
	if k.secret {
		f += "-file"
	}
	return f
}

// keys returns every setting, in the order of the Settings fields.
func keys() []key {
	return []key{
		{name: KeyClientID, env: "ZOOMTRAY_CLIENT_ID",
			parse: func(s *Settings, v any) error { return parseToken(v, &s.ClientID) },
			value: func(s Settings) any { return s.ClientID }},
		{name: KeyClientSecret, env: "ZOOMTRAY_CLIENT_SECRET", secret: true,
			parse: func(s *Settings, v any) error { return parseToken(v, &s.ClientSecret) },
			value: func(s Settings) any { return nil }},
		{name: KeyZoomURL, env: "ZOOMTRAY_ZOOM_URL",
			parse: func(s *Settings, v any) error { return parseZoomURL(v, &s.ZoomURL) },
			value: func(s Settings) any { return s.ZoomURL }},
		{name: KeyAPIURL, env: "ZOOMTRAY_API_URL",
			parse: func(s *Settings, v any) error { return parseURL(v, &s.APIURL) },
			value: func(s Settings) any { return s.APIURL }},
		{name: KeyRedirectPorts, env: "ZOOMTRAY_REDIRECT_PORTS",
			parse: func(s *Settings, v any) error { return parsePorts(v, &s.RedirectPorts) },
			value: func(s Settings) any { return s.RedirectPorts }},
		{name: KeyTokenStore, env: "ZOOMTRAY_TOKEN_STORE",
			parse: func(s *Settings, v any) error { return parseTokenStore(v, &s.TokenStore) },
			value: func(s Settings) any { return s.TokenStore }},
		{name: KeyTokenFile, env: "ZOOMTRAY_TOKEN_FILE",
			parse: func(s *Settings, v any) error { return parsePath(v, &s.TokenFile) },
			value: func(s Settings) any { return s.TokenFile }},
		{name: KeyNotifyMinutes,
			parse: func(s *Settings, v any) error { return parseInt(v, 0, 1440, &s.NotifyMinutes) },
			value: func(s Settings) any { return s.NotifyMinutes }},
		{name: KeyReminder,
			parse: func(s *Settings, v any) error { return parseReminder(v, &s.Reminder) },
			value: func(s Settings) any { return s.Reminder }},
		{name: KeyReminderMinutes,
			parse: func(s *Settings, v any) error { return parseInt(v, 0, 1440, &s.ReminderMinutes) },
			value: func(s Settings) any { return s.ReminderMinutes }},
		{name: KeyStartAtLogin, boolean: true,
			parse: func(s *Settings, v any) error { return parseBool(v, &s.StartAtLogin) },
			value: func(s Settings) any { return s.StartAtLogin }},
		{name: KeyKiosk, boolean: true,
			parse: func(s *Settings, v any) error { return parseBool(v, &s.Kiosk) },
			value: func(s Settings) any { return s.Kiosk }},
		{name: KeyKioskIdleSignOut,
			parse: func(s *Settings, v any) error { return parseDuration(v, &s.KioskIdleSignOut) },
			value: func(s Settings) any { return s.KioskIdleSignOut.String() }},
		{name: KeyKioskSignOutAt,
			parse: func(s *Settings, v any) error { return parseClock(v, &s.KioskSignOutAt) },
			value: func(s Settings) any { return s.KioskSignOutAt }},
		{name: KeyUseZoommtg, boolean: true,
			parse: func(s *Settings, v any) error { return parseBool(v, &s.UseZoommtg) },
			value: func(s Settings) any { return s.UseZoommtg }},
	}
}

// keyByName finds the setting called name.
func keyByName(name string) (key, bool) {
	for _, k := range keys() {
		if k.name == name {
			return k, true
		}
	}
	return key{}, false
}

// keyByFlag finds the setting of a Sources.Flags key given with or without dashes
// ("redirect-ports", "--redirect-ports"; "client-secret" or "client-secret-file" for the
// secret read from the file).
func keyByFlag(flag string) (key, bool) {
	name := strings.ReplaceAll(strings.TrimLeft(flag, "-"), "-", "_")
	if k, ok := keyByName(strings.TrimSuffix(name, "_file")); ok && k.secret {
		return k, true
	}
	return keyByName(name)
}

// Flag describes a setting for the command line: cmd registers these flags and passes the
// ones the user set to Load in Sources.Flags, keyed by Name. A File flag names a file (or
// "-", standard input) that holds the value: cmd reads it with ReadSecretFile and passes
// the value itself.
type Flag struct {
	Name string // "redirect-ports", "client-secret-file"
	Env  string // "ZOOMTRAY_REDIRECT_PORTS", or ""
	// Setting is the setting name, e.g. "redirect_ports".
	Setting string
	// File is set for a secret's flag: its argument is a file name, never the secret.
	File bool
	// Bool is set for a switch: true or false, and given alone it means true.
	Bool bool
}

// Flags lists every setting's flag.
func Flags() []Flag {
	var fs []Flag
	for _, k := range keys() {
		fs = append(fs, Flag{Name: strings.TrimPrefix(k.flag(), "--"), Env: k.env, Setting: k.name, File: k.secret, Bool: k.boolean})
	}
	return fs
}

// checkUserKey refuses what the user (file, or Set) may not set: secrets and locked keys.
func checkUserKey(k key, src Source, locked map[string]bool) error {
	if k.secret {
		return &Error{Setting: k.name, Source: src, Message: "not allowed in the user config file " +
			"(it is stored in plain text); set ZOOMTRAY_CLIENT_SECRET or --client-secret-file instead"}
	}
	if locked[k.name] {
		return &Error{Setting: k.name, Source: src, Message: "locked by the managed configuration"}
	}
	return nil
}

// errf is shorthand for the message of a parse error.
func errf(format string, a ...any) error { return fmt.Errorf(format, a...) }
