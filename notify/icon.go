package notify

import (
	"bytes"
	"image"
	"image/png"
	"sync"

	"golang.org/x/image/draw"

	"github.com/zoomtray/zoomtray/assets"
)

// iconSize is the side of the icon sent with each notification: notification servers
// draw it at 32–64 px, and the 512 px app icon would be a 1 MB D-Bus message.
const iconSize = 64

// appIcon is the app icon scaled to iconSize, as straight (non-premultiplied) RGBA, or
// nil when it cannot be decoded. It is computed once.
var appIcon = sync.OnceValue(func() *image.NRGBA {
	src, err := png.Decode(bytes.NewReader(assets.AppIcon()))
	if err != nil {
		return nil
	}
	dst := image.NewNRGBA(image.Rect(0, 0, iconSize, iconSize))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	return dst
})
