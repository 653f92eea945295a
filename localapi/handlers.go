package localapi

import (
	"errors"
	"maps"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// methods dispatches a route by HTTP method and answers 405 with Allow otherwise.
type methods map[string]http.HandlerFunc

func (m methods) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if h, ok := m[r.Method]; ok {
		h(w, r)
		return
	}
	w.Header().Set("Allow", strings.Join(slices.Sorted(maps.Keys(m)), ", "))
	writeError(w, &requestError{status: http.StatusMethodNotAllowed, msg: "method " + r.Method + " not allowed"})
}

// handler routes /v1/ to the API methods. Every answer is JSON, an NDJSON stream or the
// bytes of a recording file; unknown paths and unclean paths are a JSON 404 (ServeMux
// would otherwise redirect with an HTML body).
func (s *Server) handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/status", methods{"GET": s.status})
	mux.Handle("/v1/meetings", methods{"GET": s.meetings, "POST": s.newMeeting})
	mux.Handle("/v1/meetings/{id}/start-url", methods{"GET": s.startURL})
	mux.Handle("/v1/meetings/{id}/start", methods{"POST": s.start})
	mux.Handle("/v1/meetings/{id}/join-url", methods{"GET": s.joinURL})
	mux.Handle("/v1/recordings", methods{"GET": s.recordings})
	mux.Handle("/v1/recordings/files/{id}", methods{"GET": s.download})
	mux.Handle("/v1/recordings/passcode", methods{"GET": s.recordingPasscode})
	mux.Handle("/v1/search", methods{"POST": s.search})
	mux.Handle("/v1/login", methods{"POST": s.login})
	mux.Handle("/v1/logout", methods{"POST": s.logout})
	mux.Handle("/v1/watch", methods{"GET": s.watch})
	mux.Handle("/v1/window", methods{"POST": s.window})
	mux.Handle("/v1/quit", methods{"POST": s.quit})
	mux.Handle("/v1/restart", methods{"POST": s.restart})
	mux.Handle("/v1/activity", methods{"POST": s.activity})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &requestError{status: http.StatusNotFound, msg: "no such local API route"})
	})
	return s.track(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; p == "" || path.Clean(p) != p {
			writeError(w, &requestError{status: http.StatusNotFound, msg: "no such local API route"})
			return
		}
		mux.ServeHTTP(w, r)
	}))
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) {
	st, err := s.api.Status(r.Context())
	reply(w, st, err)
}

func (s *Server) meetings(w http.ResponseWriter, r *http.Request) {
	refresh, err := parseBool(r.URL.Query().Get("refresh"))
	if err != nil {
		writeError(w, err)
		return
	}
	ml, err := s.api.Meetings(r.Context(), refresh)
	reply(w, ml, err)
}

// newMeetingRequest is the body of POST /v1/meetings.
type newMeetingRequest struct {
	Topic string `json:"topic"`
}

func (s *Server) newMeeting(w http.ResponseWriter, r *http.Request) {
	var req newMeetingRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeError(w, err)
		return
	}
	m, err := s.api.NewMeeting(r.Context(), req.Topic)
	reply(w, m, err)
}

// search answers POST /v1/search: the body is a transcripts.Query.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	var q transcripts.Query
	if err := decodeBody(w, r, &q); err != nil {
		writeError(w, err)
		return
	}
	res, err := s.api.Search(r.Context(), q)
	reply(w, res, err)
}

func (s *Server) recordings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err := parseTime("from", q.Get("from"))
	if err != nil {
		writeError(w, err)
		return
	}
	to, err := parseTime("to", q.Get("to"))
	if err != nil {
		writeError(w, err)
		return
	}
	recs, err := s.api.Recordings(r.Context(), from, to)
	var partial *zoomapi.PartialError
	if err != nil && !errors.As(err, &partial) {
		writeError(w, err)
		return
	}
	ans := recordingsAnswer{Recordings: recs}
	if partial != nil {
		for _, f := range partial.Failed {
			ans.Failed = append(ans.Failed, failedRange{From: f.From, To: f.To, Error: describe(f.Err)})
		}
	}
	writeJSON(w, http.StatusOK, ans)
}

