// Package assets holds zoomtray's embedded images, drawn by gen_icons.go (go generate
// ./assets): the app icon icon.png (512×512, also FyneApp.toml's icon for packages) and one
// tray icon per state — a video-camera glyph, grey and hollow when signed out, blue when
// signed in, green with a dot when a meeting is near or live, amber with "!" when
// something needs attention — drawn at each of TraySizes with pixel-aligned edges.
package assets

import (
	"embed"
	"strconv"
)

//go:generate go run gen_icons.go

//go:embed tray/*.png
var tray embed.FS

//go:embed icon.png
var appIcon []byte

// TraySizes are the sizes each tray icon is drawn at: 16 (Windows at 100 %), 22 and 24
// (Linux panels), 32 (Windows at 200 %) and 44 (HiDPI panels).
var TraySizes = []int{16, 22, 24, 32, 44}

// AppIcon returns the 512×512 PNG app icon.
func AppIcon() []byte { return appIcon }

// Tray icon names, one per state the tray shows.
const (
	TraySignedOut = "signed-out"
	TraySignedIn  = "signed-in"
	TraySoon      = "soon" // a meeting starts within 15 minutes or is live
	TrayAttention = "attention"
)

// TrayIcon returns the PNG of the tray icon name at size, one of TraySizes; nil for an
// unknown name or size.
func TrayIcon(name string, size int) []byte {
	b, err := tray.ReadFile("tray/" + name + "-" + strconv.Itoa(size) + ".png")
	if err != nil {
		return nil
	}
	return b
}
