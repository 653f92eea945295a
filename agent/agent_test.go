package agent

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os/exec"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/config"
	"github.com/zoomtray/zoomtray/service"
)

func TestParseArgs(t *testing.T) {
	env := func(ns string) func(string) string {
		return func(k string) string {
			if k == "ZOOMTRAY_NAMESPACE" {
				return ns
			}
			return ""
		}
	}
	tests := []struct {
		name     string
		args     []string
		envNS    string
		wantNS   string
		wantDemo bool
		wantSet  map[string]string
		wantErr  bool
	}{
		{name: "defaults", wantNS: config.DefaultNamespace, wantSet: map[string]string{}},
		{name: "env namespace", envNS: "work", wantNS: "work", wantSet: map[string]string{}},
		{name: "demo forces its namespace", args: []string{"--demo", "--namespace", "x"}, wantNS: config.DemoNamespace, wantDemo: true, wantSet: map[string]string{}},
		{name: "config flags", args: []string{"--client-id", "abc", "--kiosk"}, wantNS: config.DefaultNamespace,
			wantSet: map[string]string{"client-id": "abc", "kiosk": "true"}},
		{name: "auto-approve without demo", args: []string{"--demo-auto-approve", "alex@example.com"}, wantErr: true},
		{name: "bad log level", args: []string{"--log-level", "loud"}, wantErr: true},
		{name: "stray argument", args: []string{"windw"}, wantErr: true},
		{name: "bad bool setting", args: []string{"--kiosk=maybe"}, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := parseArgs(tt.args, env(tt.envNS), io.Discard)
			if gotErr := err != nil; gotErr != tt.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tt.wantErr)
			}
			if tt.wantErr {
				return
			}
			if o.Namespace != tt.wantNS || o.Demo != tt.wantDemo {
				t.Errorf("got namespace %q demo %v, want %q %v", o.Namespace, o.Demo, tt.wantNS, tt.wantDemo)
			}
			if len(o.Settings) != len(tt.wantSet) {
				t.Errorf("settings: got %v, want %v", o.Settings, tt.wantSet)
			}
			for k, v := range tt.wantSet {
				if o.Settings[k] != v {
					t.Errorf("setting %s: got %q, want %q", k, o.Settings[k], v)
				}
			}
		})
	}
}

func TestUnconfigured(t *testing.T) {
	u := unconfigured{kiosk: true}
	ctx := context.Background()
	st, err := u.Status(ctx)
	if err != nil || st.State != service.StateUnconfigured || !st.Kiosk {
		t.Errorf("Status: got %+v, %v, want state unconfigured, kiosk", st, err)
	}
	calls := map[string]error{}
	_, calls["Meetings"] = u.Meetings(ctx, true)
	_, calls["NewMeeting"] = u.NewMeeting(ctx, "x")
	_, calls["Start"] = u.Start(ctx, 1)
	_, calls["Logout"] = u.Logout(ctx)
	calls["Login"] = u.Login(ctx, service.LoginRequest{}, nil)
	for name, err := range calls {
		var ei *service.ErrorInfo
		if !errors.As(err, &ei) || ei.Kind != service.KindConfig {
			t.Errorf("%s: got %v, want an ErrorInfo of kind config", name, err)
		}
	}
	broken := unconfigured{cause: &service.ErrorInfo{Kind: service.KindKeyring, Message: "no keyring"}}
	st, _ = broken.Status(ctx)
	if st.State != "signed_out" || st.LastError == nil || st.LastError.Kind != service.KindKeyring {
		t.Errorf("Status with a cause: got %+v, want signed_out with the keyring error", st)
	}
}

// sleeper returns a window whose "window process" is sleep, reporting each reap on exited.
func sleeper(t *testing.T, seconds string) (*window, chan struct{}) {
	t.Helper()
	exe, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep binary")
	}
	exited := make(chan struct{}, 4)
	w := &window{exe: exe, args: []string{seconds}, output: io.Discard,
		log: slog.New(slog.DiscardHandler), onExit: func() { exited <- struct{}{} }}
	t.Cleanup(w.Close)
	return w, exited
}

func TestWindowProcess(t *testing.T) {
	w, exited := sleeper(t, "0")
	for i := range 2 { // a window that exited is started again
		started, err := w.Open()
		if err != nil || !started {
			t.Fatalf("Open #%d: got started=%v err=%v, want a new child", i, started, err)
		}
		waitChan(t, exited, "the child to be reaped")
		if w.Running() {
			t.Errorf("Running after the child exited: got true, want false")
		}
	}
}

func TestWindowRaise(t *testing.T) {
	w, exited := sleeper(t, "60")
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	a := newAgentAPI(unconfigured{}, w, cancel)
	ch, err := a.Watch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st := waitStatus(t, ch); st.WindowRaise != 0 {
		t.Errorf("first status: got WindowRaise %d, want 0", st.WindowRaise)
	}
	if err := a.OpenWindow(ctx); err != nil { // starts the child: no raise
		t.Fatal(err)
	}
	for want := 1; want <= 2; want++ { // the child runs: each call raises it
		if err := a.OpenWindow(ctx); err != nil {
			t.Fatal(err)
		}
		if st := waitStatus(t, ch); st.WindowRaise != want {
			t.Errorf("after raise: got WindowRaise %d, want %d", st.WindowRaise, want)
		}
	}
	if st, _ := a.Status(ctx); st.WindowRaise != 2 || st.State != service.StateUnconfigured {
		t.Errorf("Status: got raise %d state %q, want 2 unconfigured", st.WindowRaise, st.State)
	}
	w.Close() // SIGTERM to the child, waits for it
	waitChan(t, exited, "the child to exit on Close")
	if _, err := w.Open(); err == nil {
		t.Errorf("Open after Close: got nil error, want one")
	}
	if err := a.Quit(ctx); err != nil || ctx.Err() == nil {
		t.Errorf("Quit: got %v and ctx %v, want the agent's context cancelled", err, ctx.Err())
	}
}

func waitChan(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func waitStatus(t *testing.T, ch <-chan service.Status) service.Status {
	t.Helper()
	select {
	case st, ok := <-ch:
		if !ok {
			t.Fatal("watch closed")
		}
		return st
	case <-time.After(10 * time.Second):
		t.Fatal("timed out waiting for a status")
	}
	return service.Status{}
}
