package reliability

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
)

// zoomtrayBin builds the agent (cmd/zoomtray, with its window program) once per test
// process and returns its path.
func zoomtrayBin(t *testing.T) string {
	t.Helper()
	return testenv.Binary(t, "github.com/zoomtray/zoomtray/cmd/zoomtray")
}

// agentEnv is the environment of an agent of the confidential demo client at the fake
// url, with its token file at tokens, its other files under home and its socket under
// run; no session bus and no display (no tray; the window it then starts cannot open).
func agentEnv(url, home, run, tokens string) []string {
	return []string{"HOME=" + home, "PATH=/usr/bin:/bin", "LANG=C", "XDG_RUNTIME_DIR=" + run,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"), "XDG_CACHE_HOME=" + filepath.Join(home, ".cache"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".local", "state"), "XDG_DATA_HOME=" + filepath.Join(home, ".local", "share"),
		"ZOOMTRAY_ZOOM_URL=" + url, "ZOOMTRAY_CLIENT_ID=" + clientID, "ZOOMTRAY_CLIENT_SECRET=" + clientSecret,
		"ZOOMTRAY_TOKEN_STORE=file", "ZOOMTRAY_TOKEN_FILE=" + tokens}
}

// shortTempDir makes a directory with a short path (unix socket paths are limited to
// about 100 bytes), removed at the end of the test.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "zr")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// agentVictim is a zoomtray agent process to be killed.
type agentVictim struct {
	cmd    *exec.Cmd
	exited chan struct{} // closed once the process is reaped
	socket string
	once   sync.Once
}

// startAgentVictim starts the real agent on the token file dir/tokens.json (its lock file
// and log under dir/home/.local/state/zoomtray), pointed at the fake url.
func startAgentVictim(t *testing.T, url, dir string) killVictim {
	t.Helper()
	run := shortTempDir(t)
	home := filepath.Join(dir, "home")
	cmd := exec.Command(zoomtrayBin(t))
	cmd.Env, cmd.Dir = agentEnv(url, home, run, filepath.Join(dir, "tokens.json")), dir
	if err := os.MkdirAll(home, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start zoomtray: %v", err)
	}
	v := &agentVictim{cmd: cmd, exited: make(chan struct{}), socket: filepath.Join(run, "zoomtray", localapi.SocketName)}
	go func() { _ = cmd.Wait(); close(v.exited) }()
	t.Cleanup(v.kill)
	return v
}

// ready waits until the agent's local API reports a fresh token (signed in, expiry ahead),
// or a state that needs a new sign-in.
func (v *agentVictim) ready() error {
	deadline := time.Now().Add(waitFor)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	var c *localapi.Client
	defer func() {
		if c != nil {
			c.Close()
		}
	}()
	for {
		if c == nil {
			c, _ = dialOnce(v.socket)
		}
		if c != nil {
			if done, err := v.tokenState(c); done {
				return err
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("no token within %s", waitFor)
		}
		select {
		case <-v.exited:
			return errors.New("the agent exited without a token")
		case <-tick.C:
		}
	}
}

// tokenState asks the agent for its status: done with nil when it holds a fresh token,
// done with an error when it needs a new sign-in, not done otherwise.
func (v *agentVictim) tokenState(c *localapi.Client) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	st, err := c.Status(ctx)
	switch {
	case err != nil:
		return false, nil
	case st.State == service.StateSignedIn && st.TokenExpiry.After(time.Now()):
		return true, nil
	case st.State.SignedOut():
		return true, fmt.Errorf("agent state %s (%s)", st.State, st.Reason)
	}
	return false, nil
}

// dialOnce tries the agent's socket once.
func dialOnce(socket string) (*localapi.Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return localapi.Dial(ctx, socket)
}

func (v *agentVictim) pid() int { return v.cmd.Process.Pid }

// kill sends SIGKILL and waits for the process; it is idempotent.
func (v *agentVictim) kill() {
	v.once.Do(func() {
		_ = v.cmd.Process.Kill()
		<-v.exited
	})
}
