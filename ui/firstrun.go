package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/zoomtray/zoomtray/config"
)

// marketplaceURL is where Zoom apps are created (Develop → Build App).
const marketplaceURL = "https://marketplace.zoom.us/"

// firstRunSteps are the set-up steps, short enough to read at a glance; the full list of
// scopes, each mapped to its feature, and the device grant are in the README
// (docs/zoom-reference.md, "Setting up a real Zoom app" and "Scopes").
var firstRunSteps = []string{
	"Create a General app on the Zoom App Marketplace: user-managed, and left unpublished.",
	"Paste the redirect URLs into both “Redirect URL for OAuth” and the “OAuth Allow List”.",
	"Add the scopes the README lists; a new app has granular ones: user:read:user, meeting:read:list_meetings, meeting:write:meeting, cloud_recording:read:list_user_recordings, user:read:zak.",
	"Paste the app's Client ID and Client secret below, then Save. A public client ID (“Use Public Client OAuth”) needs no secret, but has no phone sign-in and no kiosk mode.",
}

// firstRunScreen is the screen shown while no Zoom app is configured (Status.State
// "unconfigured"): four numbered steps to create the app, with buttons for the two that
// need something from zoomtray (the Marketplace's address, the redirect URLs), the client
// ID and secret fields, and "Try the demo" to look around with a fake Zoom first. The
// buttons stay in view below the scrolling steps.
type firstRunScreen struct {
	Content fyne.CanvasObject
	// Marketplace opens the Zoom App Marketplace; CopyRedirects copies the redirect URLs.
	Marketplace, CopyRedirects *widget.Button
	// Settings is the settings form (its Save and Demo buttons).
	Settings *settingsScreen

	redirects string
}

// newFirstRun returns the first-run screen over the settings cfg of namespace ns.
func newFirstRun(e *env, cfg config.Settings, ns string) *firstRunScreen {
	f := &firstRunScreen{Settings: newSettings(e, cfg, ns, true), redirects: redirectURLs(cfg.RedirectPorts)}
	f.Marketplace = widget.NewButtonWithIcon("Open the Zoom Marketplace", theme.ComputerIcon(), func() {
		e.jobs.Go(func(_ context.Context) {
			if err := e.openURL(marketplaceURL); err != nil {
				e.do(func() { e.banner.ShowError(err) })
			}
		})
		e.say("Opening the Zoom Marketplace in your browser…")
	})
	f.CopyRedirects = widget.NewButtonWithIcon("Copy redirect URLs", theme.ContentCopyIcon(), func() {
		copyText(f.redirects)
		e.say("Redirect URLs copied")
	})
	intro := paragraph("zoomtray signs in through a Zoom app of your own. Set it up once, " +
		"or try the demo first with a built-in fake Zoom.")
	steps := container.NewVBox(
		step(1, firstRunSteps[0], f.Marketplace),
		step(2, firstRunSteps[1], f.CopyRedirects),
		step(3, firstRunSteps[2], nil),
		step(4, firstRunSteps[3], nil))
	more := caption("Phone (QR) sign-in also needs Zoom's device authorization grant: see the README.")
	body := container.NewVBox(title("Welcome to zoomtray"), intro, steps, more,
		widget.NewSeparator(), f.Settings.fields())
	f.Content = container.NewBorder(nil, f.Settings.bottomBar(), nil, nil,
		container.NewVScroll(container.New(layout.NewCustomPaddedLayout(0, 0, 0, 2*sizePadding), body)))
	return f
}

// step is one numbered step: its number, its sentence, and its button (if any) on the
// right, so the numbers form a column and the steps take a line each.
func step(n int, text string, button *widget.Button) fyne.CanvasObject {
	num := widget.NewLabelWithStyle(fmt.Sprintf("%d.", n), fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	var right fyne.CanvasObject
	if button != nil {
		right = container.NewVBox(button)
	}
	return container.NewBorder(nil, nil, num, right, paragraph(text))
}

// redirectURLs are the loopback redirect URLs for ports, one a line, as the Zoom app
// must list them (zoomtray tries the ports in turn).
func redirectURLs(ports []int) string {
	urls := make([]string, len(ports))
	for i, p := range ports {
		urls[i] = fmt.Sprintf("http://127.0.0.1:%d/callback", p)
	}
	return strings.Join(urls, "\n")
}