// recordingsAnswer is the body of GET /v1/recordings: the recordings, and the date ranges
// that failed when only some did (zoomapi.PartialError).
type recordingsAnswer struct {
	Recordings []zoomapi.Recording `json:"recordings"`
	Failed     []failedRange       `json:"failed,omitempty"`
}

// failedRange is one failed range of a recordingsAnswer.
type failedRange struct {
	From  time.Time          `json:"from"`
	To    time.Time          `json:"to"`
	Error *service.ErrorInfo `json:"error"`
}

// recordingPasscode answers GET /v1/recordings/passcode?uuid=... with {"passcode": ...}.
func (s *Server) recordingPasscode(w http.ResponseWriter, r *http.Request) {
	uuid := r.URL.Query().Get("uuid")
	if uuid == "" {
		writeError(w, badRequest("missing uuid"))
		return
	}
	pc, err := s.api.RecordingPasscode(r.Context(), uuid)
	reply(w, passcodeAnswer{Passcode: pc}, err)
}

// passcodeAnswer is the body of GET /v1/recordings/passcode. The passcode is what the
// recording's owner shares with its link; it is no sign-in secret.
type passcodeAnswer struct {
	Passcode string `json:"passcode"`
}

// urlAnswer is the body of the start-url and join-url answers.
type urlAnswer struct {
	URL string `json:"url"`
}

func (s *Server) startURL(w http.ResponseWriter, r *http.Request) {
	s.withID(w, r, func(id int64) (any, error) {
		u, err := s.api.StartURL(r.Context(), id)
		return urlAnswer{URL: u}, err
	})
}

func (s *Server) joinURL(w http.ResponseWriter, r *http.Request) {
	s.withID(w, r, func(id int64) (any, error) {
		u, err := s.api.JoinURL(r.Context(), id)
		return urlAnswer{URL: u}, err
	})
}

func (s *Server) start(w http.ResponseWriter, r *http.Request) {
	s.withID(w, r, func(id int64) (any, error) { return s.api.Start(r.Context(), id) })
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	res, err := s.api.Logout(r.Context())
	reply(w, res, err)
}

func (s *Server) window(w http.ResponseWriter, r *http.Request) {
	reply(w, struct{}{}, s.api.OpenWindow(r.Context()))
}

// quit answers before the agent stops; API.Quit must not wait for this server to close.
func (s *Server) quit(w http.ResponseWriter, r *http.Request) {
	reply(w, struct{}{}, s.api.Quit(r.Context()))
}

// restart, like quit, answers before the agent stops.
func (s *Server) restart(w http.ResponseWriter, r *http.Request) {
	reply(w, struct{}{}, s.api.Restart(r.Context()))
}

// activity reports user input to a kiosk.
func (s *Server) activity(w http.ResponseWriter, r *http.Request) {
	reply(w, struct{}{}, s.api.Activity(r.Context()))
}

// withID parses the {id} path value as a Zoom meeting ID and answers f's result.
func (s *Server) withID(w http.ResponseWriter, r *http.Request, f func(int64) (any, error)) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		writeError(w, badRequest("invalid meeting ID %q", r.PathValue("id")))
		return
	}
	v, err := f(id)
	reply(w, v, err)
}

// reply answers v as JSON, or err.
func reply(w http.ResponseWriter, v any, err error) {
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// parseBool reads a query flag: "", "0", "false" are false; "1", "true" are true.
func parseBool(v string) (bool, error) {
	switch v {
	case "", "0", "false":
		return false, nil
	case "1", "true":
		return true, nil
	}
	return false, badRequest("invalid flag value %q", v)
}

// parseTime reads a recordings bound: RFC 3339, or a date YYYY-MM-DD (UTC, as Zoom's
// recordings API takes dates).
func parseTime(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, badRequest("missing %s", name)
	}
	if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, badRequest("invalid %s %q: want YYYY-MM-DD or RFC 3339", name, v)
}
