package ctl

import (
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/zoomtray/zoomtray/config"
)

// isBoolSetting reports whether a config setting is a switch on the command line.
func isBoolSetting(name string) bool {
	switch name {
	case config.KeyStartAtLogin, config.KeyKiosk, config.KeyUseZoommtg:
		return true
	}
	return false
}

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
	for _, f := range config.Flags() {
		help := "setting " + f.Setting
		if f.Env != "" {
			help += " (env " + f.Env + ")"
		}
		fs.Var(&settingFlag{g: g, name: f.Name, isBool: isBoolSetting(f.Setting), file: f.File}, f.Name, help)
	}
	fs.StringVar(&g.namespace, "namespace", g.namespace,
		`data namespace; "zoomtray-demo" reaches a demo agent (env ZOOMTRAY_NAMESPACE)`)
	fs.StringVar(&g.socket, "socket", g.socket, "the agent's socket (default <runtime dir>/<namespace>/agent.sock)")
}

// settingFlag records a config flag the user set.
type settingFlag struct {
	g      *globals
	name   string
	isBool bool
	// file: the argument names a file, or "-" for standard input, holding the value
	// (config.ReadSecretFile); the value read is what is recorded.
	file bool
}

func (f *settingFlag) String() string {
	if f == nil || f.file || f.g == nil {
		return ""
	}
	return f.g.set[f.name]
}

func (f *settingFlag) Set(v string) error {
	if f.file {
		secret, err := config.ReadSecretFile(v, os.Stdin)
		if err != nil {
			return err
		}
		f.g.set[f.name] = secret
		return nil
	}
	if f.isBool {
		if _, err := strconv.ParseBool(v); err != nil {
			return fmt.Errorf("want true or false")
		}
	}
	f.g.set[f.name] = v
	return nil
}

// IsBoolFlag lets switches be given without a value (--kiosk).
func (f *settingFlag) IsBoolFlag() bool { return f.isBool }
