//go:build linux

package notify

import (
	"context"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// TestNotifyIcon checks that a notification carries the app icon as image-data: 64×64
// RGBA pixels, opaque somewhere (the glyph) and transparent somewhere (the corners).
func TestNotifyIcon(t *testing.T) {
	d := startDaemon(t, func(*fakeDaemon, uint32) {})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- Notify(ctx, "Weekly sync in 5 min", "15:00–15:30", nil) }() // waits for ctx
	t.Cleanup(func() {                                                              // end it: its CloseNotification call and the Notify call are drained
		cancel()
		<-d.calls
		<-d.calls
		<-done
	})
	var hints map[string]dbus.Variant
	select {
	case hints = <-d.hints:
	case <-ctx.Done():
		t.Fatal("no Notify call")
	}
	v, ok := hints["image-data"]
	if !ok {
		t.Fatalf("hints %v, want image-data", hints)
	}
	var img imageData
	if err := dbus.Store([]any{v.Value()}, &img); err != nil {
		t.Fatalf("image-data %v: %v", v.Signature(), err)
	}
	if img.Width != iconSize || img.Height != iconSize ||
		img.Rowstride != 4*iconSize || !img.HasAlpha || img.BitsPerSample != 8 || img.Channels != 4 ||
		len(img.Data) != 4*iconSize*iconSize {
		t.Fatalf("image-data %dx%d stride %d alpha %v bits %d channels %d, %d bytes; want %dx%d RGBA",
			img.Width, img.Height, img.Rowstride, img.HasAlpha, img.BitsPerSample, img.Channels, len(img.Data), iconSize, iconSize)
	}
	opaque, clear := 0, 0
	for i := 3; i < len(img.Data); i += 4 {
		switch img.Data[i] {
		case 0xFF:
			opaque++
		case 0:
			clear++
		}
	}
	if opaque == 0 || clear == 0 {
		t.Errorf("icon has %d opaque and %d transparent pixels, want both", opaque, clear)
	}
}
