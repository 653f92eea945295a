package tray

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/zoomtray/zoomtray/assets"
)

// straightARGB is the IconPixmap a PNG should export: its pixels as non-premultiplied
// 8-bit A, R, G, B, row by row (the StatusNotifierItem ARGB32 layout in network byte
// order).
func straightARGB(data []byte) (w, h int, argb []byte, err error) {
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		return 0, 0, nil, err
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)
			argb = append(argb, c.A, c.R, c.G, c.B)
		}
	}
	return b.Dx(), b.Dy(), argb, nil
}

// libraryARGB is fyne.io/systray v1.12.2's conversion of a decoded image to IconPixmap
// bytes (argbForImage), reproduced for the unit test of exactPixmap: the low byte of
// each premultiplied 16-bit channel.
func libraryARGB(img image.Image) []byte {
	b := img.Bounds()
	var out []byte
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, a := img.At(x, y).RGBA()
			out = append(out, byte(a), byte(r), byte(g), byte(bl))
		}
	}
	return out
}

// TestExactPixmap checks, for every tray icon, that the library's conversion of
// exactPixmap's output gives the asset's exact straight ARGB bytes, and that it does not
// for the asset itself (the icons have semi-transparent edges, where the bug shows).
func TestExactPixmap(t *testing.T) {
	for _, name := range []string{assets.TraySignedOut, assets.TraySignedIn, assets.TraySoon, assets.TrayAttention} {
		for _, size := range assets.TraySizes {
			asset := assets.TrayIcon(name, size)
			_, _, want, err := straightARGB(asset)
			if err != nil {
				t.Fatalf("%s-%d: %v", name, size, err)
			}
			raw, _ := png.Decode(bytes.NewReader(asset))
			if bytes.Equal(libraryARGB(raw), want) {
				t.Errorf("%s-%d: the asset converts exactly as is; want semi-transparent edges that show the bug", name, size)
			}
			fixed, err := png.Decode(bytes.NewReader(exactPixmap(asset)))
			if err != nil {
				t.Fatalf("%s-%d: exactPixmap output does not decode: %v", name, size, err)
			}
			if got := libraryARGB(fixed); !bytes.Equal(got, want) {
				t.Errorf("%s-%d: converted pixmap differs from the asset in %d bytes", name, size, diffBytes(got, want))
			}
		}
	}
}

// TestChannel checks channel over every alpha and value the icons can have.
func TestChannel(t *testing.T) {
	for a := uint32(0xFF00); a <= 0xFFFF; a++ {
		for want := 0; want < 256; want++ {
			v := channel(uint8(want), a)
			if got := uint32(v) * a / 0xFFFF; got != uint32(want) {
				t.Fatalf("channel(%d, %#x) = %d, premultiplied to %d", want, a, v, got)
			}
		}
	}
}

// diffBytes counts the positions where a and b differ.
func diffBytes(a, b []byte) int {
	n := max(len(a), len(b)) - min(len(a), len(b))
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
}
