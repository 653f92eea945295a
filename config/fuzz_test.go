package config

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// parseAndApply parses data as a file of kind and applies it over the defaults.
func parseAndApply(t *testing.T, data []byte, kind SourceKind) (Settings, error) {
	t.Helper()
	s, err := defaults("")
	if err != nil {
		t.Fatal(err)
	}
	f, err := parseFile(data, Source{Kind: kind, Path: "fuzz.toml"})
	if err != nil {
		return s, err
	}
	if kind == FromManaged {
		s.locked = f.lockSet()
	}
	if err := s.applyLayer(f, f.src); err != nil {
		return s, err
	}
	return s, s.applyLocks(f)
}

// FuzzParseConfig checks that the file parser never panics, and that a user file it
// accepts survives Save and a reload unchanged.
func FuzzParseConfig(f *testing.F) {
	for _, name := range []string{"user.toml", "managed.toml"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, name == "managed.toml")
	}
	f.Add([]byte("redirect_ports = \"53682,53683\"\nkiosk_sign_out_at = \"7:05\""), false)
	f.Add([]byte("lock_all = true\nnotify_minutes = 3"), true)
	f.Fuzz(func(t *testing.T, data []byte, managed bool) {
		kind := FromUser
		if managed {
			kind = FromManaged
		}
		s, err := parseAndApply(t, data, kind)
		if err != nil || managed {
			return
		}
		out, err := s.encodeUser()
		if err != nil {
			t.Fatalf("encode accepted settings: %v", err)
		}
		again, err := parseAndApply(t, out, FromUser)
		if err != nil {
			t.Fatalf("reparse of saved settings: %v\n%s", err, out)
		}
		again.sources, s.sources = nil, nil
		if !reflect.DeepEqual(again, s) {
			t.Errorf("saved and reloaded\n%+v\nwant\n%+v\nfile:\n%s", again, s, out)
		}
	})
}
