package ctl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/zoomtray/zoomtray/internal/openurl"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/appconfig"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
)

// app is one run of zoomctl.
type app struct {
	ctx   context.Context
	env   Env
	flags *globals

	api     service.API
	agent   bool     // api is the running agent
	closers []func() // run by close, last first
}

// lookPath is exec.LookPath (an Env field, so tests can pretend a launcher is missing).
func lookPath(name string) (string, error) { return exec.LookPath(name) }

// socketPath is --socket, or the namespace's agent socket.
func (a *app) socketPath() (string, error) {
	if a.flags.socket != "" {
		return a.flags.socket, nil
	}
	return localapi.SocketPath(a.flags.namespace)
}

// settings loads the settings of a real run: the config flags the user set, the
// environment, the user's file and the managed file, and the client secret the set-up
// screen saved in the keyring (appconfig.Load, as the agent does). A keyring that cannot
// be read for the secret is an error, never a silent switch to a public client.
func (a *app) settings() (config.Settings, error) {
	src, err := config.SystemSources(a.flags.set, a.flags.namespace)
	if err != nil {
		return config.Settings{}, err
	}
	src.Env = a.env.Getenv
	return appconfig.Load(a.ctx, src)
}

// service returns the API: the running agent when its socket answers, otherwise an
// in-process service.Service on the same stored session (the session's lock file makes
// the two safe to share tokens).
func (a *app) service() (service.API, error) {
	if a.api != nil {
		return a.api, nil
	}
	path, err := a.socketPath()
	if err != nil {
		return nil, err
	}
	c, err := localapi.Dial(a.ctx, path)
	if err == nil {
		if len(a.flags.set) > 0 {
			fmt.Fprintln(a.env.Stderr, "zoomctl: the running agent uses its own settings; setting flags apply only without an agent.")
		}
		a.api, a.agent = c, true
		a.closers = append(a.closers, func() { c.Close() })
		return c, nil
	}
	if !errors.Is(err, localapi.ErrNoAgent) {
		return nil, err
	}
	return a.inProcess()
}

// ready returns the API once it can reach Zoom: a Zoom app is set up and a session
// exists. Otherwise it returns the one error that names the next step — set up first,
// then sign in — so "meetings" never answers "No upcoming meetings." for a signed-out user
// (an agent's cache is empty then), and no command sends the user to a "login" that would
// only answer "not configured".
func (a *app) ready() (service.API, error) {
	api, err := a.service()
	if err != nil {
		return nil, err
	}
	st, err := api.Status(a.ctx)
	if err != nil {
		return nil, err
	}
	switch st.State {
	case service.StateUnconfigured:
		return nil, errNotConfigured
	case service.StateSignedOut:
		if st.LastError != nil {
			return nil, st.LastError
		}
		return nil, &service.ErrorInfo{Kind: service.KindSignedOut, Message: "not signed in"}
	}
	return api, nil
}

// errNotConfigured is the error of a command that needs Zoom while no Zoom app is set up.
var errNotConfigured = &service.ErrorInfo{Kind: service.KindConfig, Reason: service.ReasonNotConfigured,
	Message: "no Zoom client ID is configured"}

// inProcess builds a service.Service from the settings, logging to the state directory.
func (a *app) inProcess() (service.API, error) {
	st, err := a.settings()
	if err != nil {
		return nil, err
	}
	dirs, err := config.Paths(a.flags.namespace)
	if err != nil {
		return nil, err
	}
	if err := dirs.Ensure(); err != nil {
		return nil, fmt.Errorf("create directories: %w", err)
	}
	svc, err := service.New(a.ctx, service.Options{Settings: st, Dirs: dirs, Logger: a.logger(dirs.State), OpenURL: openurl.Opener{Dir: dirs.Runtime}.Open})
	if err != nil {
		return nil, err
	}
	a.api = svc
	a.closers = append(a.closers, func() { svc.Close() })
	return svc, nil
}

// logger writes to <state>/zoomctl.log; logs never hold tokens, which a log reader must not see.
func (a *app) logger(stateDir string) *slog.Logger {
	f, err := os.OpenFile(filepath.Join(stateDir, "zoomctl.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return slog.New(slog.DiscardHandler)
	}
	a.closers = append(a.closers, func() { f.Close() })
	return slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

// close releases the service and the log file.
func (a *app) close() {
	for i := len(a.closers) - 1; i >= 0; i-- {
		a.closers[i]()
	}
	a.closers = nil
}
