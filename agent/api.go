package agent

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
)

// backend is what the agent serves on behalf of the service, or of the unconfigured
// stand-in: the Zoom-facing API, kiosk input, and stopping the service.
type backend interface {
	service.API
	Activity(ctx context.Context) error
	Quit(ctx context.Context) error
}

var (
	_ backend        = (*service.Service)(nil)
	_ backend        = unconfigured{}
	_ localapi.Agent = (*agentAPI)(nil)
)

// agentAPI is what the agent serves on its socket (localapi.Agent): the backend plus what
// only the agent does: the window child process, Quit that stops the whole agent, Restart,
// and Status.WindowRaise.
type agentAPI struct {
	backend
	win  *window
	stop context.CancelFunc // ends the agent's run
	// restart is set by Restart: Run starts the agent again once this one has stopped.
	restart atomic.Bool

	mu     sync.Mutex    // guards raise and raised
	raise  int           // Status.WindowRaise
	raised chan struct{} // closed and replaced on each raise (a broadcast)
}

func newAgentAPI(inner backend, win *window, stop context.CancelFunc) *agentAPI {
	return &agentAPI{backend: inner, win: win, stop: stop, raised: make(chan struct{})}
}

// OpenWindow starts the window process, or asks the running one to come to the front by
// raising Status.WindowRaise (the window watches Status).
func (a *agentAPI) OpenWindow(ctx context.Context) error {
	started, err := a.win.Open()
	if err != nil || started {
		return err
	}
	a.mu.Lock()
	a.raise++
	close(a.raised)
	a.raised = make(chan struct{})
	a.mu.Unlock()
	return nil
}

// Quit stops the service and then the agent.
func (a *agentAPI) Quit(ctx context.Context) error {
	err := a.backend.Quit(ctx)
	a.stop()
	return err
}

// Restart stops the agent like Quit and asks Run to start it again once everything is
// closed (socket removed), so the new agent reads the settings the window just saved
// (localapi.Restarter).
func (a *agentAPI) Restart(ctx context.Context) error {
	a.restart.Store(true)
	return a.Quit(ctx)
}

// Status is the service's status with WindowRaise.
func (a *agentAPI) Status(ctx context.Context) (service.Status, error) {
	st, err := a.backend.Status(ctx)
	st.WindowRaise, _ = a.raises()
	return st, err
}

// raises returns the raise count and the channel closed at the next raise.
func (a *agentAPI) raises() (int, <-chan struct{}) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.raise, a.raised
}

// Watch forwards the service's statuses with WindowRaise, and resends the latest status
// on each raise. The channel holds one status (latest wins) and closes when ctx is done
// or the service's watch ends.
func (a *agentAPI) Watch(ctx context.Context) (<-chan service.Status, error) {
	in, err := a.backend.Watch(ctx)
	if err != nil {
		return nil, err
	}
	out := make(chan service.Status, 1)
	go a.forward(ctx, in, out)
	return out, nil
}

// forward is Watch's goroutine; it ends with ctx or in.
func (a *agentAPI) forward(ctx context.Context, in <-chan service.Status, out chan service.Status) {
	defer close(out)
	var last service.Status
	have := false
	for {
		n, raised := a.raises()
		select {
		case <-ctx.Done():
			return
		case st, ok := <-in:
			if !ok {
				return
			}
			last, have = st, true
		case <-raised:
			if !have {
				continue
			}
			n, _ = a.raises()
		}
		last.WindowRaise = n
		select { // latest wins: this goroutine is the only sender
		case <-out:
		default:
		}
		out <- last
	}
}
