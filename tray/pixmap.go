package tray

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
)

// exactPixmap re-encodes the PNG data so that fyne.io/systray's Linux icon conversion
// (v1.12.2, convertToPixels) exports the PNG's own straight-alpha ARGB bytes in the
// StatusNotifierItem IconPixmap.
//
// That conversion takes the low byte of each 16-bit premultiplied value that
// color.Color.RGBA returns. For opaque pixels the low byte of c*0x101 is c, so they come
// out right; semi-transparent edge pixels come out as garbage (magenta and blue fringes).
// The fix belongs upstream (docs/upstream-systray.md); until then the icon is
// handed over as 16-bit straight RGBA chosen so that the library's arithmetic lands on the
// wanted bytes: alpha 0xFF00|A, whose low byte is A, and for each colour channel the
// smallest value v with v*alpha/0xFFFF == the wanted 8-bit value. The tray's D-Bus test
// compares the exported bytes with the asset, so a library change that breaks this is
// caught.
//
// Data that is not a decodable PNG is returned unchanged.
func exactPixmap(data []byte) []byte {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return data
	}
	b := img.Bounds()
	out := image.NewNRGBA64(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			a := 0xFF00 | uint32(c.A)
			out.SetNRGBA64(x, y, color.NRGBA64{R: channel(c.R, a), G: channel(c.G, a), B: channel(c.B, a), A: uint16(a)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, out); err != nil {
		return data
	}
	return buf.Bytes()
}

// channel returns the 16-bit straight value v for which the premultiplication
// v*a/0xFFFF (rounded down, as image/color does) equals want; a is at least 0xFF00, so v
// stays below 0x102.
func channel(want uint8, a uint32) uint16 {
	return uint16((uint32(want)*0xFFFF + a - 1) / a)
}
