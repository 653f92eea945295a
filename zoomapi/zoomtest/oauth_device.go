package zoomtest

import (
	"bytes"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"time"
)

// deviceAuth is a pending device authorization (RFC 8628 §3.2).
type deviceAuth struct {
	clientID, deviceCode, userCode string
	exp                            time.Time
	interval                       time.Duration
	lastPoll                       time.Time
	decided, allowed               bool
	userID                         string
}

// deviceCodeResponse is the answer of POST /oauth/devicecode (RFC 8628 §3.2).
type deviceCodeResponse struct {
	DeviceCode              string `json:"device_code"`
	UserCode                string `json:"user_code"`
	VerificationURI         string `json:"verification_uri"`
	VerificationURIComplete string `json:"verification_uri_complete"`
	ExpiresIn               int    `json:"expires_in"`
	Interval                int    `json:"interval"`
}

// Errors of ApproveDevice.
var (
	ErrUnknownUserCode = errors.New("zoomtest: unknown or expired user code")
	ErrUnknownUser     = errors.New("zoomtest: no such user")
)

// reasonNoDeviceGrant answers a devicecode request of an app without "Use App on Device".
// Zoom's real answer is unknown (docs/zoom-reference.md); the fake uses RFC 6749 §5.2
// unauthorized_client in Zoom's {"reason","error"} shape, HTTP 400.
const reasonNoDeviceGrant = "The device authorization grant is not enabled for this app."

// reasonPublicDevice answers a device code request of a public (PKCE-only) client.
const reasonPublicDevice = "The device authorization grant needs the client secret of a confidential app."

// handleDeviceCode serves POST /oauth/devicecode (RFC 8628 §3.1), client authenticated
// with HTTP Basic (a client_id parameter is accepted alongside, or alone for public clients).
func (s *Server) handleDeviceCode(w http.ResponseWriter, r *http.Request) {
	c, ok := s.authRequest(w, r)
	if !ok {
		return
	}
	switch {
	case c.Public():
		// Zoom documents the device grant only with the client secret (HTTP Basic); a
		// public PKCE-only client is refused, as Zoom most likely does.
		writeOAuthError(w, "unauthorized_client", reasonPublicDevice)
		return
	case !c.DeviceGrant:
		writeOAuthError(w, "unauthorized_client", reasonNoDeviceGrant)
		return
	}
	d := &deviceAuth{clientID: c.ID, deviceCode: s.newSecret("device_code"), userCode: randomAlnum(8),
		exp: s.now().Add(s.opts.DeviceCodeTTL), interval: s.opts.DeviceInterval}
	s.mu.Lock()
	s.devices[d.deviceCode], s.userCode[d.userCode] = d, d
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, deviceCodeResponse{
		DeviceCode: d.deviceCode, UserCode: d.userCode,
		VerificationURI:         s.URL + "/oauth_device",
		VerificationURIComplete: s.URL + "/oauth/device/complete/" + d.userCode,
		ExpiresIn:               int(s.opts.DeviceCodeTTL / time.Second),
		Interval:                int(s.opts.DeviceInterval / time.Second),
	})
}

// pollDevice answers one device token poll (RFC 8628 §3.4, §3.5): expired_token after
// the code's lifetime, slow_down when polled sooner than the interval after the last poll
// (and the interval grows by 5 s, as §3.5 requires), authorization_pending, access_denied,
// or tokens once approved (after which the device code is spent). s.mu must be held.
func (s *Server) pollDevice(c Client, deviceCode string) tokenResult {
	s.stats.DevicePolls++
	d, ok := s.devices[deviceCode]
	if !ok || d.clientID != c.ID {
		return tokenFail("invalid_grant", reasonInvalidToken)
	}
	now := s.now()
	last := d.lastPoll
	d.lastPoll = now
	switch {
	case !now.Before(d.exp):
		s.forgetDevice(d)
		return tokenFail("expired_token", "The device code has expired.")
	case !last.IsZero() && now.Sub(last) < d.interval:
		d.interval += 5 * time.Second
		s.stats.SlowDown++
		return tokenFail("slow_down", "Polling too fast; slow down.")
	case !d.decided:
		return tokenFail("authorization_pending", "The user has not yet approved the device.")
	case !d.allowed:
		s.forgetDevice(d)
		return tokenFail("access_denied", "The user denied the authorization.")
	}
	s.forgetDevice(d)
	return tokenResult{resp: s.newGrant(c, d.userID, deviceGrantURN)}
}

