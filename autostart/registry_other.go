//go:build !windows

package autostart

import "errors"

// openRunKey fails outside Windows: there is no registry.
func openRunKey() (runKey, error) {
	return nil, errors.New("the registry exists on Windows only")
}
