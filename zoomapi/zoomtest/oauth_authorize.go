package zoomtest

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"
)

// authCode is an issued authorization code: single use, alive Options.CodeTTL (5 min).
type authCode struct {
	clientID, userID, redirectURI string
	challenge, method             string
	exp                           time.Time
}

// authzRequest is a validated authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3).
type authzRequest struct {
	client                              Client
	redirectURI, state, challenge, meth string
}

// msgBadClient is the text of Zoom's error page for an unknown client or a redirect URI
// that is not registered exactly: it does not redirect (docs/zoom-reference.md).
const msgBadClient = "Invalid client_id or redirect_uri. (4,700)"

// parseAuthz validates an authorization request. It returns a page error (answered
// without redirecting) or a redirect error code (sent to the redirect URI).
func (s *Server) parseAuthz(v url.Values) (req authzRequest, pageErr, redirectErr string) {
	c, ok := s.client(v.Get("client_id"))
	if !ok || !slices.Contains(c.RedirectURIs, v.Get("redirect_uri")) {
		return req, msgBadClient, ""
	}
	req = authzRequest{client: c, redirectURI: v.Get("redirect_uri"), state: v.Get("state"),
		challenge: v.Get("code_challenge"), meth: v.Get("code_challenge_method")}
	if req.challenge != "" && req.meth == "" {
		req.meth = "plain" // Zoom's default when the method is absent.
	}
	switch {
	case v.Get("response_type") != "code":
		return req, "", "unsupported_response_type"
	case req.challenge != "" && req.meth != "S256" && req.meth != "plain":
		return req, "", "invalid_request"
	case req.challenge == "" && c.Public():
		return req, "", "invalid_request" // RFC 7636 §4.4.1: public clients must use PKCE.
	}
	return req, "", ""
}

// redirect answers 302 to the request's redirect URI with params and the state.
func (req authzRequest) redirect(w http.ResponseWriter, r *http.Request, params url.Values) {
	u, _ := url.Parse(req.redirectURI)
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	if req.state != "" {
		q.Set("state", req.state)
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// handleAuthorize serves GET /oauth/authorize: Zoom's consent page, or with
// Options.AutoApprove/AutoDeny the redirect a signed-in user's click would produce.
func (s *Server) handleAuthorize(w http.ResponseWriter, r *http.Request) {
	req, pageErr, redirectErr := s.parseAuthz(r.URL.Query())
	switch {
	case pageErr != "":
		writePage(w, http.StatusBadRequest, htmlPage{Title: "Error", Text: pageErr})
	case redirectErr != "":
		req.redirect(w, r, url.Values{"error": {redirectErr}})
	case s.opts.AutoApprove != "":
		s.decide(w, r, req, "allow", s.opts.AutoApprove)
	case s.opts.AutoDeny:
		s.decide(w, r, req, "deny", "")
	default:
		s.consentPage(w, r.URL.Query())
	}
}

// handleAuthorizeDecision serves POST /oauth/authorize, the consent form's submission:
// decision=allow|deny and user=email (default the first seeded user).
func (s *Server) handleAuthorizeDecision(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writePage(w, http.StatusBadRequest, htmlPage{Title: "Error", Text: "Malformed request."})
		return
	}
	req, pageErr, redirectErr := s.parseAuthz(r.Form)
	switch {
	case pageErr != "":
		writePage(w, http.StatusBadRequest, htmlPage{Title: "Error", Text: pageErr})
	case redirectErr != "":
		req.redirect(w, r, url.Values{"error": {redirectErr}})
	default:
		s.decide(w, r, req, r.Form.Get("decision"), r.Form.Get("user"))
	}
}

// decide answers the user's choice: a code on allow, error=access_denied on deny.
func (s *Server) decide(w http.ResponseWriter, r *http.Request, req authzRequest, decision, email string) {
	if decision != "allow" {
		req.redirect(w, r, url.Values{"error": {"access_denied"}})
		return
	}
	u := s.lookupUser(email)
	if u == nil {
		writePage(w, http.StatusBadRequest, htmlPage{Title: "Error", Text: "No such user."})
		return
	}
	code := s.newSecret("code")
	s.mu.Lock()
	s.codes[code] = &authCode{clientID: req.client.ID, userID: u.ID, redirectURI: req.redirectURI,
		challenge: req.challenge, method: req.meth, exp: s.now().Add(s.opts.CodeTTL)}
	s.mu.Unlock()
	req.redirect(w, r, url.Values{"code": {code}})
}

var consentTmpl = template.Must(template.New("consent").Parse(`
<p>The app <b>{{.Client}}</b> would like to access your Zoom account.</p>
<form method="post" action="{{.Action}}">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<label>Signed in as <select name="user">{{range .Users}}<option value="{{.}}">{{.}}</option>{{end}}</select></label>
<button type="submit" name="decision" value="allow" id="allow">Allow</button>
<button type="submit" name="decision" value="deny" id="deny">Decline</button>
</form>`))

// consentPage renders the consent form, carrying the request's parameters.
func (s *Server) consentPage(w http.ResponseWriter, q url.Values) {
	hidden := map[string]string{}
	for _, k := range []string{"response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method"} {
		if q.Has(k) {
			hidden[k] = q.Get(k)
		}
	}
	var b bytes.Buffer
	_ = consentTmpl.Execute(&b, map[string]any{"Client": q.Get("client_id"), "Action": "/oauth/authorize",
		"Hidden": hidden, "Users": s.userEmails()})
	writePage(w, http.StatusOK, htmlPage{Title: "Authorize app", Body: template.HTML(b.String())})
}

// userEmails lists the seeded users' emails, the first (default) first.
func (s *Server) userEmails() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, u := range s.data.users() {
		out = append(out, u.Email)
	}
	return out
}
