package config

import (
	"os"
	"path/filepath"
	"testing"
)

// writeFile writes content to name in a fresh temp dir and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// envOf returns an Env lookup over m.
func envOf(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// isolate points the user directories at a temp dir, so defaults are deterministic.
func isolate(t *testing.T) string {
	t.Helper()
	home := t.TempDir()
	t.Setenv("HOME", home)
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(home, ".config"))
	t.Setenv("XDG_CACHE_HOME", filepath.Join(home, ".cache"))
	t.Setenv("XDG_STATE_HOME", filepath.Join(home, ".local", "state"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(home, ".local", "share"))
	t.Setenv("XDG_RUNTIME_DIR", filepath.Join(home, "run"))
	return home
}

// mustLoad loads src and fails t on error.
func mustLoad(t *testing.T, src Sources) Settings {
	t.Helper()
	s, err := Load(src)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return s
}
