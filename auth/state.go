package auth

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode"

	"golang.org/x/oauth2"
)

// Sentinel errors of the session. They are checked with errors.Is; the ui package turns them
// into sentences.
var (
	// ErrSignedOut means no token is held: nobody signed in, or the person signed out (perhaps
	// in another process sharing the token store).
	ErrSignedOut = errors.New("auth: signed out")
	// ErrNeedsSignIn means Zoom rejected the refresh token (invalid_grant): the grant is dead
	// and only a new sign-in helps. State().Reason says why, as far as Zoom's answer tells.
	ErrNeedsSignIn = errors.New("auth: sign-in needed")
	// ErrOffline means Zoom's token endpoint could not be reached or answered 5xx; the session
	// keeps its tokens and retries with backoff.
	ErrOffline = errors.New("auth: zoom unreachable")
	// ErrTokenNotSaved means a token was received but could not be written to the token store.
	// After a refresh this is serious: Zoom has already retired the stored refresh token
	// (docs/zoom-reference.md, "Refresh tokens rotate and are single-use"), so the next start of the
	// app will need a new sign-in unless the store recovers before then.
	ErrTokenNotSaved = errors.New("auth: token not saved")
	// ErrSessionClosed is returned by calls that would start work after Close.
	ErrSessionClosed = errors.New("auth: session closed")
)

// StateKind is the coarse state of a Session, the one the tray menu is a function of.
type StateKind string

// The session states. Transitions are published to subscribers as they happen.
const (
	SignedOut   StateKind = "signed_out"   // no token
	SigningIn   StateKind = "signing_in"   // a sign-in flow is under way (BeginSignIn)
	SignedIn    StateKind = "signed_in"    // a usable token is held
	Refreshing  StateKind = "refreshing"   // a refresh request is in flight
	Offline     StateKind = "offline"      // the last refresh failed for a transient reason; retrying
	NeedsSignIn StateKind = "needs_signin" // Zoom rejected the refresh token; see Reason
)

// Reason says why a session needs a new sign-in. Zoom's invalid_grant bodies barely
// distinguish the causes ({"reason":"Invalid Token!","error":"invalid_grant"}), so the
// session maps what it can and otherwise says ReasonRevoked.
type Reason string

// The reasons for NeedsSignIn.
const (
	// ReasonRevoked: the grant was revoked (app removed, "sign out of all devices", or a lost
	// refresh reply killed the rotated refresh token).
	ReasonRevoked Reason = "revoked"
	// ReasonExpired: the refresh token outlived its lifetime.
	ReasonExpired Reason = "expired"
	// ReasonSignedInElsewhere: a newer authorization of the same app by the same user revoked
	// this grant (Zoom error 4741).
	ReasonSignedInElsewhere Reason = "signed_in_elsewhere"
	// ReasonUnknown: the token endpoint refused for another permanent reason (for example
	// invalid_client after the app's secret was rotated).
	ReasonUnknown Reason = "unknown"
)

// State is a snapshot of a Session. It holds no token material and is safe to log.
type State struct {
	Kind StateKind
	// Reason is set when Kind is NeedsSignIn.
	Reason Reason
	// Expiry is when the current access token expires (zero when none is held).
	Expiry time.Time
	// LastRefresh is when the last successful refresh (or adoption of a token refreshed by
	// another process) happened.
	LastRefresh time.Time
	// NextRefresh is when the background refresher will act next: the planned refresh, or the
	// next retry while Offline.
	NextRefresh time.Time
	// Err is the last error worth showing: the refresh failure, or ErrTokenNotSaved with the
	// store's cause. Its message never contains token material.
	Err error
	// StoreKind and StoreLocation describe where tokens are kept (tokenstore.Store).
	StoreKind, StoreLocation string
}

// hub fans state snapshots out to subscribers. Each subscriber has a one-slot channel that
// always holds the latest state not yet received (latest wins: a slow reader skips
// intermediate states but never misses the current one).
type hub struct {
	mu   sync.Mutex // guards subs and next
	subs map[int]chan State
	next int
}

// subscribe registers a channel and sends it the current state st.
func (h *hub) subscribe(st State) (<-chan State, func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.subs == nil {
		h.subs = make(map[int]chan State)
	}
	id := h.next
	h.next++
	ch := make(chan State, 1)
	ch <- st
	h.subs[id] = ch
	cancel := func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if c, ok := h.subs[id]; ok {
			delete(h.subs, id)
			close(c)
		}
	}
	return ch, cancel
}

