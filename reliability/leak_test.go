package reliability

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/zoomtray/zoomtray/internal/testenv"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/service"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// ctlUser is a person running a built zoomctl against a fake: a scratch HOME with its
// own XDG directories and runtime directory.
type ctlUser struct {
	bin, home, run string
	env            []string
	fake           *zoomtest.Server
}

// newCtlUser builds zoomctl (CGO_ENABLED=0, as it ships) and prepares a scratch HOME.
func newCtlUser(t *testing.T, s *zoomtest.Server) *ctlUser {
	t.Helper()
	u := &ctlUser{home: t.TempDir(), fake: s}
	u.bin = testenv.Binary(t, "github.com/zoomtray/zoomtray/cmd/zoomctl", "CGO_ENABLED=0")
	run, err := os.MkdirTemp("", "zl") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	u.run = run
	u.env = []string{"HOME=" + u.home, "PATH=/usr/bin:/bin", "LANG=C", "XDG_RUNTIME_DIR=" + run,
		"XDG_CONFIG_HOME=" + filepath.Join(u.home, ".config"), "XDG_STATE_HOME=" + filepath.Join(u.home, ".local", "state"),
		"XDG_CACHE_HOME=" + filepath.Join(u.home, ".cache"), "XDG_DATA_HOME=" + filepath.Join(u.home, ".local", "share")}
	u.env = append(u.env, testenv.ChildEnv()...)
	return u
}

// secretFile writes the client secret to a 0600 file under u's home and returns its name.
func (u *ctlUser) secretFile() string {
	p := filepath.Join(u.home, "client-secret")
	if err := os.WriteFile(p, []byte(clientSecret), 0o600); err != nil {
		panic(err) // the test's own scratch directory
	}
	return p
}

// command returns zoomctl args pointed at the fake with a file token store.
func (u *ctlUser) command(ctx context.Context, args ...string) *exec.Cmd {
	g := []string{"--zoom-url", u.fake.URL, "--client-id", clientID, "--client-secret-file", u.secretFile(), "--token-store", "file"}
	cmd := exec.CommandContext(ctx, u.bin, append(g, args...)...)
	cmd.Env, cmd.Dir = u.env, u.home
	return cmd
}

// mustRun runs zoomctl to the end and returns its stdout; it fails unless it exits 0.
func (u *ctlUser) mustRun(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	var out, errb bytes.Buffer
	cmd := u.command(ctx, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("zoomctl %v: %v\n%s", args, err, errb.String())
	}
	return out.String()
}

// loginDevice runs "zoomctl login --device --json" and approves the code at the fake as
// a phone would.
func (u *ctlUser) loginDevice(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitFor)
	defer cancel()
	cmd := u.command(ctx, "login", "--device", "--json")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		var ev service.LoginEvent
		if json.Unmarshal(sc.Bytes(), &ev) == nil && ev.Event == service.EventDeviceCode {
			if err := u.fake.ApproveDevice(ev.UserCode, userEmail, true); err != nil {
				t.Errorf("ApproveDevice: %v", err)
			}
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("zoomctl login --device: %v", err)
	}
}

// TestNoTokensInFiles runs a zoomctl session end to end (device sign-in, status,
// meetings, recordings, a new meeting, its start link with a ZAK, sign-out) and then scans
// every file under HOME and the runtime directory for each secret the fake issued
// (tokens, refresh tokens, codes, device codes, ZAKs): only the token store may hold
// them, and after sign-out not even that.
func TestNoTokensInFiles(t *testing.T) {
	s := newFake(t, zoomtest.Options{DeviceInterval: time.Second})
	u := newCtlUser(t, s)
	u.loginDevice(t)
	for _, args := range [][]string{{"status", "--json"}, {"meetings", "--json"}, {"recordings", "--json"}} {
		u.mustRun(t, args...)
	}
	var m struct{ ID int64 }
	if err := json.Unmarshal([]byte(u.mustRun(t, "new", "--json")), &m); err != nil || m.ID == 0 {
		t.Fatalf("new --json: %v, want a meeting", err)
	}
	u.mustRun(t, "start", "--print", strconv.FormatInt(m.ID, 10))
	store := filepath.Join(u.home, ".local", "state", "zoomtray", "tokens.json")
	if _, err := os.Stat(store); err != nil {
		t.Fatalf("token store: %v, want it at %s", err, store)
	}
	if _, err := os.Stat(filepath.Join(u.home, ".local", "state", "zoomtray", "zoomctl.log")); err != nil {
		t.Errorf("zoomctl.log: %v, want a log to scan", err)
	}
	secrets := s.Secrets()
	if s.ZAKsIssued() == 0 || len(secrets) < 4 {
		t.Fatalf("the fake issued %d secrets and %d ZAKs, want tokens and a ZAK to scan for", len(secrets), s.ZAKsIssued())
	}
	scanFiles(t, secrets, map[string]bool{store: true}, u.home, u.run)
	u.mustRun(t, "logout")
	scanFiles(t, secrets, nil, u.home, u.run)
}

// scanFiles fails for every file under roots (except those in allowed) that contains
// one of secrets. It names the file and the kind of secret, never the secret.
func scanFiles(t *testing.T, secrets []string, allowed map[string]bool, roots ...string) {
	t.Helper()
	files := 0
	for _, root := range roots {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || !d.Type().IsRegular() || allowed[path] {
				return nil
			}
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone while the agent runs (an SQLite journal): nothing left to leak
			}
			if err != nil {
				t.Errorf("read %s: %v", path, err)
				return nil
			}
			files++
			for i, sec := range secrets {
				if len(sec) >= 8 && bytes.Contains(data, []byte(sec)) {
					t.Errorf("%s contains secret #%d issued by the fake", strings.TrimPrefix(path, root), i)
				}
			}
			return nil
		})
	}
	t.Logf("scanned %d files for %d secrets", files, len(secrets))
}
