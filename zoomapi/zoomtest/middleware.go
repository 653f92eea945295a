package zoomtest

import (
	"context"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// statusWriter remembers the status a handler answered and counts the answer in the
// stats the moment the status is decided, before any byte of it reaches the client: a
// client that has seen an answer (or a dropped connection) finds it in Stats.
type statusWriter struct {
	http.ResponseWriter
	code int
	// record counts the answer once; nil for a writer whose answer is not counted.
	record func(code int, dropped bool)
}

func (w *statusWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
		w.count(false)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

// count records the answer once, as dropped or answered with w.code.
func (w *statusWriter) count(dropped bool) {
	if w.record != nil {
		w.record(w.code, dropped)
		w.record = nil
	}
}

// Unwrap lets http.ResponseController reach the connection (for the drop faults).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// middleware wraps every route: it injects faults, counts the answer per route pattern
// and logs method, path and status (never the query string, which may hold secrets).
func (s *Server) middleware(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, route := mux.Handler(r)
		if route == "" {
			route = "unmatched"
		}
		sw := &statusWriter{ResponseWriter: w, record: func(code int, dropped bool) { s.countAnswer(route, code, dropped) }}
		var dropped bool
		if tokenInQuery(r) {
			// Zoom stopped accepting token values in query strings in February 2023.
			writeAPIError(sw, http.StatusUnauthorized, 124, "Invalid access token.")
		} else {
			dropped = s.serveWithFaults(sw, r, mux)
		}
		sw.count(false) // a request that ended without an answer (cancelled during latency)
		s.opts.Logger.Info("zoomfake request", "method", r.Method, "path", logPath(r.URL.Path),
			"status", sw.code, "dropped", dropped)
	})
}

// tokenInQuery reports whether a REST or download request carries access_token in its
// query string, which Zoom refuses.
func tokenInQuery(r *http.Request) bool {
	rest := strings.HasPrefix(r.URL.Path, "/v2/") || strings.HasPrefix(r.URL.Path, "/rec/")
	return rest && r.URL.Query().Has("access_token")
}

// logPath returns path with the user code of a device approval link replaced.
func logPath(path string) string {
	const complete = "/oauth/device/complete/"
	if strings.HasPrefix(path, complete) {
		return complete + "{code}"
	}
	return path
}

// serveWithFaults serves r, applying the matching faults, and reports whether the
// connection was dropped instead of answered.
func (s *Server) serveWithFaults(w *statusWriter, r *http.Request, next http.Handler) bool {
	delay, f, ok := s.takeFaults(r)
	if delay > 0 && !waitDelay(r, delay) {
		return false
	}
	if !ok {
		next.ServeHTTP(w, r)
		return false
	}
	switch f.Kind {
	case FaultReset:
		w.count(true)
		hangUp(w, true)
		return true
	case FaultDropAfterCommit:
		discard := &statusWriter{ResponseWriter: &nullWriter{h: http.Header{}}}
		next.ServeHTTP(discard, r)
		w.code = discard.code
		w.count(true)
		hangUp(w, false)
		return true
	case FaultStallBody:
		next.ServeHTTP(&stallWriter{statusWriter: w, ctx: r.Context(), stall: f.Latency, left: -1}, r)
		return false
	}
	s.writeFault(w, f)
	return false
}

// waitDelay delays for d or until the request is cancelled; it reports whether d passed.
func waitDelay(r *http.Request, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// hangUp closes the client connection without an answer; with reset it sends a TCP RST.
func hangUp(w http.ResponseWriter, reset bool) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok && reset {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// nullWriter is a ResponseWriter that discards the answer of a drop_after_commit request.
type nullWriter struct{ h http.Header }

func (n *nullWriter) Header() http.Header         { return n.h }
func (n *nullWriter) Write(b []byte) (int, error) { return len(b), nil }
func (n *nullWriter) WriteHeader(int)             {}

// stallWriter sends the first half of a body (by its Content-Length; none at once when it
// has none), flushes it, then holds the rest for stall or until the request is
// cancelled: a download that stops part way, as on a congested link.
type stallWriter struct {
	*statusWriter
	ctx     context.Context
	stall   time.Duration
	left    int64 // bytes still to send before the stall; -1 until the first Write
	stalled bool
}

func (s *stallWriter) Write(b []byte) (int, error) {
	if s.stalled {
		return s.statusWriter.Write(b)
	}
	if s.left < 0 {
		n, _ := strconv.ParseInt(s.Header().Get("Content-Length"), 10, 64)
		s.left = max(n/2, 0)
	}
	if int64(len(b)) < s.left {
		s.left -= int64(len(b))
		return s.statusWriter.Write(b)
	}
	n, err := s.statusWriter.Write(b[:s.left])
	if err != nil {
		return n, err
	}
	_ = http.NewResponseController(s.statusWriter).Flush()
	s.stalled = true
	t := time.NewTimer(s.stall)
	defer t.Stop()
	select {
	case <-t.C:
	case <-s.ctx.Done():
		return n, s.ctx.Err()
	}
	m, err := s.statusWriter.Write(b[n:])
	return n + m, err
}
