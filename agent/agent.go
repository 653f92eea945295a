// Package agent is the resident zoomtray process (docs/CONTRACTS.md, "Agent, tray and
// CLIs"): the service with its session, poller and notifications, the local API on the
// per-user socket (which doubles as the single-instance check), the tray icon, and the
// window started on demand as a child process. cmd/zoomtray only wires a signal context
// to Run.
package agent

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/clipboard"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/internal/appconfig"
	"github.com/zoomtray/zoomtray/internal/childenv"
	desk "github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/tray"
)

// agent is one run of the agent.
type agent struct {
	opts   Options
	dirs   config.Dirs
	socket string
	log    *slog.Logger
	logOut io.Writer
	stderr io.Writer          // where a headless run explains itself (headlessMessage)
	stop   context.CancelFunc // ends the run (Quit, the tray's Quit, a failed part)

	demo  *demo            // --demo's fake Zoom, or nil
	svc   *service.Service // nil when unconfigured
	api   *agentAPI
	win   *window
	notes *notifier
	clip  clipboard.Guard // what the service put on the clipboard, to take back at sign-out
	rems  *reminders
}

// Run runs the agent with the command line args until ctx is done (SIGINT, SIGTERM) or
// the user quits, and returns the process exit code: 0 after a clean stop or after handing
// over to an agent already running (it is asked to show its window), 2 for a bad command
// line or invalid settings, 1 when the agent cannot start.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// 1. The command line.
	o, err := parseArgs(args, os.Getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "zoomtray:", err)
		return 2
	}
	if o.DemoIfUnconfigured && !o.Demo {
		o = demoUnlessConfigured(o)
	}
	// 2. The namespace's directories and the log.
	dirs, err := config.Paths(o.Namespace)
	if err == nil {
		err = dirs.Ensure()
	}
	if err != nil {
		fmt.Fprintln(stderr, "zoomtray:", err)
		return 1
	}
	logFile, log, err := openLog(dirs.State, o.LogLevel)
	if err != nil {
		fmt.Fprintln(stderr, "zoomtray:", err)
		return 1
	}
	defer logFile.Close()
	slog.SetDefault(log) // fyne.io/systray logs through the log package
	socket := filepath.Join(dirs.Runtime, localapi.SocketName)
	// 3. One agent per user and namespace: hand over to a running one.
	if handOver(ctx, socket, log) {
		fmt.Fprintln(stdout, "zoomtray is already running: showing its window")
		return 0
	}
	// 4. The settings and the service (or its unconfigured stand-in).
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	a := &agent{opts: o, dirs: dirs, socket: socket, log: log, logOut: logFile, stderr: stderr, stop: stop}
	if code := a.build(ctx, stderr); code != 0 {
		return code
	}
	// 5. The local API.
	srv, err := localapi.NewServer(a.api, socket, localapi.WithLogger(log))
	if errors.Is(err, localapi.ErrAlreadyRunning) && handOver(ctx, socket, log) {
		a.close()
		fmt.Fprintln(stdout, "zoomtray is already running: showing its window")
		return 0
	}
	if err != nil {
		a.close()
		fmt.Fprintln(stderr, "zoomtray:", err)
		return 1
	}
	// 6. Everything runs until ctx is done; a restart (the window, after saving settings)
	// starts this program again once the socket is gone.
	a.run(ctx, srv)
	if a.api.restart.Load() {
		return relaunch(executable(), args, cliSecret(o.Settings, os.Getenv), stderr, log)
	}
	return 0
}

// relaunch starts exe with args and --open-window (the user was in the window) detached,
// the restart of agentAPI.Restart; it returns the exit code of this run. The child's
// environment has no secrets (childenv), and its command line none either: a client secret
// this run got from --client-secret-file or ZOOMTRAY_CLIENT_SECRET reaches it through a
// pipe on its standard input (--client-secret-file=-).
func relaunch(exe string, args []string, secret string, stderr io.Writer, log *slog.Logger) int {
	args = restartArgs(args, secret != "")
	cmd := exec.Command(exe, args...)
	cmd.Env = childenv.Environ()
	if secret != "" {
		r, err := secretPipe(secret)
		if err != nil {
			log.Error("agent: restarting failed", "err", err)
			fmt.Fprintln(stderr, "zoomtray: restart:", err)
			return 1
		}
		defer r.Close()
		cmd.Stdin = r
	}
	if err := cmd.Start(); err != nil {
		log.Error("agent: restarting failed", "err", err)
		fmt.Fprintln(stderr, "zoomtray: restart:", err)
		return 1
	}
	log.Info("agent: restarted", "pid", cmd.Process.Pid)
	_ = cmd.Process.Release()
	return 0
}

