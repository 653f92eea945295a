package service

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"regexp"
	"strings"
	"syscall"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Reason is the reason of a Status (StateNeedsSignIn) or of an ErrorInfo. ui/text turns each
// into a sentence.
type Reason string

// Reasons a session needs a new sign-in (Status.Reason, and KindAuth errors): the
// session's own (auth.Reason, whose comments say when each applies), mapped by reasonOf.
const (
	ReasonRevoked           = Reason(auth.ReasonRevoked)
	ReasonExpired           = Reason(auth.ReasonExpired)
	ReasonSignedInElsewhere = Reason(auth.ReasonSignedInElsewhere)
	ReasonUnknown           = Reason(auth.ReasonUnknown)
)

// reasonOf maps the session's reason to the service's: the one place where auth's reasons
// become the service's.
func reasonOf(r auth.Reason) Reason {
	switch r {
	case "":
		return ""
	case auth.ReasonRevoked:
		return ReasonRevoked
	case auth.ReasonExpired:
		return ReasonExpired
	case auth.ReasonSignedInElsewhere:
		return ReasonSignedInElsewhere
	}
	return ReasonUnknown
}

// Reasons of KindAuth and KindConfig errors that are not the session's.
const (
	ReasonAccessDenied  Reason = "access_denied"  // the user declined (RFC 6749 §4.1.2.1)
	ReasonNoFreePort    Reason = "no_free_port"   // no registered loopback port could be bound
	ReasonTimeout       Reason = "timeout"        // the browser sign-in was not completed in time
	ReasonCodeExpired   Reason = "code_expired"   // the device code expired (RFC 8628 §3.5)
	ReasonInvalidClient Reason = "invalid_client" // Zoom rejected the client ID or secret
	ReasonPublicClient  Reason = "public_client"  // a PKCE-only client cannot use the device grant
	ReasonNotConfigured Reason = "not_configured" // no Zoom app (client ID) is set up yet
	ReasonTokenInvalid  Reason = "token_invalid"  // Zoom rejected the access token (code 124)
	// ReasonRevokeFailed: signed out locally, but the revocation (POST /oauth/revoke) did not
	// reach Zoom or was refused, so the grant stays valid at Zoom until it expires.
	ReasonRevokeFailed Reason = "revoke_failed"
	// ReasonUnexpectedPage: the OAuth endpoint answered a sign-in with an HTML page (a proxy,
	// a captive portal, Zoom's web login) instead of JSON (auth.AnswerHTML).
	ReasonUnexpectedPage Reason = "unexpected_page"
	// ReasonMalformedAnswer: the OAuth endpoint answered a sign-in with JSON that does not
	// parse or lacks the token (auth.AnswerMalformed).
	ReasonMalformedAnswer Reason = "malformed_answer"
)

// Reasons of KindLocalFile errors.
const (
	ReasonFileNoFolder   Reason = "no_folder"  // the folder to write in does not exist (ENOENT)
	ReasonFileNotFolder  Reason = "not_folder" // a part of the path is a file, not a folder (ENOTDIR)
	ReasonFilePermission Reason = "permission" // no permission, or a read-only file system
	ReasonFileNoSpace    Reason = "no_space"   // the disk or the user's quota is full
	ReasonFileExists     Reason = "exists"     // a file of that name exists already
	ReasonFileOther      Reason = "other"      // any other failure of the file system
)

// maxMessage bounds ErrorInfo.Message.
const maxMessage = 300

// urlQuery matches the query and fragment of URLs in a message: start links carry a ZAK.
var urlQuery = regexp.MustCompile(`((?:https?|zoommtg)://[^\s?#"']*)[?#][^\s"']*`)

// Describe returns a typed, secret-free summary of err, or nil for nil: Zoom's errors
// (124 → auth, 4711 → missing_scope with Scopes, 429 → rate_limited with RetryAfter,
// others → zoom), the sign-in and session errors of package auth, an unavailable token
// store (keyring), network failures, invalid settings (config) and anything else
// (internal). Messages have URL queries removed and are bounded.
func Describe(err error) *ErrorInfo {
	if err == nil {
		return nil
	}
	var info *ErrorInfo
	if errors.As(err, &info) {
		c := *info
		return &c
	}
	info = classify(err)
	if info.Message == "" {
		info.Message = err.Error()
	}
	info.Message = clean(info.Message)
	return info
}

// classify maps err to an ErrorInfo without cleaning its message.
func classify(err error) *ErrorInfo {
	if info := describeZoom(err); info != nil {
		return info
	}
	if info := describeAuth(err); info != nil {
		return info
	}
	if info := describeLocalFile(err); info != nil {
		return info
	}
	var cfgErr *config.Error
	switch {
	case errors.Is(err, tokenstore.ErrUnavailable), errors.Is(err, auth.ErrTokenNotSaved):
		return &ErrorInfo{Kind: KindKeyring}
	case errors.As(err, &cfgErr):
		return &ErrorInfo{Kind: KindConfig}
	case isNetwork(err):
		return &ErrorInfo{Kind: KindNetwork}
	}
	return &ErrorInfo{Kind: KindInternal}
}

// describeZoom maps a *zoomapi.Error, or returns nil.
func describeZoom(err error) *ErrorInfo {
	var ze *zoomapi.Error
	if !errors.As(err, &ze) {
		return nil
	}
	info := &ErrorInfo{Kind: KindZoom, Status: ze.Status, Code: ze.Code, Message: ze.Message}
	switch {
	case zoomapi.IsTokenInvalid(err):
		info.Kind, info.Reason = KindAuth, ReasonTokenInvalid
	case zoomapi.MissingScopes(err) != nil:
		info.Kind, info.Scopes = KindMissingScope, zoomapi.MissingScopes(err)
	case zoomapi.IsRateLimited(err):
		info.Kind = KindRateLimited
		info.RetryAfter, _ = zoomapi.RetryAfter(err)
	}
	return info
}

