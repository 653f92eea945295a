package config

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/zoomtray/zoomtray/internal/atomicfile"
)

// A config file is TOML (like FyneApp.toml) with one top-level key per setting:
//
//	client_id = "abc123"
//	zoom_url = "zoomgov.com"
//	redirect_ports = [53682, 53683]
//
// The managed file may also lock settings, so flags, the environment and the user file
// cannot change them: `locked = ["client_id", "zoom_url"]`, or `lock_all = true` to lock
// every setting it sets. Locking zoom_url also locks api_url.

// Keys only the managed file knows.
const (
	keyLocked  = "locked"
	keyLockAll = "lock_all"
)

// entry is one setting given by a source.
type entry struct {
	key   key
	value any
	src   Source
}

// fileValues are the settings one source gives, in setting order, and for the managed
// file what it locks.
type fileValues struct {
	src     Source
	entries []entry
	locked  []string
	lockAll bool
}

// lockSet returns the settings the managed file locks.
func (f fileValues) lockSet() map[string]bool {
	set := map[string]bool{}
	for _, name := range f.locked {
		set[name] = true
	}
	if f.lockAll {
		for _, e := range f.entries {
			set[e.key.name] = true
		}
	}
	if set[KeyZoomURL] {
		set[KeyAPIURL] = true
	}
	return set
}

// parseFile parses a config file of source src (FromUser or FromManaged). It checks only
// the shape (known keys, lock lists); values are validated when applied.
func parseFile(data []byte, src Source) (fileValues, error) {
	l := fileValues{src: src}
	var m map[string]any
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&m); err != nil {
		return l, fmt.Errorf("%s: %w", src, err)
	}
	var errs []error
	for _, name := range slices.Sorted(maps.Keys(m)) {
		errs = append(errs, l.add(name, m[name]))
	}
	slices.SortStableFunc(l.entries, func(a, b entry) int { return keyIndex(a.key.name) - keyIndex(b.key.name) })
	return l, errors.Join(errs...)
}

// add records one top-level key of a file.
func (l *fileValues) add(name string, v any) error {
	managed := l.src.Kind == FromManaged
	switch {
	case managed && name == keyLocked:
		return l.addLocked(v)
	case managed && name == keyLockAll:
		b, ok := v.(bool)
		if !ok {
			return &Error{Setting: name, Source: l.src, Message: "must be true or false"}
		}
		l.lockAll = b
		return nil
	}
	k, ok := keyByName(name)
	if !ok {
		return &Error{Setting: name, Source: l.src, Message: "unknown setting"}
	}
	if k.secret && !managed {
		return checkUserKey(k, l.src, nil)
	}
	l.entries = append(l.entries, entry{key: k, value: v, src: l.src})
	return nil
}

// addLocked records the managed file's list of locked settings.
func (l *fileValues) addLocked(v any) error {
	list, ok := v.([]any)
	if !ok {
		return &Error{Setting: keyLocked, Source: l.src, Message: "must be a list of setting names"}
	}
	for _, it := range list {
		name, _ := it.(string)
		if _, ok := keyByName(name); !ok {
			return &Error{Setting: keyLocked, Source: l.src, Message: fmt.Sprintf("unknown setting %q", fmt.Sprint(it))}
		}
		l.locked = append(l.locked, name)
	}
	return nil
}

// keyIndex is the position of setting name in keys(), for a stable order.
func keyIndex(name string) int {
	return slices.IndexFunc(keys(), func(k key) bool { return k.name == name })
}

// Save writes the user's own settings (those whose source is the user file, including
// changes made with Set) to the user config file at path, atomically with mode 0600 in a
// 0700 directory. It never writes client_secret, nor values from flags, the environment,
// the managed file or defaults, nor an api_url derived from zoom_url.
func (s Settings) Save(path string) error {
	data, err := s.encodeUser()
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	if err := atomicfile.Write(path, data, nil); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

// encodeUser returns the user-sourced settings as TOML.
func (s Settings) encodeUser() ([]byte, error) {
	m := map[string]any{}
	for _, k := range keys() {
		if s.sources[k.name].Kind == FromUser && s.given[k.name] && !k.secret && !s.locked[k.name] {
			m[k.name] = k.value(s)
		}
	}
	var buf bytes.Buffer
	buf.WriteString("# zoomtray settings, written by zoomtray " + time.Now().UTC().Format(time.RFC3339) + "\n")
	if err := toml.NewEncoder(&buf).Encode(m); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
