package localapi

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoomtray/zoomtray/service"
)

func TestSocketModes(t *testing.T) {
	srv, _ := serve(t, newStub())
	tests := []struct {
		name string
		path string
		want fs.FileMode
	}{
		{"directory", filepath.Dir(srv.Path()), 0o700},
		{"socket", srv.Path(), 0o600},
	}
	for _, tt := range tests {
		fi, err := os.Stat(tt.path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != tt.want {
			t.Errorf("%s mode = %o, want %o", tt.name, got, tt.want)
		}
	}
}

func TestSecondServerAlreadyRunning(t *testing.T) {
	srv, _ := serve(t, newStub())
	second, err := NewServer(newStub(), srv.Path())
	if !errors.Is(err, ErrAlreadyRunning) {
		if second != nil {
			second.Close()
		}
		t.Fatalf("second NewServer: got %v, want ErrAlreadyRunning", err)
	}
	// The first one still answers.
	c, err := Dial(context.Background(), srv.Path())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Status(context.Background()); err != nil {
		t.Errorf("first server after second start: got %v, want it to answer", err)
	}
}

// staleSocket leaves a socket file nobody listens on, as a crashed agent does.
func staleSocket(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		t.Fatal(err)
	}
	ln, err := net.ListenUnix("unix", &net.UnixAddr{Name: path, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	ln.SetUnlinkOnClose(false)
	ln.Close()
}

func TestStaleSocketRemoved(t *testing.T) {
	path := socketPath(t)
	staleSocket(t, path)
	if _, err := Dial(context.Background(), path); !errors.Is(err, ErrNoAgent) {
		t.Fatalf("Dial to stale socket: got %v, want ErrNoAgent", err)
	}
	srv, err := NewServer(newStub(), path)
	if err != nil {
		t.Fatalf("NewServer over stale socket: got %v, want success", err)
	}
	t.Cleanup(func() { srv.Close() })
	go srv.Serve(context.Background())
	c, err := Dial(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Status(context.Background()); err != nil {
		t.Errorf("Status after stale cleanup: %v", err)
	}
}

func TestNotASocketKept(t *testing.T) {
	path := socketPath(t)
	os.MkdirAll(filepath.Dir(path), 0o700)
	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if srv, err := NewServer(newStub(), path); err == nil {
		srv.Close()
		t.Fatal("NewServer over a regular file: got success, want an error")
	}
	if data, err := os.ReadFile(path); err != nil || string(data) != "keep me" {
		t.Errorf("regular file after NewServer: got %q, %v, want it untouched", data, err)
	}
}

func TestDialNoAgent(t *testing.T) {
	_, err := Dial(context.Background(), socketPath(t))
	if !errors.Is(err, ErrNoAgent) || !errors.Is(err, service.ErrNoAgent) {
		t.Errorf("Dial with nobody listening: got %v, want ErrNoAgent and service.ErrNoAgent", err)
	}
	var info *service.ErrorInfo
	if !errors.As(err, &info) || info.Kind != service.KindNoAgent {
		t.Errorf("Dial with nobody listening: got %v, want an ErrorInfo of kind no_agent", err)
	}
}

func TestCloseRemovesSocket(t *testing.T) {
	path := socketPath(t)
	srv, err := NewServer(newStub(), path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background()) }()
	srv.Close()
	if err := <-done; err != nil {
		t.Errorf("Serve after Close: got %v, want nil", err)
	}
	if _, err := os.Lstat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("socket after Close: got %v, want it removed", err)
	}
}

func TestServeStopsWithContext(t *testing.T) {
	srv, err := NewServer(newStub(), socketPath(t))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve after cancel: got %v, want nil", err)
	}
}

func TestOtherUserRefused(t *testing.T) {
	path := socketPath(t)
	srv, err := NewServer(newStub(), path)
	if err != nil {
		t.Fatal(err)
	}
	srv.uid = os.Getuid() + 1 // pretend the server belongs to someone else
	go srv.Serve(context.Background())
	t.Cleanup(func() { srv.Close() })
	c, err := Dial(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Status(context.Background()); err == nil {
		t.Error("Status from another uid: got an answer, want the connection refused")
	}
}

// rawDo sends a raw request through the client's transport.
func rawDo(t *testing.T, c *Client, method, path, body string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(method, baseURL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.unary.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestBadRequests(t *testing.T) {
	_, c := serve(t, newStub())
	tests := []struct {
		name, method, path, body string
		want                     int
	}{
		{"wrong method", "DELETE", "/v1/status", "", 405},
		{"get on post route", "GET", "/v1/quit", "", 405},
		{"unknown route", "GET", "/v2/status", "", 404},
		{"unclean path", "GET", "/v1/../v1/status", "", 404},
		{"unknown field", "POST", "/v1/meetings", `{"topic":"x","zak":"y"}`, 400},
		{"two values", "POST", "/v1/meetings", `{"topic":"x"}{}`, 400},
		{"not json", "POST", "/v1/login", `method=device`, 400},
		{"too large", "POST", "/v1/meetings", `{"topic":"` + strings.Repeat("x", maxBody) + `"}`, 413},
		{"bad id", "GET", "/v1/meetings/abc/join-url", "", 400},
		{"negative id", "POST", "/v1/meetings/-4/start", "", 400},
		{"bad refresh", "GET", "/v1/meetings?refresh=maybe", "", 400},
		{"missing from", "GET", "/v1/recordings?to=2026-11-01", "", 400},
		{"bad to", "GET", "/v1/recordings?from=2026-11-01&to=nov", "", 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := rawDo(t, c, tt.method, tt.path, tt.body)
			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d", resp.StatusCode, tt.want)
			}
			err := readError(resp)
			var info *service.ErrorInfo
			if !errors.As(err, &info) || info.Message == "" || strings.HasPrefix(info.Message, "local API answered") {
				t.Errorf("body: got %v, want a JSON {\"error\":...}", err)
			}
		})
	}
}
