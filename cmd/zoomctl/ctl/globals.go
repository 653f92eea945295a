package ctl

import (
	"flag"
	"os"

	"github.com/zoomtray/zoomtray/config"
)

// globals are the global flags: every config flag (config.Flags), --namespace and
// --socket. Only the config flags the user set reach config.Load.
type globals struct {
	set       map[string]string // config flags set, keyed by flag name
	namespace string
	socket    string
}

func newGlobals(getenv func(string) string) *globals {
	ns := getenv("ZOOMTRAY_NAMESPACE")
	if ns == "" {
		ns = config.DefaultNamespace
	}
	return &globals{set: map[string]string{}, namespace: ns}
}

// register adds the global flags to fs.
func (g *globals) register(fs *flag.FlagSet) {
	config.RegisterFlags(fs, g.set, os.Stdin)
	fs.StringVar(&g.namespace, "namespace", g.namespace,
		`data namespace; "zoomtray-demo" reaches a demo agent (env ZOOMTRAY_NAMESPACE)`)
	fs.StringVar(&g.socket, "socket", g.socket, "the agent's socket (default <runtime dir>/<namespace>/agent.sock)")
}
