package zoomtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"time"
)

// writeJSON answers status with v encoded as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// apiError is the body of Zoom's REST errors.
type apiError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
}

// writeAPIError answers a Zoom REST error, {"code":..,"message":..}.
func writeAPIError(w http.ResponseWriter, status, code int, msg string) {
	writeJSON(w, status, apiError{Code: code, Message: msg})
}

// oauthError is the body of Zoom's /oauth errors: Zoom uses "reason", not the RFC 6749
// "error_description" (docs/zoom-reference.md, "Token endpoint errors").
type oauthError struct {
	Reason string `json:"reason"`
	Error  string `json:"error"`
}

// The Zoom reasons of the token endpoint errors.
const (
	reasonInvalidToken  = "Invalid Token!"
	reasonInvalidCode   = "Invalid authorization code"
	reasonInvalidClient = "Invalid client_id or client_secret"
	reasonGrantType     = "unsupported grant type"
)

// writeOAuthError answers HTTP 400 {"reason":..,"error":..}.
func writeOAuthError(w http.ResponseWriter, errCode, reason string) {
	writeJSON(w, http.StatusBadRequest, oauthError{Reason: reason, Error: errCode})
}

// The per-second and daily 429 messages of Zoom (docs/zoom-reference.md, "Rate limits").
const (
	msgQPSLimit   = "You have reached the maximum per-second rate limit for this API. Try again later."
	msgDailyLimit = "You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request."
)

// writeQPSLimit answers Zoom's per-second 429 with its X-RateLimit-* headers, including
// X-RateLimit-Reset: the Unix time (seconds) at which the next second's quota opens, which
// real per-second 429s are reported to carry.
func writeQPSLimit(w http.ResponseWriter, cat rateCategory, limit int, now time.Time) {
	h := w.Header()
	h.Set("X-RateLimit-Category", cat.String())
	h.Set("X-RateLimit-Type", "QPS")
	h.Set("X-RateLimit-Limit", strconv.Itoa(limit))
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("X-RateLimit-Reset", strconv.FormatInt(now.Unix()+1, 10))
	writeAPIError(w, http.StatusTooManyRequests, http.StatusTooManyRequests, msgQPSLimit)
}

// writeDailyLimit answers Zoom's daily-limit 429: X-RateLimit-Type Daily-limit and
// Retry-After as an ISO-8601 date-time, not seconds (docs/zoom-reference.md, "Rate limits").
func writeDailyLimit(w http.ResponseWriter, cat rateCategory, retryAt time.Time, msg string) {
	h := w.Header()
	h.Set("X-RateLimit-Category", cat.String())
	h.Set("X-RateLimit-Type", "Daily-limit")
	h.Set("X-RateLimit-Remaining", "0")
	h.Set("Retry-After", retryAt.UTC().Format(time.RFC3339))
	writeAPIError(w, http.StatusTooManyRequests, http.StatusTooManyRequests, msg)
}

var pageTmpl = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{.Title}} - Zoom (fake)</title></head>
<body><h1>{{.Title}}</h1>{{if .Text}}<p id="message">{{.Text}}</p>{{end}}{{.Body}}</body></html>
`))

// htmlPage is an HTML page of the fake's web UI.
type htmlPage struct {
	Title, Text string
	Body        template.HTML
}

// writePage answers status with an HTML page.
func writePage(w http.ResponseWriter, status int, p htmlPage) {
	w.Header().Set("Content-Type", "text/html;charset=utf-8")
	w.WriteHeader(status)
	_ = pageTmpl.Execute(w, p)
}

// randomString returns n random bytes encoded base64url without padding.
func randomString(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// randomAlnum returns n random lowercase letters and digits, like Zoom's user codes.
func randomAlnum(n int) string {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// jwtShaped returns an opaque token shaped like Zoom's JWT tokens: three base64url parts,
// random content, about size characters long. Clients must treat it as opaque.
func jwtShaped(kind string, size int) string {
	header := base64.RawURLEncoding.EncodeToString(
		fmt.Appendf(nil, `{"alg":"HS512","v":"2.0","kid":"%s"}`, randomString(18)))
	sig := randomString(64)
	body := size - len(header) - len(sig) - 2
	claims := fmt.Sprintf(`{"ver":10,"typ":%q,"jti":%q,"pad":"`, kind, randomString(27))
	padRaw := max(body*3/4-len(claims)-2, 8)
	payload := base64.RawURLEncoding.EncodeToString([]byte(claims + randomString(padRaw)[:padRaw] + `"}`))
	return header + "." + payload + "." + sig
}

// newSecret returns a fresh random secret of kind ("access", "refresh", "zak", "code",
// "device_code", ...) and records it for Secrets. Access and refresh tokens are
// JWT-shaped and about 700 characters long, as Zoom's are; ZAKs are JWT-shaped and
// shorter; the others are opaque random strings. It is safe to call with s.mu held.
func (s *Server) newSecret(kind string) string {
	var v string
	switch kind {
	case "access", "refresh":
		v = jwtShaped(kind, 700)
	case "zak":
		v = jwtShaped(kind, 420)
	default:
		v = randomString(24)
	}
	s.secretsMu.Lock()
	s.secrets = append(s.secrets, v)
	s.secretsMu.Unlock()
	return v
}

// Secrets returns every token, refresh token, authorization code, device code and ZAK the
// server has issued, for tests that scan logs and files for leaks.
func (s *Server) Secrets() []string {
	s.secretsMu.Lock()
	defer s.secretsMu.Unlock()
	return append([]string(nil), s.secrets...)
}
