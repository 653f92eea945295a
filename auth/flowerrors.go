package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/oauth2"
)

// Sentinel errors of the sign-in flows. Check them with errors.Is; the typed errors below
// match them where they apply.
var (
	// ErrAccessDenied means the user declined: the authorize redirect carried
	// error=access_denied (RFC 6749 §4.1.2.1) or the device poll answered access_denied
	// (RFC 8628 §3.5).
	ErrAccessDenied = errors.New("sign-in was declined")
	// ErrStateMismatch means a callback carried a state that this sign-in did not issue
	// (RFC 6749 §10.12): a stale browser tab or a forged request. Such a callback is
	// rejected and the sign-in keeps waiting; the error is joined to ErrTimeout when the
	// wait later times out, so the UI can say a stale tab was used.
	ErrStateMismatch = errors.New("callback state does not match this sign-in")
	// ErrMissingCode means the authorize redirect carried neither code nor error.
	ErrMissingCode = errors.New("callback carried no authorization code")
	// ErrTimeout means the browser sign-in was not completed within BrowserOptions.Timeout.
	ErrTimeout = errors.New("sign-in timed out")
	// ErrNoFreePort means none of Config.RedirectPorts could be bound; see *PortsError.
	ErrNoFreePort = errors.New("no free loopback redirect port")
	// ErrInvalidGrant means Zoom rejected the code, device code or refresh token
	// (`{"error":"invalid_grant"}`, e.g. a used or expired authorization code).
	ErrInvalidGrant = errors.New("zoom rejected the grant")
	// ErrInvalidClient means Zoom rejected the client ID or secret
	// (`{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`).
	ErrInvalidClient = errors.New("zoom rejected the client credentials")
	// ErrDeviceGrantUnavailable means the Zoom app does not have the device authorization
	// grant enabled ("Use App on Device"); the UI hides the QR sign-in.
	ErrDeviceGrantUnavailable = errors.New("device sign-in is not enabled for this Zoom app")
	// ErrPublicClient comes with ErrDeviceGrantUnavailable for a public (PKCE-only)
	// client: Zoom documents the device grant only with the client secret (HTTP Basic), so
	// such a client does not ask for a device code at all.
	ErrPublicClient = errors.New("device sign-in needs a Zoom app with a client secret")
	// ErrDeviceCodeExpired means the device code expired (RFC 8628 §3.5 expired_token, or
	// its expires_in passed locally) before the user approved; DeviceLogin.Renew gets a
	// fresh one.
	ErrDeviceCodeExpired = errors.New("device code expired")
	// ErrExpired is the name docs/CONTRACTS.md uses for ErrDeviceCodeExpired.
	ErrExpired = ErrDeviceCodeExpired
)

// CallbackError is an error the authorization server sent to the redirect URI
// (RFC 6749 §4.1.2.1), e.g. error=access_denied when the user declined. Both fields come
// from the query string of a callback whose state was verified.
type CallbackError struct {
	Code        string // the "error" parameter
	Description string // the "error_description" parameter, may be empty
}

func (e *CallbackError) Error() string {
	if e.Description == "" {
		return "authorization failed: " + e.Code
	}
	return fmt.Sprintf("authorization failed: %s (%s)", e.Code, e.Description)
}

// Is reports access_denied as ErrAccessDenied.
func (e *CallbackError) Is(target error) bool {
	return target == ErrAccessDenied && e.Code == "access_denied"
}

// TokenError is an error answer of Zoom's token or devicecode endpoint. Zoom answers HTTP
// 400 `{"reason":"Invalid authorization code","error":"invalid_grant"}`: the RFC 6749
// §5.2 "error" code plus a "reason" instead of "error_description". Only these two fields
// reach the message, never the request or the rest of the body. An HTTP 2xx answer that
// is not what the flow asked for (an HTML page, malformed JSON, Zoom's `{"code":200,...}`
// denial) is a TokenError too, with Code CodeInvalidResponse (errors.Is ErrInvalidResponse).
type TokenError struct {
	Status int    // HTTP status
	Code   string // "error", e.g. "invalid_grant"; empty when the body was not Zoom-shaped
	Reason string // "reason" (or "error_description"), e.g. "Invalid Token!"
	// Answer says what an unexpected 2xx answer was when Code is CodeInvalidResponse
	// (ErrInvalidResponse); empty otherwise.
	Answer Answer
	// ZoomCode is the "code" of Zoom's REST-style `{"code":200,"message":...}` body when
	// Answer is AnswerZoomError (Reason then holds the message); 0 otherwise.
	ZoomCode int
}

