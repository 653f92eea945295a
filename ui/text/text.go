// Package text turns typed errors into the sentences people read. It is the one place
// where errors become words (docs/CONTRACTS.md, "service"): the window and zoomctl both
// call Error. It imports no GUI toolkit, so the CLI can use it with CGO_ENABLED=0.
package text

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi"
)

// Error returns what happened and what to do about it, as two sentences. A nil e gives
// two empty strings. Times (RetryAfter) are shown in the viewer's local zone, as Zoom's
// own clients do.
func Error(e *service.ErrorInfo) (what, todo string) {
	return errorAt(e, time.Now().Local())
}

// errorAt is Error at the given moment; times are shown in now's zone.
func errorAt(e *service.ErrorInfo, now time.Time) (what, todo string) {
	if e == nil {
		return "", ""
	}
	switch e.Kind {
	case service.KindMissingScope:
		return missingScope(e.Scopes)
	case service.KindRateLimited:
		return rateLimited(e.RetryAfter, now)
	case service.KindAuth:
		return authError(e.Reason)
	case service.KindSignedOut:
		return "You are not signed in to Zoom.", "Sign in with \"zoomctl login\" or from the tray menu."
	case service.KindKeyring:
		return "The system keyring is not available to keep your Zoom sign-in.",
			"Unlock or install a keyring (Secret Service), or run with --token-store=file."
	case service.KindDeviceGrant:
		if e.Reason == service.ReasonPublicClient {
			return "Phone sign-in needs a Zoom app with a client secret, and this one is a public (PKCE-only) client.",
				"Sign in with the browser instead, or set the client secret of a confidential Zoom app (kiosk mode needs one)."
		}
		return "Phone sign-in is not available for this Zoom app.",
			"Sign in with the browser instead, or ask your Zoom admin to turn on \"Use App on Device\"."
	case service.KindNetwork:
		return "Zoom could not be reached.", "Check your internet connection or proxy settings and try again."
	case service.KindConfig:
		return configError(e.Reason, e.Message)
	case service.KindNotFound:
		if e.MeetingID != 0 {
			return fmt.Sprintf("Zoom could not find meeting %d.", e.MeetingID), "Check the meeting ID and try again."
		}
		return "Zoom could not find that meeting or file.", "Check the ID and try again."
	case service.KindNoAgent:
		return "The zoomtray agent is not running.", "Start zoomtray and try again."
	case service.KindZoom:
		return zoomError(e)
	case service.KindLocalFile:
		return localFile(e.Reason, e.Path)
	case service.KindNotHost:
		return notHost(e.MeetingID)
	}
	return internalError(e.Message)
}

// missingScope names the scopes the Zoom app lacks (Zoom error 4711), in words an admin can
// act on (docs/zoom-reference.md, "Scopes").
func missingScope(scopes []string) (string, string) {
	todo := "Ask your Zoom admin to add it to the app on the Zoom App Marketplace."
	switch len(scopes) {
	case 0:
		return "The Zoom app is missing a permission (scope) it needs.", todo
	case 1:
		return fmt.Sprintf("The Zoom app is missing the scope %s.", scopes[0]), todo
	}
	return fmt.Sprintf("The Zoom app is missing the scopes %s.", strings.Join(scopes, ", ")),
		"Ask your Zoom admin to add them to the app on the Zoom App Marketplace."
}

// rateLimited explains HTTP 429; Zoom's daily limits carry Retry-After as a date-time
// (docs/zoom-reference.md, "Rate limits").
func rateLimited(after, now time.Time) (string, string) {
	what := "Zoom is limiting requests."
	if after.IsZero() {
		return what, "Try again in a minute."
	}
	local := after.In(now.Location())
	if !sameDay(local, now) {
		return what, fmt.Sprintf("Try again after %s.", local.Format("Jan 2 15:04"))
	}
	return what, fmt.Sprintf("Try again after %s.", local.Format("15:04"))
}

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// proxyHint is what to do about a sign-in answered with something other than a token: a
// proxy or captive portal in the way is the likely cause when it persists.
const proxyHint = "Try again; if it keeps happening, check your proxy settings."

// authError explains a failed sign-in or a session that needs a new one (auth.Reason).
func authError(reason service.Reason) (string, string) {
	again := "Sign in again."
	switch reason {
	case service.ReasonRevoked:
		return "Your Zoom sign-in was revoked.", again
	case service.ReasonExpired:
		return "Your Zoom sign-in has expired.", again
	case service.ReasonSignedInElsewhere: // Zoom error 4741
		return "You signed in to this Zoom app somewhere else, which ended this sign-in.", again
	case service.ReasonTokenInvalid:
		return "Zoom no longer accepts this sign-in.", again
	case service.ReasonAccessDenied:
		return "The sign-in was declined.", "Sign in again and choose Allow."
	case service.ReasonTimeout:
		return "The sign-in took too long.", "Sign in again and approve it within a few minutes."
	case service.ReasonCodeExpired:
		return "The sign-in code expired.", "Sign in again to get a new code."
	case service.ReasonRevokeFailed: // RFC 7009: the grant lives on at Zoom
		return "Sign-out not confirmed by Zoom.",
			"Signed out on this computer; zoomtray keeps asking Zoom to end the sign-in while it runs. To end it at once, remove zoomtray under Zoom App Marketplace → Manage → Added Apps."
	case service.ReasonUnexpectedPage:
		return "Zoom answered the sign-in with an unexpected page (HTML).", proxyHint
	case service.ReasonMalformedAnswer:
		return "Zoom answered the sign-in with a garbled response.", proxyHint
	}
	return "Zoom no longer accepts this sign-in.", again
}