// publish replaces any unread state in every subscriber's slot with st. It never blocks.
func (h *hub) publish(st State) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, ch := range h.subs {
		select {
		case <-ch:
		default:
		}
		ch <- st
	}
}

// closeAll closes every subscriber channel; used by Session.Close.
func (h *hub) closeAll() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for id, ch := range h.subs {
		close(ch)
		delete(h.subs, id)
	}
}

// RefreshError is a failed refresh of the access token (RFC 6749 §6). Only Zoom's "error"
// and "reason" reach its message, clipped and with any token the session holds redacted,
// because x/oauth2's RetrieveError.Error includes the whole response body. It unwraps to
// ErrOffline when Temporary (network error, 5xx, 429, malformed answer: retried with
// backoff) and to ErrNeedsSignIn otherwise (the grant is dead: never retried).
type RefreshError struct {
	Status    int    // HTTP status; 0 when no answer arrived
	Code      string // "error", e.g. "invalid_grant"
	Reason    string // "reason" (or "error_description"), e.g. "Invalid Token!"
	Temporary bool
	cause     error // the network error, for Temporary errors without an answer
}

// Error says what failed: the network error, or Zoom's error code and reason with the HTTP
// status. It never contains token material.
func (e *RefreshError) Error() string {
	var b strings.Builder
	b.WriteString("auth: refresh: ")
	switch {
	case e.Status == 0 && e.cause != nil:
		b.WriteString(e.cause.Error())
	case e.Code == "" && e.Reason == "":
		fmt.Fprintf(&b, "token endpoint answered HTTP %d", e.Status)
	default:
		b.WriteString(cmp.Or(e.Code, "error"))
		if e.Reason != "" {
			fmt.Fprintf(&b, " (%s)", e.Reason)
		}
		if e.Status != 0 {
			fmt.Fprintf(&b, ", HTTP %d", e.Status)
		}
	}
	return b.String()
}

// Unwrap returns ErrOffline or ErrNeedsSignIn, and the network cause if any.
func (e *RefreshError) Unwrap() []error {
	kind := ErrNeedsSignIn
	if e.Temporary {
		kind = ErrOffline
	}
	if e.cause != nil {
		return []error{kind, e.cause}
	}
	return []error{kind}
}

// permanentCodes are token endpoint errors that no retry can fix (RFC 6749 §5.2); Zoom
// answered invalid_request for dead refresh tokens before 2022.
var permanentCodes = map[string]bool{
	"invalid_grant": true, "invalid_request": true, "invalid_client": true,
	"unauthorized_client": true, "unsupported_grant_type": true, "invalid_scope": true,
}

// refreshError converts an error of x/oauth2's refresh into a *RefreshError. secrets are the
// tokens the session holds; they are cut out of anything the server echoed.
func refreshError(err error, secrets ...string) *RefreshError {
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) {
		var ue *url.Error
		if errors.As(err, &ue) {
			return &RefreshError{Temporary: true, cause: err}
		}
		return &RefreshError{Status: http.StatusOK, Reason: "malformed token response", Temporary: true}
	}
	e := &RefreshError{Code: re.ErrorCode, Reason: re.ErrorDescription}
	if re.Response != nil {
		e.Status = re.Response.StatusCode
	}
	var body struct {
		Reason string `json:"reason"`
	}
	if json.Unmarshal(re.Body, &body) == nil && body.Reason != "" {
		e.Reason = body.Reason
	}
	e.Code, e.Reason = sanitize(e.Code, 64, secrets), sanitize(e.Reason, 200, secrets)
	// Permanent only for an OAuth error code that says so, or a code-less 401 (Zoom's answer
	// to a dead refresh token before 2022). Any other code-less 4xx is not Zoom's token
	// endpoint speaking (a proxy's 403 page, a 404 from a wrong OAuth URL): temporary.
	e.Temporary = !permanentCodes[e.Code] && e.Status != http.StatusUnauthorized
	return e
}

// sanitize makes a server-supplied string fit for an error message: secrets redacted,
// control characters dropped, valid UTF-8, at most n bytes.
func sanitize(s string, n int, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, "[redacted]")
		}
	}
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, ""))
	if len(s) > n {
		s = strings.ToValidUTF8(s[:n], "") + "…"
	}
	return s
}

// containsAny reports whether s contains any of subs, ignoring case.
func containsAny(s string, subs ...string) bool {
	s = strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
