package config

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultNamespace names zoomtray's directories; demo mode uses DemoNamespace so it never
// touches a real user's tokens or settings.
const (
	DefaultNamespace = "zoomtray"
	DemoNamespace    = "zoomtray-demo"
)

// Dirs are the per-user directories of one namespace. Paths only computes them; callers
// create them with mode 0700 (Ensure).
type Dirs struct {
	// Config holds config.toml: os.UserConfigDir()/<ns>.
	Config string
	// State holds logs, the lock file and a token file: $XDG_STATE_HOME/<ns>, else
	// ~/.local/state/<ns> on Linux and BSD (XDG base directory default), else the
	// config directory.
	State string
	// Cache holds disposable data: os.UserCacheDir()/<ns>.
	Cache string
	// Runtime holds the local API socket: $XDG_RUNTIME_DIR/<ns>, else <cache>/run.
	Runtime string
	// Data holds the transcript search index: $XDG_DATA_HOME/<ns>, else
	// ~/.local/share/<ns> on Linux and BSD (XDG base directory default), else the config
	// directory (Application Support on macOS, AppData\Roaming on Windows).
	Data string
}

// Paths returns the directories of namespace (DefaultNamespace when empty).
func Paths(namespace string) (Dirs, error) {
	if namespace == "" {
		namespace = DefaultNamespace
	}
	cfg, err := os.UserConfigDir()
	if err != nil {
		return Dirs{}, err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return Dirs{}, err
	}
	d := Dirs{Config: filepath.Join(cfg, namespace), Cache: filepath.Join(cache, namespace)}
	d.State = stateDir(namespace, d.Config)
	d.Data = dataDir(namespace, d.Config)
	d.Runtime = filepath.Join(d.Cache, "run")
	if rt := os.Getenv("XDG_RUNTIME_DIR"); filepath.IsAbs(rt) {
		d.Runtime = filepath.Join(rt, namespace)
	}
	return d, nil
}

// stateDir follows the XDG base directory spec where it applies.
func stateDir(namespace, configDir string) string {
	if s := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(s) {
		return filepath.Join(s, namespace)
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "state", namespace)
		}
	}
	return configDir
}

// dataDir follows the XDG base directory spec where it applies.
func dataDir(namespace, configDir string) string {
	if s := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(s) {
		return filepath.Join(s, namespace)
	}
	if runtime.GOOS != "windows" && runtime.GOOS != "darwin" && runtime.GOOS != "ios" {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, ".local", "share", namespace)
		}
	}
	return configDir
}

// Ensure creates every directory with mode 0700 (the runtime directory must not be
// readable by others: it holds the local API socket).
func (d Dirs) Ensure() error {
	var errs []error
	for _, dir := range []string{d.Config, d.State, d.Cache, d.Runtime, d.Data} {
		if dir == "" {
			continue
		}
		errs = append(errs, os.MkdirAll(dir, 0o700))
	}
	return errors.Join(errs...)
}

// UserFile returns the user's config file of namespace: <config dir>/config.toml.
func UserFile(namespace string) (string, error) {
	d, err := Paths(namespace)
	if err != nil {
		return "", err
	}
	return filepath.Join(d.Config, "config.toml"), nil
}

// ManagedFile returns the system-wide managed config of this OS: /etc/zoomtray/managed.toml
// on Linux and BSD, %ProgramData%\zoomtray\managed.toml on Windows, and
// /Library/Application Support/zoomtray/managed.toml on macOS. Administrators deploy the
// company's client ID there.
func ManagedFile() string {
	switch runtime.GOOS {
	case "windows":
		pd := os.Getenv("ProgramData")
		if pd == "" {
			pd = `C:\ProgramData`
		}
		return filepath.Join(pd, "zoomtray", "managed.toml")
	case "darwin":
		return "/Library/Application Support/zoomtray/managed.toml"
	}
	return "/etc/zoomtray/managed.toml"
}
