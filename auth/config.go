// Package auth signs a person in to Zoom (browser loopback with PKCE, RFC 8252/7636, or the
// device authorization grant, RFC 8628) and keeps the session alive. It knows nothing of
// the GUI.
package auth

import (
	"net/http"
	"strings"

	"golang.org/x/oauth2"
)

// Config is what the flows and the session need to talk to Zoom's OAuth server. It is a
// plain value; config.Settings produces it after validation.
type Config struct {
	// ClientID is the Zoom app's client ID.
	ClientID string
	// ClientSecret is empty for a public (PKCE-only) client.
	ClientSecret string
	// OAuthURL is the OAuth host, e.g. "https://zoom.us" (no trailing slash).
	OAuthURL string
	// APIURL is the REST base, e.g. "https://api.zoom.us/v2".
	APIURL string
	// RedirectPorts are the loopback ports registered as http://127.0.0.1:PORT/callback.
	RedirectPorts []int
	// HTTPClient is used for token requests. Nil means a client with a 30 s timeout that
	// honours the proxy environment.
	HTTPClient *http.Client
}

// Public reports whether the app is a PKCE-only public client (no secret).
func (c Config) Public() bool { return c.ClientSecret == "" }

// OAuth2 returns the golang.org/x/oauth2 configuration for Zoom's endpoints. A confidential
// client authenticates with HTTP Basic (Zoom requires it even with PKCE); a public client
// sends client_id in the body.
func (c Config) OAuth2(redirectURL string) *oauth2.Config {
	base := strings.TrimRight(c.OAuthURL, "/")
	style := oauth2.AuthStyleInHeader
	if c.Public() {
		style = oauth2.AuthStyleInParams
	}
	return &oauth2.Config{
		ClientID:     c.ClientID,
		ClientSecret: c.ClientSecret,
		RedirectURL:  redirectURL,
		Endpoint: oauth2.Endpoint{
			AuthURL:       base + "/oauth/authorize",
			TokenURL:      base + "/oauth/token",
			DeviceAuthURL: base + "/oauth/devicecode",
			AuthStyle:     style,
		},
	}
}
