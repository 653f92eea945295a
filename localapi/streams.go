package localapi

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/zoomtray/zoomtray/service"
)

// lineWriter writes NDJSON lines and flushes each, so a client sees every event at once.
type lineWriter struct {
	mu  sync.Mutex // guards w: API implementations may call events from any goroutine
	w   http.ResponseWriter
	enc *json.Encoder
}

// startStream answers 200 with the NDJSON content type and flushes the header.
func startStream(w http.ResponseWriter) *lineWriter {
	w.Header().Set("Content-Type", typeNDJSON)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	http.NewResponseController(w).Flush()
	return &lineWriter{w: w, enc: json.NewEncoder(w)}
}

// line writes v as one line and flushes it; errors mean the client left, which the
// request's context reports to the API.
func (l *lineWriter) line(v any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.enc.Encode(v)
	http.NewResponseController(l.w).Flush()
}

// login streams the LoginEvents of POST /v1/login, then {"done":true} or {"error":...}.
// The client cancels the sign-in by closing the connection.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	var req service.LoginRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, err)
		return
	}
	lw := startStream(w)
	err := s.api.Login(r.Context(), req, func(ev service.LoginEvent) { lw.line(ev) })
	if err != nil {
		lw.line(streamEnd{Error: describe(err)})
		return
	}
	lw.line(streamEnd{Done: true})
}

// watch streams each Status of GET /v1/watch until the client leaves or the server closes.
func (s *Server) watch(w http.ResponseWriter, r *http.Request) {
	ch, err := s.api.Watch(r.Context())
	if err != nil {
		writeError(w, err)
		return
	}
	lw := startStream(w)
	for {
		select {
		case st, ok := <-ch:
			if !ok {
				return
			}
			lw.line(st)
		case <-r.Context().Done():
			return
		}
	}
}

// download answers GET /v1/recordings/files/{id} with the file's bytes. "Range: bytes=N-"
// resumes at N (RFC 9110 §14.2); the answer is then 206 with Content-Range. The header
// waits for the first progress report, which carries the file's total size; a failure
// after bytes were sent aborts the connection, so the client sees a short body.
func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	offset, err := parseRange(r.Header.Get("Range"))
	if err != nil {
		writeError(w, err)
		return
	}
	dw := &downloadWriter{w: w, offset: offset, total: -1}
	err = s.api.Download(r.Context(), r.PathValue("id"), dw, offset, dw.progress)
	if err != nil {
		if dw.headerSent() {
			panic(http.ErrAbortHandler)
		}
		writeError(w, err)
		return
	}
	dw.finish()
}

// parseRange reads "bytes=N-"; other range forms are refused. Empty means offset 0.
func parseRange(v string) (int64, error) {
	if v == "" {
		return 0, nil
	}
	rest, ok := strings.CutPrefix(v, "bytes=")
	num, ok2 := strings.CutSuffix(rest, "-")
	n, err := strconv.ParseInt(num, 10, 64)
	if !ok || !ok2 || err != nil || n < 0 {
		return 0, &requestError{status: http.StatusRequestedRangeNotSatisfiable, msg: fmt.Sprintf("unsupported range %q", v)}
	}
	return n, nil
}

// downloadWriter holds back the first bytes until the total size is known, then sends the
// header (Content-Length, and Content-Range for a resumed download) and streams the rest.
type downloadWriter struct {
	mu      sync.Mutex // guards the fields below
	w       http.ResponseWriter
	offset  int64
	total   int64
	pending []byte
	sent    bool
}

func (d *downloadWriter) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.sent {
		d.pending = append(d.pending, p...)
		return len(p), nil
	}
	return d.w.Write(p)
}

func (d *downloadWriter) progress(done, total int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.sent {
		d.send(total)
	}
}

func (d *downloadWriter) headerSent() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.sent
}

// finish sends the header and held-back bytes if no progress report came (an empty
// download, or an API that does not report): the total is then what was written.
func (d *downloadWriter) finish() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.sent {
		d.send(d.offset + int64(len(d.pending)))
	}
}

// send writes the header and the held-back bytes. d.mu must be held.
func (d *downloadWriter) send(total int64) {
	d.sent = true
	h := d.w.Header()
	h.Set("Content-Type", typeBytes)
	status := http.StatusOK
	if d.offset > 0 {
		status = http.StatusPartialContent
	}
	if total >= 0 && total >= d.offset {
		h.Set("Content-Length", strconv.FormatInt(total-d.offset, 10))
		if d.offset > 0 && total > d.offset {
			h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", d.offset, total-1, total))
		}
	}
	d.w.WriteHeader(status)
	d.w.Write(d.pending)
	d.pending = nil
}
