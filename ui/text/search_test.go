package text

import (
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
)

func TestSearchProgress(t *testing.T) {
	tests := []struct {
		p    *service.SearchProgress
		want string
	}{
		{nil, ""},
		{&service.SearchProgress{Syncing: true}, "Looking for recordings with a transcript or a chat…"},
		{&service.SearchProgress{}, "No recordings with a transcript or a chat yet."},
		{&service.SearchProgress{Indexed: 212, Total: 340, Syncing: true}, "Indexed 212 of 340 recordings; searching what is indexed so far."},
		{&service.SearchProgress{Indexed: 212, Total: 340}, "Indexed 212 of 340 recordings; the rest follow when Zoom can be reached."},
		{&service.SearchProgress{Indexed: 340, Total: 340}, "Indexed all 340 recordings with a transcript or a chat."},
	}
	for _, tt := range tests {
		if got := SearchProgress(tt.p); got != tt.want {
			t.Errorf("SearchProgress(%+v) = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestOffset(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0:00", 65*time.Second + 900*time.Millisecond: "1:05", time.Hour + 2*time.Minute + 3*time.Second: "1:02:03",
	} {
		if got := Offset(d); got != want {
			t.Errorf("Offset(%v) = %q, want %q", d, got, want)
		}
	}
}
