package programs

import (
	"path/filepath"
	"testing"
)

func TestBeside(t *testing.T) {
	tests := []struct{ exe, name, want string }{
		{"/usr/local/bin/zoomtray", Window, "/usr/local/bin/zoomtray-window"},
		{"/usr/local/bin/zoomtray-window", Agent, "/usr/local/bin/zoomtray"},
		{"/apps/zoomtray/zoomtray.exe", Window, "/apps/zoomtray/zoomtray-window.exe"},
		{"/Applications/zoomtray.app/Contents/MacOS/zoomtray-window", Agent, "/Applications/zoomtray.app/Contents/MacOS/zoomtray"},
	}
	for _, tt := range tests {
		if got := Beside(filepath.FromSlash(tt.exe), tt.name); got != filepath.FromSlash(tt.want) {
			t.Errorf("Beside(%s, %s): got %s, want %s", tt.exe, tt.name, got, tt.want)
		}
	}
}