// configError reports invalid or missing configuration; the message names the setting.
func configError(reason service.Reason, msg string) (string, string) {
	switch reason {
	case service.ReasonInvalidClient:
		return "Zoom rejected the app's client ID or client secret.",
			"Check --client-id and the client secret (--client-secret-file) against the app on the Zoom App Marketplace."
	case service.ReasonNotConfigured:
		return "zoomtray is not set up: no Zoom app (client ID) is configured.",
			"Run \"zoomtray\" and follow its set-up screen, or set client_id in the config file."
	case service.ReasonSearchOff:
		return "Search of what was said in recordings is off here: this is a shared computer (kiosk mode), which keeps nobody's words.",
			"Search on your own computer."
	case service.ReasonNoFreePort:
		return "None of the registered sign-in ports is free on this computer.",
			"Close the program using them, or register another http://127.0.0.1:PORT/callback in the Zoom app and add it to --redirect-ports."
	}
	what := "The zoomtray configuration is not usable."
	if msg != "" {
		what = fmt.Sprintf("The zoomtray configuration is not usable: %s.", strings.TrimSuffix(msg, "."))
	}
	return what, "Fix the setting (flag, environment or config file) and try again."
}

// localFile explains a file or folder on this computer that could not be used: Zoom and
// the network are not involved, so the next step is about the disk.
func localFile(reason service.Reason, path string) (string, string) {
	elsewhere := "Choose another folder and try again."
	dir := filepath.Dir(path)
	switch reason {
	case service.ReasonFileNoFolder:
		return fmt.Sprintf("The folder %s does not exist.", dir), "Create it, or choose another folder, and try again."
	case service.ReasonFileNotFolder:
		return fmt.Sprintf("Cannot save to %s: part of that path is a file, not a folder.", path), elsewhere
	case service.ReasonFilePermission:
		return fmt.Sprintf("zoomtray may not write to %s.", path), elsewhere
	case service.ReasonFileNoSpace:
		return fmt.Sprintf("The disk is full: %s could not be saved.", path), "Free some disk space and try again."
	case service.ReasonFileExists:
		return fmt.Sprintf("A file named %s exists already.", path), "Choose another name and try again."
	}
	return fmt.Sprintf("The file %s could not be saved.", path), "Check the disk, or choose another folder, and try again."
}

// notHost refuses to start a meeting the user does not host: only its host (with a ZAK)
// can start it, anyone can join it.
func notHost(id int64) (string, string) {
	if id == 0 {
		return "You are not the host of this meeting, so you cannot start it.", "Join it instead."
	}
	return fmt.Sprintf("You are not the host of meeting %d, so you cannot start it.", id),
		fmt.Sprintf("Join it instead: zoomctl join %d, or Join in the tray menu.", id)
}

// zoomError reports an error answer of Zoom's REST API ({"code","message"}).
func zoomError(e *service.ErrorInfo) (string, string) {
	what := "Zoom refused the request."
	if e.Message != "" {
		what = fmt.Sprintf("Zoom refused the request: %s", ensurePeriod(e.Message))
	}
	return what, "Try again later; if it keeps happening, check your Zoom account's plan and permissions."
}

func internalError(msg string) (string, string) {
	what := "Something went wrong."
	if msg != "" {
		what = fmt.Sprintf("Something went wrong: %s", ensurePeriod(msg))
	}
	return what, "Try again; if it keeps happening, report it with the output of \"zoomctl doctor\"."
}

func ensurePeriod(s string) string {
	s = strings.TrimSpace(s)
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}

// MissingRecordings says which date ranges of a recordings list did not load and why, to
// show under the recordings that did. The ranges are the UTC dates Zoom was asked for.
func MissingRecordings(pe *zoomapi.PartialError) string {
	if pe == nil || len(pe.Failed) == 0 {
		return ""
	}
	ranges := make([]string, 0, len(pe.Failed))
	for _, f := range pe.Failed {
		ranges = append(ranges, f.From.Format("Jan 2, 2006")+" to "+f.To.Format("Jan 2, 2006"))
	}
	what, _ := Error(service.Describe(pe.Failed[0].Err))
	return fmt.Sprintf("Some recordings are missing: Zoom did not send those of %s (UTC dates). %s",
		strings.Join(ranges, ", "), what)
}

// State says what the agent's state means for the user, in one line: "" when signed in
// (the meetings screen names the account). A session that needs a new sign-in is
// explained with the reason's own sentence (see authError).
func State(st service.State, reason service.Reason) string {
	switch st {
	case service.StateUnconfigured:
		return "Not set up yet: zoomtray needs a Zoom app."
	case service.StateSignedOut:
		return "Not signed in."
	case service.StateSigningIn:
		return "Signing in…"
	case service.StateNeedsSignIn:
		what, _ := authError(reason)
		return what + " Sign in again."
	case service.StateOffline:
		return "Offline — showing saved meetings; zoomtray keeps retrying."
	}
	return ""
}
