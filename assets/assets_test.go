package assets

import (
	"bytes"
	"image/png"
	"testing"
)

func TestTrayIcon(t *testing.T) {
	for _, name := range []string{TraySignedOut, TraySignedIn, TraySoon, TrayAttention} {
		for _, size := range []int{22, 44} {
			b := TrayIcon(name, size)
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("TrayIcon(%q, %d): decode: %v", name, size, err)
			}
			if got := img.Bounds().Dx(); got != size {
				t.Errorf("TrayIcon(%q, %d) width: got %d, want %d", name, size, got, size)
			}
		}
	}
	if got := TrayIcon("nope", 22); got != nil {
		t.Errorf("TrayIcon(nope): got %d bytes, want nil", len(got))
	}
}

func TestTrayIconsDistinct(t *testing.T) {
	seen := map[string]string{}
	for _, name := range []string{TraySignedOut, TraySignedIn, TraySoon, TrayAttention} {
		k := string(TrayIcon(name, 22))
		if other, ok := seen[k]; ok {
			t.Errorf("icons %q and %q: got identical PNGs, want distinct", name, other)
		}
		seen[k] = name
	}
}
