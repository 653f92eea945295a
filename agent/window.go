package agent

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"syscall"
	"time"

	"github.com/zoomtray/zoomtray/internal/childenv"
	desk "github.com/zoomtray/zoomtray/internal/desktop"
	"github.com/zoomtray/zoomtray/internal/programs"
)

// window runs the Fyne window as a child process, `zoomtray-window --socket PATH
// --namespace NS`, started on demand: Fyne's driver wakes 60 times a second while it runs,
// so the resident agent never starts it itself, and the window's memory goes away with
// its process. The window is a program of its own beside the agent's executable: linked
// into the agent, the GL driver's code alone made the idle agent's RSS grow by half.
type window struct {
	exe    string    // the zoomtray-window binary
	args   []string  // --socket ... --namespace ...
	output io.Writer // the child's stdout and stderr (the agent's log file)
	log    *slog.Logger
	onExit func() // test seam: runs after each child is reaped
	// needsDisplay refuses to start the child without a display (the real window; the
	// tests' stand-in children need none).
	needsDisplay bool
	// stdin, when set, is the child's standard input (the reminder window reads its
	// meeting there: a topic or join link on a command line is readable by every local
	// user).
	stdin []byte
	// exited, when set, is told each child's exit code (-1 when it did not exit normally).
	exited func(code int)
	// keepOpen, when set, is asked after each exit, with how long the child ran, whether
	// to start the window again (kiosk mode: the shared computer always shows it).
	keepOpen  func(ran time.Duration) bool
	mu        sync.Mutex     // guards cmd and closed
	cmd       *exec.Cmd      // the running child, nil when none
	reapers   sync.WaitGroup // one goroutine per child, waiting for it to exit
	closed    bool           // set by Close: no new child
	closeOnce sync.Once
}

// newWindow is the window program exe (windowExecutable) for the agent on socket.
func newWindow(exe, socket, namespace string, output io.Writer, log *slog.Logger) *window {
	return &window{
		exe: exe, args: []string{"--socket", socket, "--namespace", namespace},
		output: output, log: log, needsDisplay: true,
	}
}

// Open starts the child unless one runs; started reports whether it did.
func (w *window) Open() (started bool, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return false, fmt.Errorf("agent: shutting down")
	}
	if w.cmd != nil {
		return false, nil
	}
	if w.needsDisplay && !desk.HasDisplay() {
		return false, errors.New(desk.NoDisplayMessage)
	}
	cmd := exec.Command(w.exe, w.args...)
	cmd.Env = childenv.Environ() // the window reads its settings from the agent
	cmd.Stdout, cmd.Stderr = w.output, w.output
	if w.stdin != nil {
		cmd.Stdin = bytes.NewReader(w.stdin)
	}
	if err := cmd.Start(); err != nil {
		return false, fmt.Errorf("agent: start the window: %w", err)
	}
	w.log.Info("agent: window started", "pid", cmd.Process.Pid)
	w.cmd = cmd
	at := time.Now()
	w.reapers.Go(func() { w.reap(cmd, at) })
	return true, nil
}

// reap waits for the child to exit and forgets it.
func (w *window) reap(cmd *exec.Cmd, started time.Time) {
	err := cmd.Wait()
	w.log.Info("agent: window exited", "pid", cmd.Process.Pid, "err", err)
	w.mu.Lock()
	if w.cmd == cmd {
		w.cmd = nil
	}
	w.mu.Unlock()
	if w.onExit != nil {
		w.onExit()
	}
	if w.exited != nil {
		w.exited(cmd.ProcessState.ExitCode())
	}
	if w.keepOpen != nil && w.keepOpen(time.Since(started)) {
		if _, err := w.Open(); err != nil {
			w.log.Warn("agent: reopening the window failed", "err", err)
		}
	}
}

// Running reports whether a window process runs.
func (w *window) Running() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.cmd != nil
}

// Close asks a running window to exit (SIGTERM, then SIGKILL after 5 s) and waits for it.
func (w *window) Close() {
	w.closeOnce.Do(func() {
		w.mu.Lock()
		w.closed = true
		cmd := w.cmd
		w.mu.Unlock()
		if cmd != nil {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			timer := time.AfterFunc(5*time.Second, func() { _ = cmd.Process.Kill() })
			defer timer.Stop()
		}
		w.reapers.Wait()
	})
}

// windowExecutable is the window program in the directory of agentExe (zoomtray.exe ->
// zoomtray-window.exe on Windows).
func windowExecutable(agentExe string) string { return programs.Beside(agentExe, programs.Window) }

// executable is the running binary, for the window child.
func executable() string {
	exe, err := os.Executable()
	if err != nil {
		return os.Args[0]
	}
	return exe
}
