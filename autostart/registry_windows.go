//go:build windows

package autostart

import (
	"errors"

	"golang.org/x/sys/windows/registry"
)

// winKey adapts registry.Key to runKey.
type winKey struct{ k registry.Key }

// openRunKey opens HKCU\Software\Microsoft\Windows\CurrentVersion\Run for reading and
// writing, creating it if needed.
func openRunKey() (runKey, error) {
	k, _, err := registry.CreateKey(registry.CURRENT_USER, runKeyPath, registry.QUERY_VALUE|registry.SET_VALUE)
	if err != nil {
		return nil, err
	}
	return winKey{k}, nil
}

func (w winKey) SetStringValue(name, value string) error { return w.k.SetStringValue(name, value) }

func (w winKey) GetStringValue(name string) (string, error) {
	v, _, err := w.k.GetStringValue(name)
	if errors.Is(err, registry.ErrNotExist) {
		return "", errValueNotFound
	}
	return v, err
}

func (w winKey) DeleteValue(name string) error {
	err := w.k.DeleteValue(name)
	if errors.Is(err, registry.ErrNotExist) {
		return errValueNotFound
	}
	return err
}

func (w winKey) Close() error { return w.k.Close() }
