package ctl

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
)

// startAgent runs what the agent runs, in the test process: a service.Service for f with
// a file token store, served by a localapi.Server on a fresh socket, which u then uses
// through --socket.
func startAgent(t *testing.T, f *fake, u *user) {
	t.Helper()
	startAgentWith(t, f, u, nil)
}

// startAgentWith is startAgent with changed options.
func startAgentWith(t *testing.T, f *fake, u *user, tweak func(*service.Options)) {
	t.Helper()
	root := t.TempDir()
	st, err := config.Load(config.Sources{Flags: map[string]string{
		"zoom-url": f.url, "client-id": "demo-client", "client-secret": "demo-secret",
		"token-store": "file", "token-file": filepath.Join(root, "tokens.json"),
		"redirect-ports": strconv.Itoa(f.port),
	}})
	if err != nil {
		t.Fatal(err)
	}
	dirs := config.Dirs{Config: filepath.Join(root, "config"), State: filepath.Join(root, "state"), Cache: filepath.Join(root, "cache")}
	dirs.Runtime, err = os.MkdirTemp("", "za")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dirs.Runtime) })
	if err := dirs.Ensure(); err != nil {
		t.Fatal(err)
	}
	opts := service.Options{Settings: st, Dirs: dirs, OpenURL: func(link string) error {
		f, err := os.OpenFile(u.opened, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = f.WriteString(link + "\n")
		return err
	}}
	if tweak != nil {
		tweak(&opts)
	}
	svc, err := service.New(t.Context(), opts)
	if err != nil {
		t.Fatal(err)
	}
	u.socket = filepath.Join(dirs.Runtime, localapi.SocketName)
	srv, err := localapi.NewServer(serviceAgent{svc}, u.socket)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	go func() { svc.Run(ctx); done <- struct{}{} }()
	go func() { srv.Serve(ctx); done <- struct{}{} }()
	t.Cleanup(func() {
		cancel()
		<-done
		<-done
		svc.Close()
	})
}

// TestAgentPath runs the sign-in and the signed-in commands through a running agent.
func TestAgentPath(t *testing.T) {
	f := startFake(t)
	u := newUser(t)
	startAgent(t, f, u)
	events := u.loginDevice(t, f)
	if last := events[len(events)-1]; last.Event != service.EventSignedIn {
		t.Fatalf("last login event through the agent = %+v, want signed_in", last)
	}
	signedInCommands(t, f, u, true)
}

// serviceAgent serves a service as the agent does, without a window to open or a process
// to restart.
type serviceAgent struct{ *service.Service }

func (serviceAgent) OpenWindow(context.Context) error { return nil }
func (serviceAgent) Restart(context.Context) error    { return nil }
