package tray

import (
	"reflect"
	"testing"

	"github.com/zoomtray/zoomtray/service"
)

// TestDefaultOpenURLDoesNotWait checks that the default link opener is
// service.OpenBrowser, which does not wait for the launcher: pkg/browser.OpenURL may block
// until the browser exits (xdg-open), and Run waits for click handlers before returning.
func TestDefaultOpenURLDoesNotWait(t *testing.T) {
	o := withDefaults(Options{})
	got, want := reflect.ValueOf(o.OpenURL).Pointer(), reflect.ValueOf(service.OpenBrowser).Pointer()
	if got != want {
		t.Errorf("default OpenURL: got func at %#x, want service.OpenBrowser (%#x)", got, want)
	}
}
