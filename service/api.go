// Package service is what the zoomtray agent does — the session, the meetings and
// recordings, starting meetings — behind one interface, API. *Service implements it in
// process (the agent, or zoomctl when no agent runs); localapi.Client implements it over the
// agent's local socket. It imports neither Fyne nor systray.
package service

import (
	"context"
	"io"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/internal/transcripts"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// API is the Zoom-facing part of what the agent offers its clients (the tray, the window
// and zoomctl). Control of the agent itself (its window, quitting, restarting, kiosk
// input) is localapi.Agent's, which embeds API.
type API interface {
	// Status returns the current state of the session and the account.
	Status(ctx context.Context) (Status, error)
	// Meetings returns the upcoming meetings, from the cache unless refresh is set.
	Meetings(ctx context.Context, refresh bool) (MeetingList, error)
	// Recordings returns the cloud recordings of the local dates from..to, newest first.
	// When some months failed, it returns the others together with a
	// *zoomapi.PartialError that names the failed months.
	Recordings(ctx context.Context, from, to time.Time) ([]zoomapi.Recording, error)
	// RecordingPasscode returns the play passcode of the recording of the meeting with
	// uuid, fetched from Zoom when the list did not carry it ("" when it has none).
	RecordingPasscode(ctx context.Context, uuid string) (string, error)
	// NewMeeting creates an instant meeting; it does not start it.
	NewMeeting(ctx context.Context, topic string) (*zoomapi.Meeting, error)
	// StartURL returns a start link with a freshly fetched ZAK (the https /s/ link, or
	// zoommtg:// when the settings ask for it). The ZAK is never stored or logged.
	StartURL(ctx context.Context, meetingID int64) (string, error)
	// Start opens StartURL in the browser and, where possible, puts the join link on the
	// clipboard.
	Start(ctx context.Context, meetingID int64) (StartResult, error)
	// JoinURL returns the meeting's join link.
	JoinURL(ctx context.Context, meetingID int64) (string, error)
	// Login signs in, reporting progress through events, and blocks until signed in, an
	// error, or ctx is done.
	Login(ctx context.Context, req LoginRequest, events func(LoginEvent)) error
	// Logout revokes the grant at Zoom and deletes the local tokens.
	Logout(ctx context.Context) (LogoutResult, error)
	// Download writes a recording file, named by its key (zoomapi.Recording.FileKey) or
	// Zoom id, to w from offset on, reporting progress.
	Download(ctx context.Context, fileID string, w io.Writer, offset int64, progress func(done, total int64)) error
	// Search finds a phrase in the transcripts and chats of the account's recordings
	// indexed so far.
	Search(ctx context.Context, q transcripts.Query) (SearchResult, error)
	// Watch sends the current status, then each change, until ctx is done.
	Watch(ctx context.Context) (<-chan Status, error)
}

// Login methods.
const (
	MethodAuto    = ""        // browser when a display and a browser launcher exist, else device
	MethodBrowser = "browser" // loopback redirect with PKCE (RFC 8252)
	MethodDevice  = "device"  // device authorization grant (RFC 8628), QR code
	MethodBoth    = "both"    // both at once; whichever completes first wins
)

// LoginRequest says how to sign in.
type LoginRequest struct {
	Method string `json:"method,omitempty"`
	// NoOpen shows the authorize URL without launching a browser.
	NoOpen bool `json:"no_open,omitempty"`
}

// Login event names.
const (
	EventAuthorizeURL      = "authorize_url"
	EventDeviceCode        = "device_code"
	EventDeviceCodeRenewed = "device_code_renewed"
	EventDeviceUnavailable = "device_unavailable"
	EventNotice            = "notice"
	EventSignedIn          = "signed_in"
	EventError             = "error"
)

// LoginEvent is one step of a sign-in, as zoomctl login --json prints it.
type LoginEvent struct {
	Event                   string `json:"event"`
	URL                     string `json:"url,omitempty"`
	UserCode                string `json:"user_code,omitempty"`
	VerificationURI         string `json:"verification_uri,omitempty"`
	VerificationURIComplete string `json:"verification_uri_complete,omitempty"`
	ExpiresIn               int    `json:"expires_in,omitempty"`
	// ExpiresAt is when the device code expires, or when the browser sign-in stops
	// waiting for the redirect (authorize_url), so a person can see the time left.
	ExpiresAt time.Time  `json:"expires_at,omitzero"`
	Message   string     `json:"message,omitempty"`
	Account   *Account   `json:"account,omitempty"`
	Error     *ErrorInfo `json:"error,omitempty"`
}

// Account is the signed-in Zoom user.
type Account struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

// Status is the agent's published state.
type Status struct {
	// State is where the session stands (stateOf maps the session's own states).
	State State `json:"state"`
	// Reason explains StateNeedsSignIn: ReasonRevoked, ReasonExpired,
	// ReasonSignedInElsewhere or ReasonUnknown.
	Reason        Reason           `json:"reason,omitempty"`
	Account       *Account         `json:"account,omitempty"`
	StoreKind     string           `json:"store_kind,omitempty"`
	StoreLocation string           `json:"store_location,omitempty"`
	TokenExpiry   time.Time        `json:"token_expiry,omitzero"`
	LastRefresh   time.Time        `json:"last_refresh,omitzero"`
	NextRefresh   time.Time        `json:"next_refresh,omitzero"`
	NextMeeting   *zoomapi.Meeting `json:"next_meeting,omitempty"`
	LastError     *ErrorInfo       `json:"last_error,omitempty"`
	Demo          bool             `json:"demo,omitempty"`
	Kiosk         bool             `json:"kiosk,omitempty"`
	// MeetingsUpdated is MeetingList.FetchedAt: a change tells watchers to call Meetings
	// again.
	MeetingsUpdated time.Time `json:"meetings_updated,omitzero"`
	// MeetingsStale is MeetingList.Stale: the last fetch failed.
	MeetingsStale bool `json:"meetings_stale,omitempty"`
	// WindowRaise counts the agent's requests to raise an open window: the window watches
	// Status and comes to the front each time it grows (the agent sets it; zero in process).
	WindowRaise int `json:"window_raise,omitempty"`
	// KioskSignOutAt is set in kiosk mode during the warning before an automatic sign-out
	// (idle or time of day): the window shows a countdown to it, and input (Activity)
	// cancels an idle sign-out. Zero otherwise.
	KioskSignOutAt time.Time `json:"kiosk_sign_out_at,omitzero"`
	// Search is the progress of the transcript index; nil where there is none (kiosk
	// mode).
	Search *SearchProgress `json:"search,omitempty"`
}

// State is Status.State. Its values travel over the local API as these strings.
type State string

// States of Status.State.
const (
	StateSignedOut   State = "signed_out"   // no token
	StateSigningIn   State = "signing_in"   // a sign-in flow is under way
	StateSignedIn    State = "signed_in"    // a usable token is held
	StateRefreshing  State = "refreshing"   // a token refresh is in flight
	StateOffline     State = "offline"      // the last refresh failed for a transient reason; retrying
	StateNeedsSignIn State = "needs_signin" // Zoom no longer accepts the sign-in; Status.Reason says why
	// StateUnconfigured: an agent without a client ID. Only set-up, the demo and Quit are
	// offered until the user configures a Zoom app.
	StateUnconfigured State = "unconfigured"
)

// HasSession reports whether s is a state with a usable or refreshable token.
func (s State) HasSession() bool {
	switch s {
	case StateSignedIn, StateRefreshing, StateOffline:
		return true
	}
	return false
}

// SignedOut reports whether s is a state in which nobody is signed in and no sign-in is
// under way, so the user is asked to sign in.
func (s State) SignedOut() bool {
	return s == StateSignedOut || s == StateNeedsSignIn
}

// stateOf maps the session's state to Status.State: the one place where auth's states
// become the service's.
func stateOf(k auth.StateKind) State {
	switch k {
	case auth.SigningIn:
		return StateSigningIn
	case auth.SignedIn:
		return StateSignedIn
	case auth.Refreshing:
		return StateRefreshing
	case auth.Offline:
		return StateOffline
	case auth.NeedsSignIn:
		return StateNeedsSignIn
	}
	return StateSignedOut
}

// MeetingList is the upcoming meetings as last fetched.
type MeetingList struct {
	Meetings  []zoomapi.Meeting `json:"meetings"`
	FetchedAt time.Time         `json:"fetched_at,omitzero"`
	// Stale is set when the last fetch failed and these are older data.
	Stale bool `json:"stale,omitempty"`
}

// StartResult is what Start did.
type StartResult struct {
	MeetingID int64 `json:"meeting_id"`
	// Opened is whether a browser launcher accepted the start link.
	Opened bool `json:"opened"`
	// JoinURLCopied is whether the join link went to the clipboard.
	JoinURLCopied bool   `json:"join_url_copied"`
	JoinURL       string `json:"join_url,omitempty"`
}

// LogoutResult is what Logout did.
type LogoutResult struct {
	// Revoked is whether Zoom confirmed the revocation; when false the tokens were
	// deleted locally only, and Message says why.
	Revoked bool   `json:"revoked"`
	Message string `json:"message,omitempty"`
}

// Error kinds of ErrorInfo.
const (
	KindZoom         = "zoom"          // Zoom answered with an error
	KindAuth         = "auth"          // sign-in failed or the session needs sign-in
	KindNetwork      = "network"       // Zoom could not be reached
	KindRateLimited  = "rate_limited"  // 429; RetryAfter says when to try again
	KindMissingScope = "missing_scope" // 4711; Scopes names them
	KindDeviceGrant  = "device_grant_unavailable"
	KindKeyring      = "keyring" // the token store is not available
	KindConfig       = "config"  // invalid or missing configuration
	KindNotFound     = "not_found"
	KindSignedOut    = "signed_out"
	KindNoAgent      = "no_agent"
	KindInternal     = "internal"
	// KindLocalFile: a file or folder on this computer could not be written or read
	// (Reason is one of the ReasonFile* values, Path names it). Zoom is not involved.
	KindLocalFile = "local_file"
	// KindNotHost: the meeting exists but the signed-in user does not host it, so it can
	// be joined but not started.
	KindNotHost = "not_host"
)

// ErrorInfo is a typed, secret-free summary of an error that can travel over the local API
// and be turned into a sentence by ui/text.
type ErrorInfo struct {
	Kind       string    `json:"kind"`
	Status     int       `json:"status,omitempty"`
	Code       int       `json:"code,omitempty"`
	Reason     Reason    `json:"reason,omitempty"`
	Message    string    `json:"message"`
	Scopes     []string  `json:"scopes,omitempty"`
	RetryAfter time.Time `json:"retry_after,omitzero"`
	// Path is the local file or folder of a KindLocalFile error.
	Path string `json:"path,omitempty"`
	// MeetingID is the meeting of a KindNotHost or KindNotFound error, when known.
	MeetingID int64 `json:"meeting_id,omitempty"`
}

// Error returns the message, so an ErrorInfo can travel as an error.
func (e *ErrorInfo) Error() string { return e.Message }
