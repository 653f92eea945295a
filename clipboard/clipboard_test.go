package clipboard

import (
	"context"
	"errors"
	"os/exec"
	"slices"
	"testing"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

func TestCommand(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	has := func(tools ...string) func(string) (string, error) {
		return func(name string) (string, error) {
			if slices.Contains(tools, name) {
				return "/usr/bin/" + name, nil
			}
			return "", exec.ErrNotFound
		}
	}
	x11 := map[string]string{"DISPLAY": ":0"}
	wayland := map[string]string{"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}
	tests := []struct {
		name  string
		goos  string
		env   map[string]string
		tools []string
		want  string // first word, "" for ErrUnavailable
	}{
		{"x11 xclip", "linux", x11, []string{"xclip", "xsel"}, "xclip"},
		{"x11 xsel only", "linux", x11, []string{"xsel"}, "xsel"},
		{"wayland first", "linux", wayland, []string{"wl-copy", "xclip"}, "wl-copy"},
		{"wayland without wl-copy uses X", "linux", wayland, []string{"xclip"}, "xclip"},
		{"no display", "linux", map[string]string{}, []string{"xclip"}, ""},
		{"no tool", "linux", x11, nil, ""},
		{"macOS", "darwin", nil, []string{"pbcopy"}, "pbcopy"},
		{"windows", "windows", nil, []string{"clip"}, "clip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := command(tt.goos, env(tt.env), has(tt.tools...))
			if tt.want == "" {
				if !errors.Is(err, ErrUnavailable) {
					t.Fatalf("got %v, %v; want ErrUnavailable", c, err)
				}
				return
			}
			if err != nil || c.write[0] != tt.want {
				t.Fatalf("got %v, %v; want %s", c, err, tt.want)
			}
			if tt.goos != "windows" && (len(c.read) == 0 || c.read[0] == "") {
				t.Errorf("no read command for %s", tt.want)
			}
		})
	}
}

// TestWriteX11 writes through the real tool on the test display and reads it back.
func TestWriteX11(t *testing.T) {
	testenv.Display(t)
	if _, err := exec.LookPath("xclip"); err != nil {
		t.Fatal("xclip is missing: apt-get install xclip (scripts/setup.sh installs it)")
	}
	want := "https://zoom.us/j/123456789?pwd=abc"
	if err := Write(context.Background(), want); err != nil {
		t.Fatal(err)
	}
	got, err := exec.Command("xclip", "-selection", "clipboard", "-o").Output()
	if err != nil || string(got) != want {
		t.Fatalf("clipboard: got %q, %v; want %q", got, err, want)
	}
}
