package zoomapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Zoom error codes the client and its callers act on (docs/zoom-reference.md, "REST: common").
const (
	CodeInvalidToken    = 124  // 401: invalid or expired access token
	CodeMissingScopes   = 4711 // 400: "Invalid access token, does not contain scopes:[...]"
	CodeRateLimited     = 429  // 429: per-second or daily rate limit
	CodeUserNotFound    = 1001 // 404
	CodeMeetingNotFound = 3001 // 404: meeting not found
)

// Error is a failure reported by Zoom: an HTTP error status with Zoom's
// {"code","message"} body, a 200 that carries only {"code","message"} (Zoom's denial form,
// e.g. "Only available for Paid account."), or a 200 with an HTML page where JSON or a file
// was expected (Zoom's login page). Its text never holds a URL or a token.
type Error struct {
	Status  int    // HTTP status
	Code    int    // Zoom's code; 0 when the body had none
	Message string // Zoom's message, or a short description of the unexpected body
	// RetryAfter is when Zoom allows the next request: the Retry-After header, else
	// X-RateLimit-Reset (per-second 429s); zero if unknown.
	RetryAfter time.Time
	// Category and LimitType are X-RateLimit-Category (Light, Medium, Heavy) and
	// X-RateLimit-Type (QPS, Daily-limit) of a 429.
	Category, LimitType string
}

// Error returns "zoom: HTTP <status> code <code>: <message>".
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "zoom: HTTP %d", e.Status)
	if e.Code != 0 {
		fmt.Fprintf(&b, " code %d", e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	return b.String()
}

// IsTokenInvalid reports whether Zoom rejected the access token (HTTP 401 or code 124):
// the caller should refresh the token or sign in again.
func IsTokenInvalid(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == http.StatusUnauthorized || e.Code == CodeInvalidToken)
}

// MissingScopes returns the scopes that Zoom's error 4711 says the token lacks
// ("Invalid access token, does not contain scopes:[meeting:read, user:read]"), or nil
// for any other error. A 4711 whose message names no scope yields an empty, non-nil slice.
func MissingScopes(err error) []string {
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeMissingScopes {
		return nil
	}
	scopes := []string{}
	open := strings.Index(e.Message, "[")
	end := strings.LastIndex(e.Message, "]")
	if open < 0 || end < open {
		return scopes
	}
	for s := range strings.SplitSeq(e.Message[open+1:end], ",") {
		if s = strings.TrimSpace(s); s != "" {
			scopes = append(scopes, s)
		}
	}
	return scopes
}

// RetryAfter returns when Zoom allows the next request, from the Retry-After header of a
// 429 (a daily limit sends an ISO-8601 date-time) or else its X-RateLimit-Reset (a
// per-second limit sends the Unix time of the next second).
func RetryAfter(err error) (time.Time, bool) {
	var e *Error
	if errors.As(err, &e) && !e.RetryAfter.IsZero() {
		return e.RetryAfter, true
	}
	return time.Time{}, false
}

// IsRateLimited reports whether Zoom answered 429 (per-second or daily limit).
func IsRateLimited(err error) bool {
	var e *Error
	return errors.As(err, &e) && (e.Status == http.StatusTooManyRequests || e.Code == CodeRateLimited)
}

// IsDenied reports whether Zoom refused the request as not allowed for this user or plan:
// its HTTP 200 denial form ({"code":200,"message":"Only available for Paid account."}) or
// HTTP 403.
func IsDenied(err error) bool {
	var e *Error
	return errors.As(err, &e) && ((e.Status == http.StatusOK && e.Code != 0) || e.Status == http.StatusForbidden)
}

// errHTML is the Message of an *Error for an HTML body where JSON or a file was expected.
const errHTML = "unexpected HTML response"

// isHTML reports whether a response is an HTML page: by its Content-Type, or by a body
// that starts with '<' when the type is missing.
func isHTML(h http.Header, body []byte) bool {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if mt == "text/html" || mt == "application/xhtml+xml" {
		return true
	}
	return mt == "" && bytes.HasPrefix(bytes.TrimSpace(body), []byte("<"))
}

// isJSON reports whether a response declares a JSON body.
func isJSON(h http.Header) bool {
	mt, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// newError builds the *Error for a response that failed: Zoom's {"code","message"} body
// when there is one, the status text otherwise, and the rate-limit headers.
func newError(status int, h http.Header, body []byte, now time.Time) *Error {
	e := &Error{
		Status:    status,
		Category:  h.Get("X-RateLimit-Category"),
		LimitType: h.Get("X-RateLimit-Type"),
	}
	var ok bool
	if e.RetryAfter, ok = parseRetryAfter(h.Get("Retry-After"), now); !ok {
		e.RetryAfter, _ = parseRateLimitReset(h.Get("X-RateLimit-Reset"), now)
	}
	var zb struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	switch {
	case isHTML(h, body):
		e.Message = errHTML
	case json.Unmarshal(body, &zb) == nil && (zb.Code != 0 || zb.Message != ""):
		e.Code, e.Message = zb.Code, zb.Message
	default:
		e.Message = strings.ToLower(http.StatusText(status))
	}
	return e
}

// denial returns Zoom's 200 denial form as an *Error: a JSON object with `code` and
// `message` and without the field the call expects (want), or nil.
func denial(body []byte, want string) *Error {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return nil
	}
	_, hasWant := m[want]
	_, hasCode := m["code"]
	_, hasMsg := m["message"]
	if hasWant || !hasCode || !hasMsg {
		return nil
	}
	e := newError(http.StatusOK, http.Header{}, body, time.Time{})
	if e.Code == 0 {
		e.Code = http.StatusOK
	}
	return e
}

// parseRateLimitReset reads X-RateLimit-Reset, which Zoom's per-second 429s are reported
// to carry instead of Retry-After: the Unix time (seconds) when the quota opens again. A
// small value is taken as seconds from now, the form some servers use for this header.
func parseRateLimitReset(v string, now time.Time) (time.Time, bool) {
	secs, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	switch {
	case err != nil || secs < 0:
		return time.Time{}, false
	case secs < resetDeltaMax:
		return now.Add(time.Duration(secs) * time.Second), true
	}
	return time.Unix(secs, 0), true
}

// resetDeltaMax separates the two forms of X-RateLimit-Reset: below it (about 11 days in
// seconds; Unix time passed it in 1970) a value is a delay, above it a Unix time.
const resetDeltaMax = 1_000_000

// parseRetryAfter reads a Retry-After header in any of the forms seen: delay seconds
// (RFC 9110 §10.2.3), an HTTP-date, or the ISO-8601 date-time Zoom sends for daily limits.
func parseRetryAfter(v string, now time.Time) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, false
	}
	if secs, err := strconv.ParseInt(v, 10, 32); err == nil && secs >= 0 {
		return now.Add(time.Duration(secs) * time.Second), true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	if t, err := http.ParseTime(v); err == nil {
		return t, true
	}
	return time.Time{}, false
}
