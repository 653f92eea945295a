// Package localapi is the zoomtray agent's local API: JSON over HTTP on a per-user unix
// socket (docs/CONTRACTS.md, "localapi"), modelled on Tailscale's LocalAPI. The window and
// zoomctl reach the agent through it, and it doubles as the single-instance check: a second
// agent finds the socket answering and stops with ErrAlreadyRunning.
//
// Server serves a service.API; Client implements service.API over the socket, so callers
// cannot tell an in-process service from the agent.
package localapi

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/gofrs/flock"

	"github.com/zoomtray/zoomtray/service"
)

var (
	// ErrAlreadyRunning means another agent answers on the socket: the caller is the second
	// instance and should hand over to the first (OpenWindow) and exit.
	ErrAlreadyRunning = errors.New("localapi: another agent is already running")
	// ErrNoAgent means nobody listens on the socket: no agent runs for this user.
	ErrNoAgent = errors.New("localapi: no agent is running")
)

// Agent is what the agent serves on its socket: the Zoom-facing service.API plus control
// of the agent itself. Client implements it over the socket.
type Agent interface {
	service.API
	// OpenWindow shows the agent's window (starting it, or bringing it to the front).
	OpenWindow(ctx context.Context) error
	// Activity records user input in the kiosk window, which postpones an idle sign-out;
	// an agent without a kiosk ignores it.
	Activity(ctx context.Context) error
	// Restart stops the agent and starts it again, so it reads its settings anew.
	Restart(ctx context.Context) error
	// Quit stops the agent.
	Quit(ctx context.Context) error
}

// dialTimeout bounds the connection attempt of the single-instance check and of Dial.
const dialTimeout = 2 * time.Second

// shutdownTimeout bounds how long Close waits for requests in flight after streams ended.
const shutdownTimeout = 5 * time.Second

// Server serves an Agent on a unix socket that only the owning user can reach: the
// directory is 0700, the socket 0600, and on Linux each connection's peer uid is checked
// with SO_PEERCRED.
type Server struct {
	api  Agent
	path string
	log  *slog.Logger
	ln   net.Listener
	srv  *http.Server
	// uid is the only peer uid accepted; a test seam, set by NewServer to os.Getuid().
	uid int

	base   context.Context // parent of every request context; cancelled by Close
	cancel context.CancelFunc

	mu     sync.Mutex // guards closed
	closed bool
	wg     sync.WaitGroup // handlers in flight
	once   sync.Once
}

// Option tunes NewServer.
type Option func(*Server)

// WithLogger sends the server's log lines (never request bodies) to l. Default: discard.
func WithLogger(l *slog.Logger) Option { return func(s *Server) { s.log = l } }

// NewServer creates the socket's directory with mode 0700, removes a stale socket left by a
// crashed agent (only after a dial to it is refused), and listens on path with mode 0600. When an
// agent answers on path it returns ErrAlreadyRunning. Call Serve to answer requests.
func NewServer(api Agent, path string, opts ...Option) (*Server, error) {
	s := &Server{api: api, path: path, uid: os.Getuid(), log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(s)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("localapi: create socket directory: %w", err)
	}
	ln, err := listenOnce(path)
	if err != nil {
		return nil, err
	}
	s.ln = &peerListener{Listener: ln, allow: func(uid int) bool { return uid == s.uid }, log: s.log}
	s.base, s.cancel = context.WithCancel(context.Background())
	s.srv = &http.Server{
		Handler:           s.handler(),
		BaseContext:       func(net.Listener) context.Context { return s.base },
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	return s, nil
}

// LockName is the lock file beside the socket that serializes the single-instance check.
const LockName = "agent.lock"

// listenOnce is the single-instance check: holding an flock on <socket dir>/agent.lock, so
// two agents starting together cannot both pass it, it removes a stale socket and listens
// on path with mode 0600.
func listenOnce(path string) (net.Listener, error) {
	lock := flock.New(filepath.Join(filepath.Dir(path), LockName))
	if err := lock.Lock(); err != nil {
		return nil, fmt.Errorf("localapi: lock %s: %w", LockName, err)
	}
	defer lock.Unlock()
	if err := removeStale(path); err != nil {
		return nil, err
	}
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, fmt.Errorf("localapi: listen: %w", err)
	}
	if err := os.Chmod(path, 0o600); err != nil {
		ln.Close()
		return nil, fmt.Errorf("localapi: restrict socket: %w", err)
	}
	return ln, nil
}

// removeStale removes a socket file nobody answers on. A live socket means another agent
// (ErrAlreadyRunning); a file that is not a socket is left alone and reported.
func removeStale(path string) error {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("localapi: check socket: %w", err)
	}
	if fi.Mode().Type() != fs.ModeSocket {
		return fmt.Errorf("localapi: %s exists and is not a socket", path)
	}
	conn, err := net.DialTimeout("unix", path, dialTimeout)
	if err == nil {
		conn.Close()
		return ErrAlreadyRunning
	}
	if !errors.Is(err, syscall.ECONNREFUSED) && !errors.Is(err, syscall.ENOENT) {
		// A timeout or EAGAIN is a busy agent, not a dead one: its socket stays.
		return fmt.Errorf("%w (its socket did not answer: %v)", ErrAlreadyRunning, err)
	}
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("localapi: remove stale socket: %w", err)
	}
	return nil
}

// Path returns the socket's path.
func (s *Server) Path() string { return s.path }

// Serve answers requests until ctx is done or Close is called, then shuts down like Close.
// It returns nil after a shutdown, or the listener's error.
func (s *Server) Serve(ctx context.Context) error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.wg.Add(1)
	s.mu.Unlock()
	stop := context.AfterFunc(ctx, func() { s.Close() })
	defer stop()
	err := s.srv.Serve(s.ln)
	s.wg.Done()
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close ends the streams (Watch, Login), stops accepting connections, waits for handlers in
// flight (bounded by a few seconds) and removes the socket. It is idempotent.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		s.mu.Lock()
		s.closed = true
		s.mu.Unlock()
		s.cancel()
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		err = s.srv.Shutdown(ctx)
		s.ln.Close()
		s.wg.Wait()
	})
	return err
}

// track counts a handler in flight so Close can wait for it.
func (s *Server) track(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.wg.Add(1)
		defer s.wg.Done()
		h.ServeHTTP(w, r)
	})
}
