package text

import (
	"testing"
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
