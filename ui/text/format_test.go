package text

import (
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/zoomapi"
)

func TestSize(t *testing.T) {
	tests := []struct {
		n    int64
		want string
	}{
		{0, "0 B"}, {999, "999 B"}, {1_000, "1.0 kB"}, {12_345_678, "12.3 MB"},
		{1_572_864, "1.6 MB"}, // 1.5 MiB: the same figure in zoomctl and the window
		{999_999, "1.0 MB"}, {999_949, "999.9 kB"},
		{1_500_000_000, "1.5 GB"}, {2_000_000_000_000, "2.0 TB"}, {5_000_000_000_000_000, "5000.0 TB"},
	}
	for _, tt := range tests {
		if got := Size(tt.n); got != tt.want {
			t.Errorf("Size(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestFileName(t *testing.T) {
	start := time.Date(2026, 11, 23, 15, 0, 0, 0, time.Local)
	tests := []struct {
		topic string
		f     zoomapi.RecordingFile
		want  string
	}{
		{"Weekly sync", zoomapi.RecordingFile{RecordingType: "shared_screen_with_speaker_view", FileType: "MP4", FileExtension: "MP4"},
			"2026-11-23 1500 Weekly sync shared_screen_with_speaker_view.mp4"},
		{"a/b: c", zoomapi.RecordingFile{FileType: "M4A"}, "2026-11-23 1500 a b  c m4a.m4a"},
	}
	for _, tt := range tests {
		if got := FileName(zoomapi.Recording{Topic: tt.topic, StartTime: start}, tt.f); got != tt.want {
			t.Errorf("FileName(%q, %+v) = %q, want %q", tt.topic, tt.f, got, tt.want)
		}
	}
}
