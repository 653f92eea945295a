package localapi

import (
	"path/filepath"

	"github.com/zoomtray/zoomtray/config"
)

// SocketName is the socket's file name in the namespace's runtime directory.
const SocketName = "agent.sock"

// SocketPath returns the agent's socket of namespace: <config.Paths(ns).Runtime>/agent.sock
// (docs/CONTRACTS.md, "localapi").
func SocketPath(namespace string) (string, error) {
	d, err := config.Paths(namespace)
	if err != nil {
		return "", err
	}
	return filepath.Join(d.Runtime, SocketName), nil
}
