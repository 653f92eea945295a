package zoomapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// fuzzDecodeSeeds are bodies Zoom has sent (docs/zoom-reference.md) and the broken bodies the
// fake's faults produce: a truncated object, an HTML login page, the 200 denial form.
var fuzzDecodeSeeds = []string{
	`{"id":"KDcuGIm1QgePTO8WbOqwIQ","first_name":"Alex","email":"alex@example.com","type":2,"pmi":4567890123}`,
	`{"page_size":300,"next_page_token":"","meetings":[{"id":85746065432,"uuid":"a==","type":2,"start_time":"2026-11-22T15:00:00Z","pmi":"4567890123"}]}`,
	`{"from":"2025-01-01","to":"2025-01-31","meetings":[{"id":"85746065432","type":"2","total_size":"1024","recording_files":[{"id":"f","file_size":12}]}]}`,
	`{"code":124,"message":"Invalid access token."}`,
	`{"code":200,"message":"Only available for Paid account."}`,
	`{"token":"zak"}`,
	`{"meetings":[{"id":1`,
	`<html><body>Sign in</body></html>`,
	`null`, `[]`, `""`, `{"id":1e400}`, `{"meetings":[{"id":-9223372036854775809}]}`,
}

// fuzzResponse is a response of the given status and content type, as decode sees it.
func fuzzResponse(status int, contentType string) *http.Response {
	h := http.Header{}
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	return &http.Response{StatusCode: status, Header: h}
}

// checkDecodeErr fails when decode returned an error that is neither an *Error nor a
// decode error, or an *Error whose Status differs from the response's (Zoom's denial form
// in any 2xx answer is reported as Status 200, the status Zoom sends it with).
func checkDecodeErr(t *testing.T, err error, status int) {
	t.Helper()
	var ze *Error
	switch {
	case err == nil:
	case errors.As(err, &ze):
		if ze.Status != status && !(status/100 == 2 && ze.Status == http.StatusOK) {
			t.Errorf("Error.Status: got %d, want %d", ze.Status, status)
		}
		if ze.Error() == "" {
			t.Error("Error.Error: got empty message")
		}
	case !strings.HasPrefix(err.Error(), "decode response"):
		t.Errorf("decode: got untyped error %v, want *Error or a decode error", err)
	}
}

// fuzzDecodeInto feeds body to Client.decode for each status and content type into a
// fresh value from newV, as a REST call would with the given wanted field.
func fuzzDecodeInto(f *testing.F, want string, newV func() any) {
	for _, s := range fuzzDecodeSeeds {
		f.Add([]byte(s), 200, "application/json")
	}
	f.Add([]byte(fuzzDecodeSeeds[7]), 200, "text/html; charset=utf-8")
	f.Add([]byte(fuzzDecodeSeeds[3]), 401, "application/json")
	c := &Client{now: time.Now}
	f.Fuzz(func(t *testing.T, body []byte, status int, ct string) {
		if status < 100 || status > 599 {
			status = 200 + (status%400+400)%400
		}
		checkDecodeErr(t, c.decode(fuzzResponse(status, ct), body, want, newV()), status)
	})
}

// FuzzDecodeUser decodes GET /users/me bodies.
func FuzzDecodeUser(f *testing.F) {
	fuzzDecodeInto(f, "id", func() any { return new(User) })
}

// FuzzDecodeMeetingList decodes GET /users/me/meetings and upcoming_meetings pages.
func FuzzDecodeMeetingList(f *testing.F) {
	fuzzDecodeInto(f, "meetings", func() any { return new(meetingPage) })
}

// FuzzDecodeRecordingList decodes GET /users/me/recordings pages, where ids and types
// arrive as numbers or strings.
func FuzzDecodeRecordingList(f *testing.F) {
	fuzzDecodeInto(f, "meetings", func() any { return new(recordingPage) })
}

// FuzzDecodeMeeting decodes the 201 answer of POST /users/me/meetings (an instant meeting).
func FuzzDecodeMeeting(f *testing.F) {
	fuzzDecodeInto(f, "id", func() any { return new(Meeting) })
}

// FuzzDecodeZAK decodes GET /users/me/zak and /users/me/token?type=zak bodies.
func FuzzDecodeZAK(f *testing.F) {
	fuzzDecodeInto(f, "token", func() any { return new(tokenBody) })
}

// FuzzDecodeError builds the *Error of a failed response: Zoom's {"code","message"} body,
// HTML, or anything else, with any Retry-After header (seconds, HTTP date or ISO date).
func FuzzDecodeError(f *testing.F) {
	for _, s := range fuzzDecodeSeeds {
		f.Add([]byte(s), 429, "", "2026-11-26T00:00:00Z")
	}
	f.Add([]byte(`{"code":429,"message":"You have reached the maximum per-second rate limit"}`), 429, "QPS", "2")
	f.Add([]byte(`{}`), 503, "Daily-limit", "Wed, 21 Oct 2015 07:28:00 GMT")
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, body []byte, status int, limitType, retryAfter string) {
		h := http.Header{"X-Ratelimit-Type": {limitType}, "Retry-After": {retryAfter}}
		e := newError(status, h, body, now)
		if e.Status != status || e.Message == "" && e.Code == 0 && http.StatusText(status) != "" {
			t.Errorf("newError: got Status %d Code %d Message %q, want status %d and a message",
				e.Status, e.Code, e.Message, status)
		}
		_ = e.Error()
		if d := denial(body, "id"); d != nil && d.Status != http.StatusOK {
			t.Errorf("denial: got Status %d, want 200", d.Status)
		}
	})
}

// FuzzFlexInt64 decodes the lenient integers (number or string) of list-recordings and
// checks that whatever decodes survives a round trip through MarshalJSON.
func FuzzFlexInt64(f *testing.F) {
	for _, s := range []string{`85746065432`, `"85746065432"`, `""`, `null`, `1e3`, `"1.5"`, `-0`,
		`9223372036854775807`, `"9223372036854775808"`, `true`, `{}`, `" 12"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var n FlexInt64
		if err := json.Unmarshal(b, &n); err != nil {
			return
		}
		out, err := json.Marshal(n)
		if err != nil {
			t.Fatalf("Marshal(%d): %v", n, err)
		}
		var back FlexInt64
		if err := json.Unmarshal(out, &back); err != nil || back != n {
			t.Errorf("round trip of %q: got %d (%v), want %d", b, back, err, n)
		}
	})
}
