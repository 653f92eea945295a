package auth

import (
	"net/http"
	"testing"
	"time"
)

// TestHTTPClientHasTimeout checks that a whole REST call is bounded in time.
// Recording downloads are not cut by it: zoomapi copies the client without Timeout for them.
func TestHTTPClientHasTimeout(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{name: "default transport", cfg: Config{OAuthURL: "https://zoom.us"}},
		{name: "configured client", cfg: Config{OAuthURL: "https://zoom.us", HTTPClient: &http.Client{Transport: http.DefaultTransport}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, want := newTestSession(t, tt.cfg, SessionOptions{}).HTTPClient().Timeout, 30*time.Second; got != want {
				t.Errorf("HTTPClient().Timeout: got %v, want %v", got, want)
			}
		})
	}
}
