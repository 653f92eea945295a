package agent

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
)

// TestRestart checks the window's restart (after saving settings) stops the agent and asks
// Run to start it again, and that the new agent opens the window.
func TestRestart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	w, _ := sleeper(t, "0")
	a := newAgentAPI(unconfigured{}, w, cancel)
	if a.restart.Load() {
		t.Fatal("restart before Restart: got true, want false")
	}
	if err := a.Restart(ctx); err != nil {
		t.Fatalf("Restart: %v", err)
	}
	if !a.restart.Load() || ctx.Err() == nil {
		t.Errorf("after Restart: got restart %v, ctx %v; want true and the run stopped", a.restart.Load(), ctx.Err())
	}
}

func TestRestartArgs(t *testing.T) {
	tests := []struct {
		in         []string
		pipeSecret bool
		want       []string
	}{
		{nil, false, []string{"--open-window"}},
		{[]string{"--client-id", "x"}, false, []string{"--client-id", "x", "--open-window"}},
		{[]string{"--open-window", "--kiosk"}, false, []string{"--open-window", "--kiosk"}},
		{[]string{"-open-window"}, false, []string{"-open-window"}},
		{[]string{"--client-secret-file", "/s", "--kiosk"}, true,
			[]string{"--kiosk", "--client-secret-file=-", "--open-window"}},
		{[]string{"-client-secret-file=-", "--open-window"}, true,
			[]string{"--open-window", "--client-secret-file=-"}},
		{nil, true, []string{"--client-secret-file=-", "--open-window"}},
	}
	for _, tt := range tests {
		if got := restartArgs(tt.in, tt.pipeSecret); !slices.Equal(got, tt.want) {
			t.Errorf("restartArgs(%q, %v): got %q, want %q", tt.in, tt.pipeSecret, got, tt.want)
		}
	}
}

// TestRelaunchKeepsTheSecretOffCommandLineAndEnvironment: the restarted agent gets the
// client secret on its standard input; neither its command line nor its environment,
// which other processes of the user (and with ps, other users) can read, holds it.
func TestRelaunchKeepsTheSecretOffCommandLineAndEnvironment(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in agent is a shell script")
	}
	const secret = "s3cret-from-env"
	t.Setenv("ZOOMTRAY_CLIENT_SECRET", secret)
	dir := t.TempDir()
	exe := filepath.Join(dir, "agent")
	script := "#!/bin/sh\nout=" + dir + "\necho \"$0 $*\" > $out/argv.tmp\nenv > $out/env\ncat > $out/stdin\nmv $out/argv.tmp $out/argv\n"
	if err := os.WriteFile(exe, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	args := []string{"--client-id", "app"}
	if code := relaunch(exe, args, cliSecret(map[string]string{}, os.Getenv), &stderr, slog.New(slog.DiscardHandler)); code != 0 {
		t.Fatalf("relaunch = %d (%s)", code, stderr.String())
	}
	testenv.Eventually(t, 10*time.Second, "the relaunched agent to record its start", func() bool {
		_, err := os.Stat(filepath.Join(dir, "argv"))
		return err == nil
	})
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	if argv := read("argv"); strings.Contains(argv, secret) || !strings.Contains(argv, "--client-secret-file=-") {
		t.Errorf("relaunched command line %q: want --client-secret-file=- and no secret", argv)
	}
	if strings.Contains(read("env"), secret) {
		t.Error("relaunched environment holds the client secret")
	}
	if got := read("stdin"); got != secret {
		t.Errorf("relaunched standard input = %q, want the secret", got)
	}
}
