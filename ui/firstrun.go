package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/config"
)

// firstRunGuide tells how to create the Zoom app zoomtray signs in with
// (docs/zoom-reference.md, "Setting up a real Zoom app" and "Scopes").
const firstRunGuide = `## Welcome to zoomtray

zoomtray signs in to Zoom through a Zoom app of your own. If your company deployed one,
it appears here by itself; otherwise create it once:

1. On the Zoom App Marketplace (marketplace.zoom.us), choose **Develop → Build App** and
   create a **General app**, **user-managed**. Leave it **unpublished**: it then works for
   the users of your own Zoom account.
2. Under **Scopes**, add the granular scopes ` + "`user:read:user`, `meeting:read:list_meetings`, " +
	"`meeting:read:list_upcoming_meetings`, `meeting:write:meeting`, " +
	"`cloud_recording:read:list_user_recordings`, `cloud_recording:read:list_recording_files` " +
	"and `user:read:zak` (an older app: `user:read`, `meeting:read`, `meeting:write`, " +
	"`recording:read`, `user_zak:read`)." + `
3. Add the redirect URLs ` + "`http://127.0.0.1:53682/callback`, `http://127.0.0.1:53683/callback` " +
	"and `http://127.0.0.1:53684/callback`" + ` to both **Redirect URL for OAuth** and the
   **OAuth Allow List** (exactly so: Zoom compares them character by character).
4. For signing in with your phone (QR code), ask Zoom to enable the **device authorization
   grant** for the app and turn on **Use App on Device**. Without it, sign-in works through
   the browser.
5. Copy the app's **Client ID** and **Client secret** below and save. Without a secret, use
   the **public client ID** (App Credentials → **Use Public Client OAuth**): browser sign-in
   only, no phone sign-in, and no kiosk mode, which needs the secret.
`

// FirstRun is the screen shown while no Zoom app is configured (Status.State
// "unconfigured"): how to create the app, the settings to enter its client ID, and
// "Try the demo" to look around with a fake Zoom first.
type FirstRun struct {
	Content fyne.CanvasObject
	Guide   *widget.RichText
	// Settings is the settings form (its Save and Demo buttons).
	Settings *Settings
}

// NewFirstRun returns the first-run screen over the settings cfg of namespace ns.
func NewFirstRun(e *env, cfg config.Settings, ns string) *FirstRun {
	f := &FirstRun{Guide: widget.NewRichTextFromMarkdown(firstRunGuide)}
	f.Guide.Wrapping = fyne.TextWrapWord
	f.Settings = NewSettings(e, cfg, ns)
	f.Content = container.NewVScroll(container.NewVBox(f.Guide, widget.NewSeparator(), f.Settings.Content))
	return f
}