// forgetDevice removes d. s.mu must be held.
func (s *Server) forgetDevice(d *deviceAuth) {
	delete(s.devices, d.deviceCode)
	delete(s.userCode, d.userCode)
}

// ApproveDevice decides the device authorization with userCode as the user with email
// (the first seeded user when ""), like POST /oauth_device.
func (s *Server) ApproveDevice(userCode, email string, allow bool) error {
	u := s.lookupUser(email)
	if u == nil {
		return ErrUnknownUser
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.userCode[strings.ToLower(strings.TrimSpace(userCode))]
	if !ok || d.decided || !s.now().Before(d.exp) {
		return ErrUnknownUserCode
	}
	d.decided, d.allowed, d.userID = true, allow, u.ID
	return nil
}

var deviceTmpl = template.Must(template.New("device").Parse(`
<form method="post" action="/oauth_device">
{{if .Code}}<input type="hidden" name="user_code" value="{{.Code}}"><p>Code: <b>{{.Code}}</b></p>
{{else}}<label>Enter the code shown on your device <input name="user_code" autocomplete="off"></label>
{{end}}<label>Signed in as <select name="user">{{range .Users}}<option value="{{.}}">{{.}}</option>{{end}}</select></label>
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Decline</button>
</form>`))

// devicePage renders the approval form, for code when known.
func (s *Server) devicePage(w http.ResponseWriter, code string) {
	var b bytes.Buffer
	_ = deviceTmpl.Execute(&b, map[string]any{"Code": code, "Users": s.userEmails()})
	writePage(w, http.StatusOK, htmlPage{Title: "Activate your device", Body: template.HTML(b.String())})
}

// handleDevicePage serves GET /oauth_device, where the user types the code.
func (s *Server) handleDevicePage(w http.ResponseWriter, r *http.Request) { s.devicePage(w, "") }

// handleDeviceComplete serves GET /oauth/device/complete/{code}, the link of the QR code.
// With Options.AutoApprove (a phone already signed in) it approves at once.
func (s *Server) handleDeviceComplete(w http.ResponseWriter, r *http.Request) {
	code := r.PathValue("code")
	switch {
	case s.opts.AutoApprove != "":
		s.answerDevice(w, s.ApproveDevice(code, s.opts.AutoApprove, true), true)
	case s.opts.AutoDeny:
		s.answerDevice(w, s.ApproveDevice(code, "", false), false)
	default:
		s.devicePage(w, code)
	}
}

// handleDeviceDecision serves POST /oauth_device: user_code, decision=allow|deny, user.
func (s *Server) handleDeviceDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writePage(w, http.StatusBadRequest, htmlPage{Title: "Error", Text: "Malformed request."})
		return
	}
	allow := r.Form.Get("decision") == "allow"
	s.answerDevice(w, s.ApproveDevice(r.Form.Get("user_code"), r.Form.Get("user"), allow), allow)
}

// answerDevice shows the outcome of a device decision.
func (s *Server) answerDevice(w http.ResponseWriter, err error, allow bool) {
	switch {
	case err != nil:
		writePage(w, http.StatusBadRequest, htmlPage{Title: "Error", Text: strings.TrimPrefix(err.Error(), "zoomtest: ")})
	case allow:
		writePage(w, http.StatusOK, htmlPage{Title: "Device approved", Text: "Device approved. You can return to your device."})
	default:
		writePage(w, http.StatusOK, htmlPage{Title: "Device denied", Text: "Device denied."})
	}
}
