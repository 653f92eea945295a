package assets

import (
	"bytes"
	"image"
	"image/png"
	"testing"
)

// states are the tray icon names.
var states = []string{TraySignedOut, TraySignedIn, TraySoon, TrayAttention}

// decode decodes a PNG or fails the test.
func decode(t *testing.T, what string, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: decode: %v", what, err)
	}
	return img
}

// alpha is the 8-bit alpha of img at (x, y).
func alpha(img image.Image, x, y int) uint32 {
	_, _, _, a := img.At(x, y).RGBA()
	return a >> 8
}

func TestTrayIcon(t *testing.T) {
	for _, name := range states {
		for _, size := range TraySizes {
			img := decode(t, name, TrayIcon(name, size))
			if got := img.Bounds(); got.Dx() != size || got.Dy() != size {
				t.Errorf("TrayIcon(%q, %d): got %v, want %d×%d", name, size, got, size, size)
			}
		}
	}
	if got := TrayIcon("nope", 22); got != nil {
		t.Errorf("TrayIcon(nope): got %d bytes, want nil", len(got))
	}
	if got := TrayIcon(TraySignedIn, 23); got != nil {
		t.Errorf("TrayIcon(signed-in, 23): got %d bytes, want nil", len(got))
	}
}

// TestTrayIconsCrisp checks that each icon was drawn at its size, not scaled: the camera
// body's left edge on the middle row is a fully opaque pixel next to a transparent one.
func TestTrayIconsCrisp(t *testing.T) {
	for _, name := range states {
		for _, size := range TraySizes {
			img := decode(t, name, TrayIcon(name, size))
			edge, mid := -1, size/2
			for x := range size {
				if alpha(img, x, mid) > 0 {
					edge = x
					break
				}
			}
			if edge < 0 || alpha(img, edge, mid) != 255 {
				t.Errorf("%s-%d: left edge on row %d: got alpha %d at x=%d, want a fully opaque pixel", name, size, mid, alpha(img, max(edge, 0), mid), edge)
			}
		}
	}
}

func TestTrayIconsDistinct(t *testing.T) {
	for _, size := range TraySizes {
		seen := map[string]string{}
		for _, name := range states {
			k := string(TrayIcon(name, size))
			if other, ok := seen[k]; ok {
				t.Errorf("icons %q and %q at %d: got identical PNGs, want distinct", name, other, size)
			}
			seen[k] = name
		}
	}
}

func TestAppIcon(t *testing.T) {
	img := decode(t, "icon.png", AppIcon())
	if got := img.Bounds(); got.Dx() != 512 || got.Dy() != 512 {
		t.Errorf("app icon: got %v, want 512×512", got)
	}
	if got := alpha(img, 0, 0); got != 0 {
		t.Errorf("app icon corner: got alpha %d, want 0 (rounded square)", got)
	}
	if got := alpha(img, 256, 256); got != 255 {
		t.Errorf("app icon centre: got alpha %d, want 255", got)
	}
}
