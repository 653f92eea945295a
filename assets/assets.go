// Package assets holds zoomtray's embedded images. The tray icons in tray/ are placeholders
// drawn by gen_icons.go (go generate ./assets): one disc colour per state, 22×22 for normal
// and 44×44 for HiDPI panels.
package assets

import (
	"embed"
	"strconv"
)

//go:generate go run gen_icons.go

//go:embed tray/*.png
var tray embed.FS

// Tray icon names, one per state the tray shows.
const (
	TraySignedOut = "signed-out"
	TraySignedIn  = "signed-in"
	TraySoon      = "soon" // a meeting starts within 15 minutes or is live
	TrayAttention = "attention"
)

// TrayIcon returns the PNG of the tray icon name at size 22 or 44 (HiDPI); nil for an
// unknown name or size.
func TrayIcon(name string, size int) []byte {
	b, err := tray.ReadFile("tray/" + name + "-" + strconv.Itoa(size) + ".png")
	if err != nil {
		return nil
	}
	return b
}
