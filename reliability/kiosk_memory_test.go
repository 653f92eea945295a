package reliability

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/internal/testenv"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// TestKioskSignOutLeavesNoTokenInMemory runs the real agent in kiosk mode, signs a person
// in with the device flow and checks that the agent's memory holds their token (so the
// scan can see one). After the kiosk sign-out, which Zoom confirms, that process exits and
// a fresh agent takes its place, and no byte of any secret the fake issued is found in the
// memory (/proc/PID/mem, every readable mapping) of the agent now running.
func TestKioskSignOutLeavesNoTokenInMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("reads /proc/PID/mem")
	}
	s := newFake(t, zoomtest.Options{DeviceInterval: time.Second})
	home, run := t.TempDir(), shortTempDir(t)
	bin := zoomtrayBin(t)
	cmd := exec.Command(bin, "--kiosk")
	cmd.Env = append(agentEnv(s.URL, home, run, filepath.Join(home, "tokens.json")), "PATH="+fakeOpener(t)+":/usr/bin:/bin")
	cmd.Dir = home
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() { _ = cmd.Process.Kill(); <-exited })
	t.Cleanup(func() { killAgentsOf(bin) }) // the fresh agent is not our child's child for long
	socket := filepath.Join(run, "zoomtray", localapi.SocketName)

	c := dialAgent(t, socket)
	kioskSignIn(t, c, s)
	secrets := s.Secrets()
	if found := scanMemory(t, cmd.Process.Pid, secrets); len(found) == 0 {
		t.Fatal("the signed-in agent's memory holds none of its tokens: the scan cannot see them")
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	if res, err := c.Logout(ctx); err != nil || !res.Revoked {
		t.Fatalf("Logout = %+v, %v; want a confirmed revocation", res, err)
	}
	c.Close()
	select {
	case <-exited:
	case <-time.After(waitFor):
		t.Fatal("the agent that held the tokens did not exit after the kiosk sign-out")
	}
	var fresh int
	testenv.Eventually(t, waitFor, "a fresh agent", func() bool {
		fresh = agentPidOf(bin, cmd.Process.Pid)
		return fresh != 0
	})
	c2 := dialAgent(t, socket)
	defer c2.Close()
	if st, err := c2.Status(ctx); err != nil || st.State != "signed_out" || !st.Kiosk {
		t.Fatalf("fresh agent status = %+v, %v; want a signed-out kiosk", st, err)
	}
	if found := scanMemory(t, fresh, secrets); len(found) != 0 {
		t.Errorf("the fresh agent's memory holds %d secret(s) of the previous user", len(found))
	}
}

// dialAgent waits for the agent's socket and connects.
func dialAgent(t *testing.T, socket string) *localapi.Client {
	t.Helper()
	var c *localapi.Client
	testenv.Eventually(t, waitFor, "the agent's socket", func() bool {
		var err error
		c, err = dialOnce(socket)
		return err == nil
	})
	return c
}

// kioskSignIn signs in through the agent with the device flow, approved at the fake.
func kioskSignIn(t *testing.T, c *localapi.Client, s *zoomtest.Server) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	err := c.Login(ctx, service.LoginRequest{Method: service.MethodDevice}, func(ev service.LoginEvent) {
		if ev.Event == service.EventDeviceCode {
			if err := s.ApproveDevice(ev.UserCode, userEmail, true); err != nil {
				t.Errorf("ApproveDevice: %v", err)
			}
		}
	})
	if err != nil {
		t.Fatalf("Login: %v", err)
	}
}

// agentPidOf finds a running process of executable bin other than not, or 0.
func agentPidOf(bin string, not int) int {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == not {
			continue
		}
		if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil && exe == bin {
			if st, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid)); err == nil && !bytes.Contains(st, []byte(") Z ")) {
				return pid
			}
		}
	}
	return 0
}

// killAgentsOf kills every running process of executable bin.
func killAgentsOf(bin string) {
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil && exe == bin {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// scanMemory returns the secrets found in any readable mapping of process pid.
func scanMemory(t *testing.T, pid int, secrets []string) []string {
	t.Helper()
	maps, err := os.Open(fmt.Sprintf("/proc/%d/maps", pid))
	if err != nil {
		t.Fatalf("read maps of %d: %v", pid, err)
	}
	defer maps.Close()
	mem, err := os.Open(fmt.Sprintf("/proc/%d/mem", pid))
	if os.IsPermission(err) && os.Getenv("CI") == "" {
		t.Skipf("reading another process's memory needs root or ptrace rights here: %v", err)
	}
	if err != nil {
		t.Fatalf("open memory of %d: %v", pid, err)
	}
	defer mem.Close()
	found := map[string]bool{}
	sc := bufio.NewScanner(maps)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 2 || f[1][0] != 'r' {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if !ok || err1 != nil || err2 != nil || end-start > 1<<30 {
			continue
		}
		buf := make([]byte, end-start)
		n, _ := mem.ReadAt(buf, int64(start))
		for _, s := range secrets {
			if len(s) >= 16 && bytes.Contains(buf[:n], []byte(s)) {
				found[s] = true
			}
		}
	}
	out := make([]string, 0, len(found))
	for s := range found {
		out = append(out, s)
	}
	return out
}
