package agent

import (
	"encoding/json"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// snooze is how long the reminder window's Snooze button puts a reminder off.
const snooze = time.Minute

// reminders opens the reminder window (service.Options.Remind): a window child process
// per due meeting, `zoomtray-window --reminder`, with the meeting as JSON on its standard
// input. The child exits when the user joins, starts, snoozes or dismisses; exit code
// service.ExitSnooze asks for the reminder again in a minute.
type reminders struct {
	exe, socket, namespace string // exe: the window program (windowExecutable)
	output                 io.Writer
	log                    *slog.Logger
	snooze                 func(m zoomapi.Meeting, d time.Duration) // service.Service.Snooze
	// fallback announces the meeting when no window can be opened (no display).
	fallback func(m zoomapi.Meeting)
	// standIn is a test seam: the child is a stand-in that needs no display.
	standIn bool

	mu     sync.Mutex // guards open and closed
	open   map[*window]bool
	closed bool
}

// Remind opens the reminder window of m.
func (r *reminders) Remind(m zoomapi.Meeting) {
	data, err := json.Marshal(m)
	if err != nil {
		r.log.Warn("agent: reminder not shown", "meeting", int64(m.ID), "err", err)
		return
	}
	w := newWindow(r.exe, r.socket, r.namespace, r.output, r.log)
	w.args = append(w.args, "--reminder")
	w.needsDisplay = !r.standIn
	w.stdin = data
	w.exited = func(code int) { r.exited(w, m, code) }
	r.mu.Lock()
	if r.closed {
		r.mu.Unlock()
		return
	}
	if r.open == nil {
		r.open = map[*window]bool{}
	}
	r.open[w] = true
	r.mu.Unlock()
	r.log.Info("agent: reminder due", "meeting", int64(m.ID), "start", m.StartTime)
	if _, err := w.Open(); err != nil {
		r.log.Warn("agent: reminder window not shown; notifying instead", "meeting", int64(m.ID), "err", err)
		r.forget(w)
		if r.fallback != nil {
			r.fallback(m)
		}
	}
}

// exited snoozes m when the window asked for it, notifies when the window failed, and
// forgets w.
func (r *reminders) exited(w *window, m zoomapi.Meeting, code int) {
	r.mu.Lock()
	closing := r.closed // Close ended the window: nothing to make up for
	r.mu.Unlock()
	switch {
	case closing:
	case code == service.ExitSnooze && r.snooze != nil:
		r.log.Info("agent: reminder snoozed", "meeting", int64(m.ID), "for", snooze)
		r.snooze(m, snooze)
	case code != 0 && r.fallback != nil:
		// The window failed (its display went away, it crashed): the reminder must still
		// reach the user.
		r.log.Warn("agent: the reminder window failed; notifying instead", "meeting", int64(m.ID), "code", code)
		r.fallback(m)
	}
	r.forget(w)
}

func (r *reminders) forget(w *window) {
	r.mu.Lock()
	delete(r.open, w)
	r.mu.Unlock()
}

// Close closes every reminder window and waits for them; no new one opens after it.
func (r *reminders) Close() {
	r.mu.Lock()
	r.closed = true
	ws := make([]*window, 0, len(r.open))
	for w := range r.open {
		ws = append(ws, w)
	}
	r.mu.Unlock()
	for _, w := range ws {
		w.Close()
	}
}
