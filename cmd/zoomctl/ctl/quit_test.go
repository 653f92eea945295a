package ctl

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zoomtray/zoomtray/localapi"
)

// quittingAPI stands in for the agent: Quit stops its local API, as the agent's does.
type quittingAPI struct {
	localapi.Agent // nil: only Quit is called
	stop           context.CancelFunc
}

func (q quittingAPI) Quit(context.Context) error {
	q.stop()
	return nil
}

// TestQuit checks "zoomctl quit" stops a running agent and waits for its socket to go,
// and says so when none runs.
func TestQuit(t *testing.T) {
	f := &fake{url: "http://127.0.0.1:9", port: 1} // quit never reaches Zoom
	u := newUser(t)
	dir, err := os.MkdirTemp("", "zq")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	u.socket = filepath.Join(dir, localapi.SocketName)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	srv, err := localapi.NewServer(quittingAPI{stop: cancel}, u.socket)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ctx) }()
	tests := []struct{ name, want string }{
		{"running", "zoomtray stopped."},
		{"not running", "zoomtray is not running."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := u.mustRun(t, f, "quit")
			if got := strings.TrimSpace(r.stdout); got != tt.want {
				t.Errorf("stdout: got %q, want %q", got, tt.want)
			}
		})
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: got %v, want nil after Quit", err)
	}
	if _, err := os.Stat(u.socket); !os.IsNotExist(err) {
		t.Errorf("socket after quit: got %v, want it removed", err)
	}
}
