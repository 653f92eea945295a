package text

import (
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
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
		{"auth other", &service.ErrorInfo{Kind: service.KindAuth, Reason: "unknown"}, "Zoom no longer accepts this sign-in.", "Sign in again.", ""},
		{"signed out", &service.ErrorInfo{Kind: service.KindSignedOut}, "You are not signed in to Zoom.", "", "zoomctl login"},
		{"keyring", &service.ErrorInfo{Kind: service.KindKeyring}, "", "", "--token-store=file"},
		{"device grant", &service.ErrorInfo{Kind: service.KindDeviceGrant}, "Phone sign-in is not available for this Zoom app.", "", "browser"},
		{"network", &service.ErrorInfo{Kind: service.KindNetwork}, "Zoom could not be reached.", "", "proxy"},
		{"config", &service.ErrorInfo{Kind: service.KindConfig, Message: "client_id is not set"},
			"The zoomtray configuration is not usable: client_id is not set.", "", ""},
		{"invalid client", &service.ErrorInfo{Kind: service.KindConfig, Reason: service.ReasonInvalidClient},
			"Zoom rejected the app's client ID or client secret.", "", "--client-secret-file"},
		{"not configured", &service.ErrorInfo{Kind: service.KindConfig, Reason: service.ReasonNotConfigured},
			"zoomtray is not set up: no Zoom app (client ID) is configured.", "", "set-up screen"},
		{"no free port", &service.ErrorInfo{Kind: service.KindConfig, Reason: service.ReasonNoFreePort}, "", "", "--redirect-ports"},
		{"token invalid", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonTokenInvalid}, "", "Sign in again.", ""},
		{"timeout", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonTimeout}, "The sign-in took too long.", "", ""},
		{"code expired", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonCodeExpired}, "The sign-in code expired.", "", ""},
		{"sign-in answered with HTML", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonUnexpectedPage},
			"Zoom answered the sign-in with an unexpected page (HTML).", "Try again; if it keeps happening, check your proxy settings.", ""},
		{"sign-in answered garbled", &service.ErrorInfo{Kind: service.KindAuth, Reason: service.ReasonMalformedAnswer},
			"Zoom answered the sign-in with a garbled response.", "", "proxy"},
		{"not found", &service.ErrorInfo{Kind: service.KindNotFound}, "", "", "could not find"},
		{"meeting not found", &service.ErrorInfo{Kind: service.KindNotFound, MeetingID: 123}, "Zoom could not find meeting 123.", "", ""},
		{"no agent", &service.ErrorInfo{Kind: service.KindNoAgent}, "The zoomtray agent is not running.", "", ""},
		{"zoom", &service.ErrorInfo{Kind: service.KindZoom, Code: 200, Message: "Only available for Paid account."},
			"Zoom refused the request: Only available for Paid account.", "", ""},
		{"internal", &service.ErrorInfo{Kind: service.KindInternal, Message: "boom"}, "Something went wrong: boom.", "", "zoomctl doctor"},
		{"unknown kind", &service.ErrorInfo{Kind: "what"}, "Something went wrong.", "", ""},
		{"no folder", &service.ErrorInfo{Kind: service.KindLocalFile, Reason: service.ReasonFileNoFolder, Path: "/nonexistent/dir/x"},
			"The folder /nonexistent/dir does not exist.", "Create it, or choose another folder, and try again.", ""},
		{"not a folder", &service.ErrorInfo{Kind: service.KindLocalFile, Reason: service.ReasonFileNotFolder, Path: "/etc/passwd/x"},
			"Cannot save to /etc/passwd/x: part of that path is a file, not a folder.", "", ""},
		{"no permission", &service.ErrorInfo{Kind: service.KindLocalFile, Reason: service.ReasonFilePermission, Path: "/x"}, "", "", "may not write to /x"},
		{"disk full", &service.ErrorInfo{Kind: service.KindLocalFile, Reason: service.ReasonFileNoSpace, Path: "/x"}, "", "Free some disk space and try again.", ""},
		{"file exists", &service.ErrorInfo{Kind: service.KindLocalFile, Reason: service.ReasonFileExists, Path: "/x"}, "", "", "exists already"},
		{"file other", &service.ErrorInfo{Kind: service.KindLocalFile, Path: "/x"}, "The file /x could not be saved.", "", ""},
		{"not host", &service.ErrorInfo{Kind: service.KindNotHost, MeetingID: 42}, "You are not the host of meeting 42, so you cannot start it.", "", "zoomctl join 42"},
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

func TestMissingRecordings(t *testing.T) {
	from := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	pe := &zoomapi.PartialError{Failed: []zoomapi.FailedRange{
		{From: from, To: from.AddDate(0, 0, 29), Err: &service.ErrorInfo{Kind: service.KindNetwork, Message: "down"}},
	}}
	got := MissingRecordings(pe)
	for _, want := range []string{"Sep 1, 2026 to Sep 30, 2026", "Some recordings are missing"} {
		if !strings.Contains(got, want) {
			t.Errorf("MissingRecordings = %q, want it to contain %q", got, want)
		}
	}
	if MissingRecordings(nil) != "" {
		t.Error("MissingRecordings(nil) is not empty")
	}
}

func TestPublicClientSentence(t *testing.T) {
	what, todo := Error(&service.ErrorInfo{Kind: service.KindDeviceGrant, Reason: service.ReasonPublicClient})
	if !strings.Contains(what, "client secret") || !strings.Contains(todo, "kiosk") {
		t.Errorf("Error(public client) = %q, %q; want the reason and the kiosk hint", what, todo)
	}
}

func TestFieldNamesEachSetting(t *testing.T) {
	fallback := Field("no_such_setting")
	for _, name := range []string{"client_id", "client_secret", "zoom_url", "redirect_ports", "notify_minutes", "reminder_minutes"} {
		if got := Field(name); got == fallback || got == "" {
			t.Errorf("Field(%q) = %q, want a sentence of its own", name, got)
		}
	}
}
