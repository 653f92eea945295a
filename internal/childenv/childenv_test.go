package childenv

import (
	"slices"
	"testing"
)

func TestFilter(t *testing.T) {
	in := []string{
		"PATH=/bin", "ZOOMTRAY_CLIENT_ID=abc", "ZOOMTRAY_CLIENT_SECRET=s3cret",
		"ZOOMTRAY_TOKEN_STORE=file", "ZOOMTRAY_TOKEN_FILE=/x", "ZOOMTRAY_REFRESH_TOKEN=r",
		"zoomtray_client_secret=lower", "HOME=/home/a", "ZOOMTRAY_NAMESPACE=demo",
	}
	got := Filter(in)
	want := []string{"PATH=/bin", "ZOOMTRAY_CLIENT_ID=abc", "ZOOMTRAY_TOKEN_STORE=file",
		"ZOOMTRAY_TOKEN_FILE=/x", "HOME=/home/a", "ZOOMTRAY_NAMESPACE=demo"}
	if !slices.Equal(got, want) {
		t.Errorf("Filter = %q, want %q", got, want)
	}
}