// secretPipe returns the read end of a pipe that holds secret and then ends. A secret of
// a few bytes fits the pipe's buffer, so nothing waits for the reader.
func secretPipe(secret string) (*os.File, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	_, werr := w.WriteString(secret)
	if err := errors.Join(werr, w.Close()); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// cliSecret is the client secret given to this run by --client-secret-file (already read
// into settings) or the environment; the keyring's is found again by the new run.
func cliSecret(settings map[string]string, getenv func(string) string) string {
	for _, f := range config.Flags() {
		if f.File && f.Setting == config.KeyClientSecret && settings[f.Name] != "" {
			return settings[f.Name]
		}
	}
	return getenv("ZOOMTRAY_CLIENT_SECRET")
}

// restartArgs is args with --open-window added unless present and, with pipeSecret, each
// --client-secret-file replaced by --client-secret-file=- (the secret comes on stdin; a
// file named before is read no more, and standard input was this run's).
func restartArgs(args []string, pipeSecret bool) []string {
	out := make([]string, 0, len(args)+2)
	open := false
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if pipeSecret && strings.HasPrefix(a, "-") && name == "client-secret-file" {
			if !hasValue {
				i++ // the file name follows
			}
			continue
		}
		if a == "--open-window" || a == "-open-window" || strings.HasPrefix(a, "--open-window=") {
			open = true
		}
		out = append(out, a)
	}
	if pipeSecret {
		out = append(out, "--client-secret-file=-")
	}
	if !open {
		out = append(out, "--open-window")
	}
	return out
}

// handOver asks an agent already answering on socket to show its window; it reports
// whether one answered.
func handOver(ctx context.Context, socket string, log *slog.Logger) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	c, err := localapi.Dial(ctx, socket)
	if err != nil {
		if !errors.Is(err, localapi.ErrNoAgent) {
			log.Warn("agent: probing the socket failed", "err", err)
		}
		return false
	}
	defer c.Close()
	if err := c.OpenWindow(ctx); err != nil {
		log.Warn("agent: the running agent did not open its window", "err", err)
	}
	log.Info("agent: another agent is running; handed over")
	return true
}

// build loads the settings and creates the service, or the unconfigured stand-in when no
// client ID is set (or the service cannot be built); it returns an exit code, 0 when fine.
func (a *agent) build(ctx context.Context, stderr io.Writer) int {
	var st config.Settings
	var err error
	if a.opts.Demo {
		a.demo, st, err = startDemo(a.opts, a.log)
	} else {
		st, err = loadSettings(ctx, a.opts, a.log)
	}
	var cause *service.ErrorInfo // the keyring could not give the client secret
	if secretErr := (*appconfig.SecretError)(nil); errors.As(err, &secretErr) {
		a.log.Error("agent: the client secret could not be read", "err", err)
		cause, err = service.Describe(err), nil
	}
	if err != nil {
		fmt.Fprintln(stderr, "zoomtray:", err)
		a.log.Error("agent: settings", "err", err)
		return 2
	}
	if kc := kioskCause(st); kc != nil && cause == nil {
		a.log.Error("agent: kiosk mode needs a confidential Zoom app (client ID and secret)")
		cause = kc
	}
	applyStartAtLogin(st, a.opts.Demo, executable(), a.log)
	a.notes = newNotifier(ctx, a.log)
	a.win = newWindow(windowExecutable(executable()), a.socket, a.opts.Namespace, a.logOut, a.log)
	a.rems = &reminders{exe: windowExecutable(executable()), socket: a.socket, namespace: a.opts.Namespace,
		output: a.logOut, log: a.log, fallback: a.notes.Notify}
	if st.Kiosk {
		keepKioskWindow(ctx, a.win, a.log)
	}
	inner := backend(unconfigured{kiosk: st.Kiosk})
	if st.Configured() && cause != nil {
		inner = unconfigured{kiosk: st.Kiosk, cause: cause}
	} else if st.Configured() {
		if svc, err := a.newService(ctx, st); err != nil {
			a.log.Error("agent: the service could not start", "err", err)
			inner = unconfigured{kiosk: st.Kiosk, cause: service.Describe(err)}
		} else {
			a.svc, inner = svc, svc
		}
	}
	a.api = newAgentAPI(inner, a.win, a.stop)
	return 0
}

// restartFresh ends this agent and starts a new one (Restart) after a kiosk sign-out: the
// process that held the previous user's tokens, meetings and recordings exits, so none of
// their bytes stay in memory for the next person at the computer.
func (a *agent) restartFresh() {
	a.log.Info("agent: kiosk sign-out: restarting afresh")
	if a.api != nil {
		_ = a.api.Restart(context.Background())
	}
}

