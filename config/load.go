package config

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Sources are the inputs of Load. Zero fields are absent sources.
type Sources struct {
	// Flags holds only the flags the user set, keyed by flag name ("client-id"; leading
	// dashes are allowed), values as typed.
	Flags map[string]string
	// Env looks up environment variables (os.Getenv); nil reads no environment.
	Env func(string) string
	// UserFile is the user's config file (see UserFile); a missing file is no error.
	UserFile string
	// ManagedFile is the system-wide managed config (see ManagedFile); a missing file is
	// no error.
	ManagedFile string
	// Namespace separates data directories ("zoomtray", or "zoomtray-demo" for demo
	// mode); empty means DefaultNamespace. It sets the default token file.
	Namespace string
}

// SystemSources returns the Sources of a real run: the given flags, the process
// environment, the user's config file and the managed config of this OS.
func SystemSources(flags map[string]string, namespace string) (Sources, error) {
	p, err := Paths(namespace)
	if err != nil {
		return Sources{}, err
	}
	return Sources{Flags: flags, Env: os.Getenv, UserFile: filepath.Join(p.Config, "config.toml"),
		ManagedFile: ManagedFile(), Namespace: namespace}, nil
}

// Load reads, merges and validates the settings. Precedence, highest first: settings
// locked by the managed file, flags, environment, user file, the managed file's unlocked
// settings, defaults. Every invalid setting is reported (joined) as an *Error naming the
// setting and its source; unknown keys in files and unknown flags are errors too.
func Load(src Sources) (Settings, error) {
	s, err := defaults(src.Namespace)
	if err != nil {
		return Settings{}, err
	}
	managed, mErr := readFile(src.ManagedFile, Source{Kind: FromManaged, Path: src.ManagedFile})
	user, uErr := readFile(src.UserFile, Source{Kind: FromUser, Path: src.UserFile})
	errs := []error{mErr, uErr}
	s.userFile = src.UserFile
	s.locked = managed.lockSet()
	layers := []fileValues{managed, user, envLayer(src.Env), {}}
	flags, fErr := flagLayer(src.Flags)
	layers[3] = flags
	errs = append(errs, fErr)
	for _, l := range layers {
		errs = append(errs, s.applyLayer(l, managed.src))
	}
	errs = append(errs, s.applyLocks(managed))
	s.derive()
	return s, errors.Join(errs...)
}

// defaults returns Settings holding every default.
func defaults(namespace string) (Settings, error) {
	p, err := Paths(namespace)
	if err != nil {
		return Settings{}, err
	}
	return Settings{
		ZoomURL: presets["zoom.us"][0], RedirectPorts: []int{53682, 53683, 53684},
		TokenStore: "keyring", TokenFile: filepath.Join(p.State, "tokens.json"), NotifyMinutes: 5,
		Reminder: ReminderNotification, ReminderMinutes: 1,
		sources: map[string]Source{}, given: map[string]bool{},
	}, nil
}

// applyLayer applies the unlocked values of one source; overrides of locked settings are
// noted in s.ignored (the managed file's own values are applied by applyLocks).
func (s *Settings) applyLayer(l fileValues, lockedBy Source) error {
	var errs []error
	for _, e := range l.entries {
		if s.locked[e.key.name] {
			if e.src.Kind != FromManaged {
				s.ignored = append(s.ignored, fmt.Sprintf("%s ignored: %s is locked by %s",
					e.src.label(e.key.name), e.key.name, lockedBy))
			}
			continue
		}
		errs = append(errs, s.apply(e.key, e.src, e.value))
	}
	return errors.Join(errs...)
}

// applyLocks sets every locked setting to the managed file's value, or to its default
// when the managed file locks it without a value, with the managed file as its source.
func (s *Settings) applyLocks(m fileValues) error {
	var errs []error
	for _, e := range m.entries {
		if s.locked[e.key.name] {
			errs = append(errs, s.apply(e.key, e.src, e.value))
		}
	}
	for name := range s.locked {
		if _, ok := s.sources[name]; !ok {
			s.sources[name] = m.src
		}
	}
	return errors.Join(errs...)
}

// apply parses value into s and records its source.
func (s *Settings) apply(k key, src Source, value any) error {
	if err := k.parse(s, value); err != nil {
		return &Error{Setting: k.name, Source: src, Message: err.Error()}
	}
	s.sources[k.name] = src
	s.given[k.name] = true
	s.derive()
	return nil
}

// derive fills settings that default from others: api_url follows zoom_url unless some
// source gave it.
func (s *Settings) derive() {
	if !s.given[KeyAPIURL] {
		s.APIURL = defaultAPIURL(s.ZoomURL)
		if src, ok := s.sources[KeyZoomURL]; ok && !s.locked[KeyAPIURL] {
			s.sources[KeyAPIURL] = src
		}
	}
}

// envLayer reads the settings that have environment variables; empty means unset.
func envLayer(env func(string) string) fileValues {
	var l fileValues
	if env == nil {
		return l
	}
	for _, k := range keys() {
		if v := env(k.env); k.env != "" && v != "" {
			l.entries = append(l.entries, entry{key: k, value: v, src: Source{Kind: FromEnv, Name: k.env}})
		}
	}
	return l
}

// flagLayer maps the user's flags to settings, in setting order; unknown flags are errors.
func flagLayer(flags map[string]string) (fileValues, error) {
	var l fileValues
	var errs []error
	names := slices.Sorted(maps.Keys(flags))
	for _, name := range names {
		k, ok := keyByFlag(name)
		if !ok {
			errs = append(errs, fmt.Errorf("unknown flag --%s", strings.TrimLeft(name, "-")))
			continue
		}
		l.entries = append(l.entries, entry{key: k, value: flags[name], src: Source{Kind: FromFlag, Name: k.flag()}})
	}
	return l, errors.Join(errs...)
}

// readFile reads and parses a config file; a missing file (or no path) gives no values.
func readFile(path string, src Source) (fileValues, error) {
	l := fileValues{src: src}
	if path == "" {
		return l, nil
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return l, nil
	}
	if err != nil {
		return l, fmt.Errorf("read %s: %w", src, err)
	}
	return parseFile(b, src)
}
