package zoomapi

import "testing"

func TestWebBase(t *testing.T) {
	tests := []struct {
		base, want string
		wantErr    bool
	}{
		{"https://api.zoom.us/v2", "https://zoom.us", false},
		{"https://api.zoomgov.com/v2/", "https://zoomgov.com", false},
		{"http://127.0.0.1:4321/v2", "http://127.0.0.1:4321", false},
		{"not a url", "", true},
	}
	for _, tt := range tests {
		got, err := webBase(tt.base)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("webBase(%q) = %q, %v, want %q, error %v", tt.base, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestSchemeURLs(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"start", StartURLScheme("zoom.us", 85746065432, "z+/=", "pw"), "zoommtg://zoom.us/start?confno=85746065432&zak=z%2B%2F%3D&pwd=pw"},
		{"start no pwd", StartURLScheme("zoom.us", 1, "zak", ""), "zoommtg://zoom.us/start?confno=1&zak=zak"},
		{"join", JoinURLScheme("zoomgov.com", 2, "a b"), "zoommtg://zoomgov.com/join?confno=2&pwd=a+b"},
		{"join no pwd", JoinURLScheme("zoom.us", 3, ""), "zoommtg://zoom.us/join?confno=3"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}
