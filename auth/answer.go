package auth

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"golang.org/x/oauth2"
)

// ErrInvalidResponse means an OAuth endpoint answered a sign-in request with HTTP 2xx but
// not with what the flow asked for: an HTML page (a proxy, a captive portal or Zoom's web
// login), JSON that does not parse, or Zoom's REST-style denial `{"code":200,"message":...}`
// without an access_token (docs/zoom-reference.md, "REST: common": "a 200 body with code and
// message and none of the expected fields is an error"). The *TokenError that matches it
// has Code "invalid_response" and says which in Answer. Such an answer is not retried: a
// code may have been spent, so the user starts the sign-in again.
var ErrInvalidResponse = errors.New("zoom answered the sign-in with an unexpected response")

// CodeInvalidResponse is TokenError.Code for an answer that matches ErrInvalidResponse. It
// is not an RFC 6749 §5.2 code: Zoom never sends it, the client sets it.
const CodeInvalidResponse = "invalid_response"

// Answer says what an unexpected 2xx answer of an OAuth endpoint was (TokenError.Answer).
type Answer string

// Kinds of unexpected answers.
const (
	// AnswerHTML is an HTML page where JSON was expected, e.g. a proxy's or captive
	// portal's page, or Zoom's login page.
	AnswerHTML Answer = "html"
	// AnswerMalformed is JSON that does not parse, or that lacks the required fields
	// (access_token; device_code, user_code and verification_uri).
	AnswerMalformed Answer = "malformed"
	// AnswerZoomError is Zoom's REST-style error body `{"code":200,"message":"..."}` sent
	// with HTTP 200; TokenError.ZoomCode and Reason carry its code and message.
	AnswerZoomError Answer = "zoom_error"
)

// invalidAnswer classifies a 2xx body that did not decode into what the flow needed;
// missing names what was lacking, for the message. A body in the RFC 6749 §5.2 error shape
// (some servers send it with 200) becomes the usual *TokenError for its code, so a
// device poll's authorization_pending keeps polling. Only fixed phrases or Zoom's clipped
// "message"/"reason" reach the error, never the rest of the body.
func invalidAnswer(status int, body []byte, missing string) *TokenError {
	te := &TokenError{Status: status, Code: CodeInvalidResponse, Answer: AnswerMalformed}
	trimmed := bytes.TrimSpace(body)
	switch {
	case bytes.HasPrefix(trimmed, []byte("<")):
		te.Answer, te.Reason = AnswerHTML, "an HTML page instead of JSON"
		return te
	case !json.Valid(trimmed):
		te.Reason = "malformed JSON"
		return te
	}
	if rfc := tokenErrorFromBody(trimmed); rfc.Code != "" {
		rfc.Status = status
		return rfc
	}
	var v struct {
		Code    json.Number `json:"code"`
		Message string      `json:"message"`
	}
	if json.Unmarshal(trimmed, &v) == nil && v.Message != "" {
		if code, err := v.Code.Int64(); err == nil && code != 0 {
			te.Answer, te.ZoomCode = AnswerZoomError, int(code)
			te.Reason = clipServerText(strings.ToValidUTF8(v.Message, ""), 200)
			return te
		}
	}
	te.Reason = "answer lacks " + missing
	return te
}

// tokenAnswer turns the answer of a token request (RFC 6749 §5.1/§5.2, RFC 8628 §3.5),
// received at now, into a token or a *TokenError: a non-2xx status is Zoom's error, and a
// 2xx answer without an access token is an unexpected answer (ErrInvalidResponse).
func tokenAnswer(status int, body []byte, now time.Time) (*oauth2.Token, error) {
	if status < 200 || status > 299 {
		te := tokenErrorFromBody(body)
		te.Status = status
		return nil, te
	}
	tok, err := decodeTokenResponse(body, now)
	if err != nil {
		return nil, invalidAnswer(status, body, "access_token")
	}
	return tok, nil
}