// signedOut takes back what the agent showed for the account that just signed out: its
// notifications, and the link it put on the clipboard if the clipboard still holds it
// (never what the person copied since).
func (a *agent) signedOut() {
	a.notes.EndAccount()
	ctx, cancel := context.WithTimeout(context.Background(), clipboardClearTimeout)
	defer cancel()
	if cleared, err := a.clip.Clear(ctx); err != nil {
		a.log.Warn("agent: clearing the clipboard after the sign-out failed", "err", err)
	} else if cleared {
		a.log.Info("agent: the link put on the clipboard was taken back at the sign-out")
	}
}

// clipboardClearTimeout bounds the clipboard's read and write at a sign-out.
const clipboardClearTimeout = 10 * time.Second

// newService builds the service for st.
func (a *agent) newService(ctx context.Context, st config.Settings) (*service.Service, error) {
	opts := service.Options{
		Settings: st, Dirs: a.dirs, Logger: a.log,
		Notify: a.notes.Notify, Remind: a.rems.Remind, Demo: a.opts.Demo, Kiosk: st.Kiosk,
		KioskSignedOut: a.restartFresh,
		TimeScale:      a.opts.TimeScale,
		Clipboard:      func(s string) error { return a.clip.Write(context.Background(), s) },
		SignedOut:      a.signedOut,
	}
	if a.opts.TimeScale > 1 {
		a.log.Warn("agent: simulation: time runs faster", "scale", a.opts.TimeScale, "env", timeScaleEnv)
	}
	if a.opts.Demo {
		opts.Store = demoStore(tokenstore.NewKeyring(demoKeyringService, demoKeyringAccount), a.log)
	}
	svc, err := service.New(ctx, opts)
	if err == nil {
		a.rems.snooze = svc.Snooze
	}
	return svc, err
}

// run serves the local API, runs the service and the tray, opens the window when the tray
// cannot be seen (no session bus, no tray host), not set up yet, or asked to, then waits
// for the end and stops every part (each Close waits).
func (a *agent) run(ctx context.Context, srv *localapi.Server) {
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := srv.Serve(ctx); err != nil {
			a.log.Error("agent: local API stopped", "err", err)
		}
		a.stop()
	})
	if a.svc != nil {
		wg.Go(func() {
			if err := a.svc.Run(ctx); err != nil && ctx.Err() == nil {
				a.log.Error("agent: service stopped", "err", err)
			}
			a.stop()
		})
	}
	bus, host := desk.System().Tray()
	if bus {
		wg.Go(func() { a.runTray(ctx) })
	}
	st, _ := a.api.Status(ctx)
	a.log.Info("agent: running", "namespace", a.opts.Namespace, "state", st.State, "pid", os.Getpid(),
		"tray", bus, "tray_host", host, "demo", a.opts.Demo)
	if !bus && !desk.HasDisplay() {
		fmt.Fprintln(a.stderr, headlessMessage(st, a.dirs.State))
	}
	if !bus || !host || st.State == service.StateUnconfigured || st.LastError != nil && a.svc == nil || a.opts.OpenWindow || st.Kiosk {
		if err := a.api.OpenWindow(ctx); err != nil {
			a.log.Warn("agent: opening the window failed", "err", err)
		}
	}
	<-ctx.Done()
	a.log.Info("agent: stopping")
	_ = srv.Close()
	a.win.Close()
	a.rems.Close()
	wg.Wait()
	a.close()
	a.log.Info("agent: stopped")
}

// runTray shows the tray until ctx is done.
func (a *agent) runTray(ctx context.Context) {
	err := tray.Run(ctx, a.api, tray.Options{
		OnDemo: a.tryDemo, Logger: a.log, // kiosk comes with Status.Kiosk
		Notify: a.notes.Alert, // a failed click shows as a notification
	})
	if err != nil {
		a.log.Error("agent: tray", "err", err)
	}
}

// tryDemo starts a demo agent (its own namespace and socket, so it runs beside this one)
// with its window open, and stops this unconfigured agent.
func (a *agent) tryDemo() {
	cmd := exec.Command(executable(), "--demo", "--open-window")
	cmd.Env = childenv.Environ()
	if err := cmd.Start(); err != nil {
		a.log.Error("agent: starting the demo failed", "err", err)
		return
	}
	_ = cmd.Process.Release()
	a.stop()
}

// close releases what build made: the service (waiting for its work), the notifications
// in flight, the fake Zoom.
func (a *agent) close() {
	a.stop()
	if a.svc != nil {
		if err := a.svc.Close(); err != nil {
			a.log.Warn("agent: closing the service", "err", err)
		}
	}
	if a.notes != nil {
		a.notes.Wait()
	}
	if a.win != nil {
		a.win.Close()
	}
	if a.rems != nil {
		a.rems.Close()
	}
	a.demo.Close()
}
