package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/zoomtray/zoomtray/service"
)

// maxBody bounds request bodies: the largest is a meeting topic or a LoginRequest.
const maxBody = 64 << 10

// Content types of the answers: JSON for single values, NDJSON for the Login and Watch
// streams, octet-stream for recording files.
const (
	typeJSON   = "application/json"
	typeNDJSON = "application/x-ndjson"
	typeBytes  = "application/octet-stream"
)

// errorBody is how an error travels: {"error": ErrorInfo}.
type errorBody struct {
	Error *service.ErrorInfo `json:"error"`
}

// streamEnd is the last line of a Login stream: {"done":true} or {"error":{...}}. Event
// lines carry "event" instead, so the two cannot be confused.
type streamEnd struct {
	Event string             `json:"event,omitempty"`
	Done  bool               `json:"done,omitempty"`
	Error *service.ErrorInfo `json:"error,omitempty"`
}

// describe turns any error into the ErrorInfo that travels to the client
// (service.Describe: typed, secret-free). A cancelled request says so.
func describe(err error) *service.ErrorInfo {
	var info *service.ErrorInfo
	if !errors.As(err, &info) && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)) {
		return &service.ErrorInfo{Kind: service.KindInternal, Message: "request cancelled"}
	}
	return service.Describe(err)
}

// httpStatus is the HTTP status an error kind travels with.
func httpStatus(info *service.ErrorInfo) int {
	switch info.Kind {
	case service.KindNotFound:
		return http.StatusNotFound
	case service.KindAuth, service.KindSignedOut:
		return http.StatusUnauthorized
	case service.KindMissingScope:
		return http.StatusForbidden
	case service.KindRateLimited:
		return http.StatusTooManyRequests
	case service.KindNetwork, service.KindZoom:
		return http.StatusBadGateway
	case service.KindConfig, service.KindDeviceGrant:
		return http.StatusConflict
	case service.KindKeyring, service.KindNoAgent:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// badRequest is the error of a request the server cannot parse.
func badRequest(format string, args ...any) *requestError {
	return &requestError{status: http.StatusBadRequest, msg: fmt.Sprintf(format, args...)}
}

// requestError is a problem with the request itself (400, 404, 405, 413).
type requestError struct {
	status int
	msg    string
}

func (e *requestError) Error() string { return e.msg }

// writeJSON answers status with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", typeJSON)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// writeError answers err as {"error": ErrorInfo} with a fitting status.
func writeError(w http.ResponseWriter, err error) {
	var re *requestError
	if errors.As(err, &re) {
		info := &service.ErrorInfo{Kind: service.KindInternal, Status: re.status, Message: re.msg}
		writeJSON(w, re.status, errorBody{Error: info})
		return
	}
	info := describe(err)
	writeJSON(w, httpStatus(info), errorBody{Error: info})
}

// decodeBody reads a JSON request body into v: at most maxBody bytes, no unknown fields,
// one value only. An empty body leaves v at its zero value.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	body := http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.As(err, &tooBig):
			return &requestError{status: http.StatusRequestEntityTooLarge, msg: "request body too large"}
		}
		return badRequest("invalid request body: %v", err)
	}
	if dec.More() {
		return badRequest("invalid request body: more than one JSON value")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return badRequest("invalid request body: trailing data")
	}
	return nil
}

// readError turns a non-2xx answer into the *service.ErrorInfo it carries, or describes
// the answer when it is not one of ours.
func readError(resp *http.Response) error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	var body errorBody
	if err := json.Unmarshal(data, &body); err == nil && body.Error != nil {
		return body.Error
	}
	return &service.ErrorInfo{Kind: service.KindInternal, Status: resp.StatusCode,
		Message: fmt.Sprintf("local API answered %s", resp.Status)}
}
