// Package childenv gives the environment of every process zoomtray starts (the browser
// launcher, the window, a relaunch) without zoomtray's secrets. The environment of a
// process is readable by that user's other processes, and a browser passes its
// environment on to everything it starts, so a secret given to zoomtray through the
// environment must stop at zoomtray.
package childenv

import (
	"os"
	"strings"
)

// prefix starts every variable zoomtray reads.
const prefix = "ZOOMTRAY_"

// Secret reports whether the variable name holds a secret: ZOOMTRAY_CLIENT_SECRET and
// every other ZOOMTRAY_ variable whose name says SECRET, TOKEN (but not the token store
// settings, which name a file or a backend) or ZAK.
func Secret(name string) bool {
	n := strings.ToUpper(name)
	if !strings.HasPrefix(n, prefix) {
		return false
	}
	switch n {
	case "ZOOMTRAY_TOKEN_STORE", "ZOOMTRAY_TOKEN_FILE":
		return false
	}
	for _, w := range []string{"SECRET", "TOKEN", "ZAK", "PASSWORD"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Filter returns env (KEY=VALUE entries) without the secret variables.
func Filter(env []string) []string {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if !Secret(name) {
			out = append(out, kv)
		}
	}
	return out
}

// Environ is os.Environ without the secret variables: set it as exec.Cmd.Env of every
// child process.
func Environ() []string { return Filter(os.Environ()) }