func (e *TokenError) Error() string {
	switch {
	case e.Code == "":
		return "zoom token endpoint answered HTTP " + strconv.Itoa(e.Status)
	case e.Reason == "":
		return "zoom token endpoint: " + e.Code
	}
	return fmt.Sprintf("zoom token endpoint: %s (%s)", e.Code, e.Reason)
}

// Is matches the sentinel that corresponds to the error code; CodeInvalidResponse matches
// ErrInvalidResponse.
func (e *TokenError) Is(target error) bool {
	switch target {
	case ErrInvalidGrant:
		return e.Code == "invalid_grant"
	case ErrInvalidClient:
		return e.Code == "invalid_client"
	case ErrAccessDenied:
		return e.Code == "access_denied"
	case ErrDeviceCodeExpired:
		return e.Code == "expired_token"
	case ErrInvalidResponse:
		return e.Code == CodeInvalidResponse
	}
	return false
}

// transient reports whether the answer is worth retrying: a server error or a rate limit.
func (e *TokenError) transient() bool {
	return e.Status >= 500 || e.Status == 429
}

// PortsError says that none of the configured loopback redirect ports could be bound.
// Each port must be registered in the Zoom app (Redirect URL and Allow List) as
// http://127.0.0.1:PORT/callback, because Zoom matches redirect URIs exactly.
type PortsError struct {
	Ports []int
	Errs  []error // the bind error per port, same order
}

func (e *PortsError) Error() string {
	if len(e.Ports) == 0 {
		return "no loopback redirect ports configured: register http://127.0.0.1:PORT/callback in the Zoom app and configure PORT"
	}
	ps := make([]string, len(e.Ports))
	for i, p := range e.Ports {
		ps[i] = strconv.Itoa(p)
	}
	return fmt.Sprintf("no free loopback redirect port (tried %s): free one or add another; each must be registered in the Zoom app as a redirect URL http://127.0.0.1:PORT/callback",
		strings.Join(ps, ", "))
}

// Is matches ErrNoFreePort.
func (e *PortsError) Is(target error) bool { return target == ErrNoFreePort }

// Unwrap returns the per-port bind errors.
func (e *PortsError) Unwrap() []error { return e.Errs }

// TokenErrorFrom converts an *oauth2.RetrieveError anywhere in err's chain into a
// *TokenError that keeps only Zoom's "error" and "reason", because RetrieveError.Error
// includes the raw response body. Other errors are returned unchanged.
func TokenErrorFrom(err error) error {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		return err
	}
	te := tokenErrorFromBody(re.Body)
	if re.Response != nil {
		te.Status = re.Response.StatusCode
	}
	if te.Code == "" {
		te.Code = re.ErrorCode
	}
	if te.Reason == "" {
		te.Reason = re.ErrorDescription
	}
	return te
}

// tokenErrorFromBody decodes a Zoom-shaped error body; a body that is not JSON yields an
// empty Code, which the caller reports by status alone.
func tokenErrorFromBody(body []byte) *TokenError {
	var v struct {
		Error       string `json:"error"`
		Reason      string `json:"reason"`
		Description string `json:"error_description"`
	}
	if json.Unmarshal(body, &v) != nil {
		return &TokenError{}
	}
	te := &TokenError{Code: clipServerText(v.Error, 64), Reason: clipServerText(v.Reason, 200)}
	if te.Reason == "" {
		te.Reason = clipServerText(v.Description, 200)
	}
	return te
}

// clipServerText bounds a server-supplied string before it reaches an error message or page.
func clipServerText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
