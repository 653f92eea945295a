package text

import (
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
)

func TestError(t *testing.T) {
	now := time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		in       *service.ErrorInfo
		what     string
		todo     string
		contains string // checked in what+todo when what/todo are empty
	}{
		{"nil", nil, "", "", ""},
		{"missing one scope", &service.ErrorInfo{Kind: service.KindMissingScope, Scopes: []string{"meeting:read"}},
			"The Zoom app is missing the scope meeting:read.",
			"Ask your Zoom admin to add it to the app on the Zoom App Marketplace.", ""},
		{"missing two scopes", &service.ErrorInfo{Kind: service.KindMissingScope, Scopes: []string{"meeting:read", "user:read"}},
			"The Zoom app is missing the scopes meeting:read, user:read.",
			"Ask your Zoom admin to add them to the app on the Zoom App Marketplace.", ""},
		{"missing unknown scope", &service.ErrorInfo{Kind: service.KindMissingScope}, "", "", "missing a permission"},
		{"rate limited today", &service.ErrorInfo{Kind: service.KindRateLimited, RetryAfter: now.Add(65 * time.Minute)},
			"Zoom is limiting requests.", "Try again after 15:05.", ""},
		{"rate limited tomorrow", &service.ErrorInfo{Kind: service.KindRateLimited, RetryAfter: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)},
			"Zoom is limiting requests.", "Try again after Nov 26 00:00.", ""},
		{"rate limited no time", &service.ErrorInfo{Kind: service.KindRateLimited}, "Zoom is limiting requests.", "Try again in a minute.", ""},
		{"revoked", &service.ErrorInfo{Kind: service.KindAuth, Reason: "revoked"}, "Your Zoom sign-in was revoked.", "Sign in again.", ""},
		{"revoke failed", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonRevokeFailed}, "Sign-out not confirmed by Zoom.",
			"Signed out on this computer; zoomtray keeps asking Zoom to end the sign-in while it runs. To end it at once, remove zoomtray under Zoom App Marketplace → Manage → Added Apps.", ""},
		{"expired", &service.ErrorInfo{Kind: service.KindAuth, Reason: "expired"}, "Your Zoom sign-in has expired.", "Sign in again.", ""},
		{"elsewhere", &service.ErrorInfo{Kind: service.KindAuth, Reason: "signed_in_elsewhere"}, "", "", "somewhere else"},
		{"declined", &service.ErrorInfo{Kind: service.KindAuth, Reason: "access_denied"}, "The sign-in was declined.", "", "Allow"},
		{"auth other", &service.ErrorInfo{Kind: service.KindAuth, Reason: "unknown"}, "Zoom needs you to sign in again.", "Sign in again.", ""},
		{"signed out", &service.ErrorInfo{Kind: service.KindSignedOut}, "You are not signed in to Zoom.", "", "zoomctl login"},
		{"keyring", &service.ErrorInfo{Kind: service.KindKeyring}, "", "", "--token-store=file"},
		{"device grant", &service.ErrorInfo{Kind: service.KindDeviceGrant}, "Phone sign-in is not available for this Zoom app.", "", "browser"},
		{"network", &service.ErrorInfo{Kind: service.KindNetwork}, "Zoom could not be reached.", "", "proxy"},
		{"config", &service.ErrorInfo{Kind: service.KindConfig, Message: "client_id is not set"},
			"The zoomtray configuration is not usable: client_id is not set.", "", ""},
		{"invalid client", &service.ErrorInfo{Kind: service.KindConfig, Reason: service.ReasonInvalidClient},
			"Zoom rejected the app's client ID or client secret.", "", "--client-secret-file"},
		{"no free port", &service.ErrorInfo{Kind: service.KindConfig, Reason: service.ReasonNoFreePort}, "", "", "--redirect-ports"},
		{"token invalid", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonTokenInvalid}, "", "Sign in again.", ""},
		{"timeout", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonTimeout}, "The sign-in took too long.", "", ""},
		{"code expired", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonCodeExpired}, "The sign-in code expired.", "", ""},
		{"sign-in answered with HTML", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonUnexpectedPage},
			"Zoom answered the sign-in with an unexpected page (HTML).", "Try again; if it keeps happening, check your proxy settings.", ""},
		{"sign-in answered garbled", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonMalformedAnswer},
			"Zoom answered the sign-in with a garbled response.", "", "proxy"},
		{"not found", &service.ErrorInfo{Kind: service.KindNotFound}, "", "", "could not find"},
		{"no agent", &service.ErrorInfo{Kind: service.KindNoAgent}, "The zoomtray agent is not running.", "", ""},
		{"zoom", &service.ErrorInfo{Kind: service.KindZoom, Code: 200, Message: "Only available for Paid account."},
			"Zoom refused the request: Only available for Paid account.", "", ""},
		{"internal", &service.ErrorInfo{Kind: service.KindInternal, Message: "boom"}, "Something went wrong: boom.", "", "zoomctl doctor"},
		{"unknown kind", &service.ErrorInfo{Kind: "what"}, "Something went wrong.", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			what, todo := errorAt(tt.in, now)
			if tt.what != "" && what != tt.what {
				t.Errorf("what = %q, want %q", what, tt.what)
			}
			if tt.todo != "" && todo != tt.todo {
				t.Errorf("todo = %q, want %q", todo, tt.todo)
			}
			if tt.contains != "" && !strings.Contains(what+" "+todo, tt.contains) {
				t.Errorf("what+todo = %q %q, want it to mention %q", what, todo, tt.contains)
			}
			if tt.in != nil && (what == "" || todo == "") {
				t.Errorf("got what %q todo %q, want two sentences", what, todo)
			}
		})
	}
}
