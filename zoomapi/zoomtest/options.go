package zoomtest

import (
	"log/slog"
	"time"
)

// Options configures a fake Zoom. The zero value is a usable server: the defaults are
// documented on each field and match real Zoom where Zoom documents its behaviour.
type Options struct {
	// Addr is the listen address. Default "127.0.0.1:0".
	Addr string
	// InMemory serves without a socket, on in-memory pipes: URL is then
	// "http://zoomfake.invalid", reachable only through Server.Transport or Server.Client.
	// Tests use it to run the fake and its clients in a testing/synctest bubble.
	InMemory bool
	// Clients are the registered OAuth apps. Default DefaultClients().
	Clients []Client
	// AccessTokenTTL is the access token lifetime. Default 3599 s, as Zoom.
	AccessTokenTTL time.Duration
	// RefreshTokenTTL is the refresh token lifetime. Zoom does not document it; default 90 days.
	RefreshTokenTTL time.Duration
	// RevokeAccessOnly makes POST /oauth/revoke with an access token end that token only,
	// leaving its refresh token working. Zoom documents revocation with the access token
	// and does not say whether the refresh token dies with it; default false: the whole
	// grant is revoked (what Zoom is observed to do).
	RevokeAccessOnly bool
	// RefreshGrace is how long a rotated-out refresh token is still accepted (the old
	// error-4740 tolerance). Default 0: a used refresh token is dead at once.
	RefreshGrace time.Duration
	// CodeTTL is the authorization code lifetime. Default 5 min, as Zoom.
	CodeTTL time.Duration
	// DeviceCodeTTL is the device code lifetime (expires_in). Default 900 s, as Zoom.
	DeviceCodeTTL time.Duration
	// DeviceInterval is the device flow polling interval. Default 5 s, as Zoom.
	DeviceInterval time.Duration
	// Plan is the account plan that sets the rate limits. Default PlanPro.
	Plan Plan
	// RecordingRangeReject makes a recordings request spanning more than a month answer
	// 400 instead of silently clamping `to` (Zoom's behaviour is unknown; clamp is default).
	RecordingRangeReject bool
	// Shapes switches on the response shapes of real Zoom accounts (MessyShapes for all).
	// Default: the tidy shapes.
	Shapes Shapes
	// RateLimitHeaders makes every REST answer that passed the rate limit carry
	// X-RateLimit-Category, X-RateLimit-Type QPS, X-RateLimit-Limit and
	// X-RateLimit-Remaining (what is left of the account's quota in the current second).
	// Zoom documents these headers on 429s; whether successful answers carry them is
	// unknown. Default false: only 429s carry them.
	RateLimitHeaders bool
	// TranscriptRecordings adds that many one-hour recordings of the default user, each with
	// an MP4, a TRANSCRIPT (about 60 KB of WebVTT, as Zoom's are for an hour) and a CHAT
	// file, spread over the 12 months before now: the load of the transcript search
	// benchmark. Default 0.
	TranscriptRecordings int
	// Now is the clock. Default time.Now.
	Now func() time.Time
	// Logger receives one line per request, without secrets. Default: discard.
	Logger *slog.Logger
	// AutoApprove is the email of a seeded user who approves every authorization at once:
	// GET /oauth/authorize answers the Allow redirect and GET /oauth/device/complete/{code}
	// approves the device, as a browser or phone already signed in to Zoom and consented
	// would. It lets a headless browser that cannot click finish a sign-in. Default "": off.
	AutoApprove string
	// AutoDeny makes the same pages decline at once (the user clicks Deny), so that
	// access_denied can be tested through a real browser. AutoApprove wins when both are set.
	AutoDeny bool
}

// Client is a registered OAuth app of the fake.
type Client struct {
	ID string `json:"id"`
	// Secret is empty for a public (PKCE-only) client.
	Secret string `json:"secret,omitempty"`
	// RedirectURIs are matched exactly, as Zoom does.
	RedirectURIs []string `json:"redirect_uris"`
	// DeviceGrant is whether "Use App on Device" is enabled for this app.
	DeviceGrant bool `json:"device_grant"`
	// Scopes are granted to every token of this client. Default AllScopes.
	Scopes []string `json:"scopes,omitempty"`
}

// Public reports whether the client is a PKCE-only public client.
func (c Client) Public() bool { return c.Secret == "" }

// Plan is a Zoom account plan; it selects the rate limits.
type Plan string

// The plans whose rate limits the fake knows (docs/zoom-reference.md, "Rate limits").
const (
	PlanFree     Plan = "free"
	PlanPro      Plan = "pro"
	PlanBusiness Plan = "business"
)

// DefaultRedirectURIs are the loopback redirects registered for the default clients.
var DefaultRedirectURIs = []string{
	"http://127.0.0.1:53682/callback",
	"http://127.0.0.1:53683/callback",
	"http://127.0.0.1:53684/callback",
}

// AllScopes are the classic scopes the app needs (docs/zoom-reference.md, "Scopes").
var AllScopes = []string{"user:read", "meeting:read", "meeting:write", "recording:read", "user_zak:read"}

// DefaultClients returns the seeded apps: a confidential client, a public PKCE-only
// client, and a confidential client without the device grant.
func DefaultClients() []Client {
	return []Client{
		{ID: "demo-client", Secret: "demo-secret", RedirectURIs: DefaultRedirectURIs, DeviceGrant: true},
		{ID: "demo-public", RedirectURIs: DefaultRedirectURIs},
		{ID: "nodevice-client", Secret: "nodevice-secret", RedirectURIs: DefaultRedirectURIs},
	}
}

// FaultKind names an injected fault.
type FaultKind string

// The faults the fake can inject.
const (
	FaultLatency         FaultKind = "latency"           // delay the response by Fault.Latency
	FaultStatus          FaultKind = "status"            // answer Fault.Status (default 503) with a Zoom-shaped body
	FaultReset           FaultKind = "reset"             // close the connection without answering (before doing the work)
	FaultDropAfterCommit FaultKind = "drop_after_commit" // do the work (e.g. rotate the token), then drop the reply
	FaultMalformedJSON   FaultKind = "malformed_json"    // 200 with a truncated JSON body
	FaultHTML200         FaultKind = "html_200"          // 200 with an HTML login page
	FaultCode200         FaultKind = "code_200"          // 200 with {"code":200,"message":"Only available for Paid account."}
	FaultRateLimitQPS    FaultKind = "rate_limit_qps"    // 429, per-second form (X-RateLimit-Type QPS, X-RateLimit-Reset, no Retry-After)
	FaultRateLimitDaily  FaultKind = "rate_limit_daily"  // 429, daily form (Retry-After as an ISO date)
	FaultStallBody       FaultKind = "stall_body"        // answer, but hold the body for Fault.Latency after its first half
)

// Fault is one injected fault. It applies to requests whose path starts with Path (all
// when empty) and whose method is Method (all when empty), Count times (0: until cleared).
// In JSON (POST /_zoomfake/faults) the durations are nanoseconds.
type Fault struct {
	Kind    FaultKind     `json:"kind"`
	Path    string        `json:"path,omitempty"`
	Method  string        `json:"method,omitempty"`
	Count   int           `json:"count,omitempty"`
	Latency time.Duration `json:"latency,omitempty"`
	Status  int           `json:"status,omitempty"`
	// RetryAfter, for rate_limit_qps, adds "Retry-After: <seconds>" (the delay-seconds form
	// of RFC 9110 §10.2.3) to the per-second 429, which Zoom sends without it by default.
	RetryAfter time.Duration `json:"retry_after,omitempty"`
}