// describeAuth maps the errors of package auth, or returns nil.
func describeAuth(err error) *ErrorInfo {
	var pe *auth.PortsError
	switch {
	case errors.Is(err, auth.ErrSignedOut):
		return &ErrorInfo{Kind: KindSignedOut, Message: "not signed in"}
	case errors.Is(err, auth.ErrNeedsSignIn):
		return &ErrorInfo{Kind: KindAuth}
	case errors.Is(err, auth.ErrOffline):
		return &ErrorInfo{Kind: KindNetwork}
	case errors.Is(err, auth.ErrAccessDenied):
		return &ErrorInfo{Kind: KindAuth, Reason: ReasonAccessDenied}
	case errors.Is(err, auth.ErrPublicClient):
		return &ErrorInfo{Kind: KindDeviceGrant, Reason: ReasonPublicClient}
	case errors.Is(err, auth.ErrDeviceGrantUnavailable):
		return &ErrorInfo{Kind: KindDeviceGrant}
	case errors.Is(err, auth.ErrDeviceCodeExpired):
		return &ErrorInfo{Kind: KindAuth, Reason: ReasonCodeExpired}
	case errors.Is(err, auth.ErrTimeout):
		return &ErrorInfo{Kind: KindAuth, Reason: ReasonTimeout}
	case errors.Is(err, auth.ErrInvalidClient):
		return &ErrorInfo{Kind: KindConfig, Reason: ReasonInvalidClient}
	case errors.As(err, &pe):
		return &ErrorInfo{Kind: KindConfig, Reason: ReasonNoFreePort, Message: pe.Error()}
	case errors.Is(err, auth.ErrInvalidResponse):
		return describeInvalidResponse(err)
	case errors.Is(err, auth.ErrInvalidGrant), errors.Is(err, auth.ErrStateMismatch), errors.Is(err, auth.ErrMissingCode):
		return &ErrorInfo{Kind: KindAuth}
	}
	return nil
}

// describeInvalidResponse maps an unexpected 2xx answer of a sign-in (auth.ErrInvalidResponse):
// Zoom's `{"code":200,"message":...}` denial reads like any Zoom refusal (KindZoom); an HTML
// page or malformed JSON is a failed sign-in worth retrying (KindAuth).
func describeInvalidResponse(err error) *ErrorInfo {
	var te *auth.TokenError
	if !errors.As(err, &te) {
		return &ErrorInfo{Kind: KindAuth, Reason: ReasonMalformedAnswer}
	}
	switch te.Answer {
	case auth.AnswerZoomError:
		return &ErrorInfo{Kind: KindZoom, Status: te.Status, Code: te.ZoomCode, Message: te.Reason}
	case auth.AnswerHTML:
		return &ErrorInfo{Kind: KindAuth, Reason: ReasonUnexpectedPage, Status: te.Status}
	}
	return &ErrorInfo{Kind: KindAuth, Reason: ReasonMalformedAnswer, Status: te.Status}
}

// describeLocalFile maps a failure of a local file or folder (*fs.PathError, *os.LinkError)
// to KindLocalFile, or returns nil. It runs before isNetwork: the syscall.Errno inside a
// PathError satisfies net.Error, which would otherwise blame the network for a missing
// folder.
func describeLocalFile(err error) *ErrorInfo {
	var pe *fs.PathError
	var le *os.LinkError
	path := ""
	switch {
	case errors.As(err, &pe):
		path = pe.Path
	case errors.As(err, &le):
		path = le.New
	default:
		return nil
	}
	info := &ErrorInfo{Kind: KindLocalFile, Path: path, Reason: ReasonFileOther}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		info.Reason = ReasonFileNoFolder
	case errors.Is(err, syscall.ENOTDIR):
		info.Reason = ReasonFileNotFolder
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		info.Reason = ReasonFilePermission
	case errors.Is(err, syscall.ENOSPC), isQuota(err):
		info.Reason = ReasonFileNoSpace
	case errors.Is(err, fs.ErrExist):
		info.Reason = ReasonFileExists
	}
	return info
}

// isNetwork reports whether err is a failure to reach Zoom: a net.Error (timeouts,
// DNS), a refused or reset connection, or a stalled download.
func isNetwork(err error) bool {
	var ne net.Error
	var dns *net.DNSError
	var op *net.OpError
	if errors.Is(err, context.Canceled) {
		return false
	}
	return errors.As(err, &ne) || errors.As(err, &dns) || errors.As(err, &op) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, zoomapi.ErrStalled)
}

// clean removes URL queries and fragments from msg and bounds its length.
func clean(msg string) string {
	msg = urlQuery.ReplaceAllString(msg, "$1")
	if len(msg) > maxMessage {
		msg = strings.ToValidUTF8(msg[:maxMessage], "") + "…"
	}
	return msg
}

// Is makes errors.Is(err, target) true for an *ErrorInfo target of the same Kind (and
// Reason, when the target sets one), so ErrNoAgent and similar sentinels survive a trip
// over the local API.
func (e *ErrorInfo) Is(target error) bool {
	t, ok := target.(*ErrorInfo)
	if !ok || e == nil || t == nil {
		return false
	}
	return e.Kind == t.Kind && (t.Reason == "" || e.Reason == t.Reason)
}
