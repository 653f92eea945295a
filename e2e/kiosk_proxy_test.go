package e2e

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// proxy is a forward proxy that records each request's method and target and refuses it
// (403), enough to see whether a program went through it.
type proxy struct {
	url string
	mu  sync.Mutex // guards seen
	// seen are "CONNECT zoom.example:443" and the like.
	seen []string
}

// startProxy listens on loopback until the test ends.
func startProxy(t *testing.T) *proxy {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{url: "http://" + l.Addr().String()}
	var wg sync.WaitGroup
	t.Cleanup(func() { l.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			wg.Go(func() { p.serve(c) })
		}
	})
	return p
}

// serve records one request and refuses it.
func (p *proxy) serve(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	p.mu.Lock()
	p.seen = append(p.seen, req.Method+" "+req.Host)
	p.mu.Unlock()
	_, _ = c.Write([]byte("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
}

// requests returns what the proxy saw.
func (p *proxy) requests() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.seen...)
}

// zoomctlBin builds zoomctl (no cgo) once per test process.
func zoomctlBin(t *testing.T) string {
	t.Helper()
	return testenv.Binary(t, "github.com/zoomtray/zoomtray/cmd/zoomctl", "CGO_ENABLED=0")
}

// TestProxyFromEnvironment checks that sign-in requests go through HTTPS_PROXY and that
// NO_PROXY exempts a host (issue "Shared PCs", proxies). zoomctl signs in in process with
// the same service and auth code as the agent. The Zoom host is a name, zoom.example: Go
// never proxies loopback addresses, so a fake on 127.0.0.1 could not show the proxy at
// work; the proxy refuses the tunnel, which is enough to see it was asked.
func TestProxyFromEnvironment(t *testing.T) {
	bin := zoomctlBin(t)
	tests := []struct {
		name      string
		noProxy   string
		wantProxy bool
	}{
		{"HTTPS_PROXY is used", "", true},
		{"NO_PROXY exempts the host", "localhost,.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := startProxy(t)
			home := t.TempDir()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "--zoom-url", "https://zoom.example", "--client-id", "demo-client",
				"--client-secret-file", secretFile(t, "demo-secret"), "--token-store", "memory", "login", "--device", "--json")
			cmd.Env = append(environWithout(append(overridden, "HTTPS_PROXY=", "https_proxy=", "HTTP_PROXY=",
				"http_proxy=", "NO_PROXY=", "no_proxy=")),
				"HOME="+home, "XDG_CONFIG_HOME="+home+"/.config", "XDG_CACHE_HOME="+home+"/.cache",
				"XDG_STATE_HOME="+home+"/.local/state", "XDG_RUNTIME_DIR="+home,
				"HTTPS_PROXY="+p.url, "NO_PROXY="+tt.noProxy)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("zoomctl login: got success, want a failure (zoom.example is unreachable)\n%s", out)
			}
			got := strings.Join(p.requests(), ", ")
			if want := "CONNECT zoom.example:443"; tt.wantProxy != strings.Contains(got, want) {
				t.Errorf("proxy saw %q; want %q there: %v\nzoomctl: %s", got, want, tt.wantProxy, out)
			}
		})
	}
}
