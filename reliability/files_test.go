package reliability

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/zoomtray/zoomtray/auth"
	"github.com/zoomtray/zoomtray/auth/tokenstore"
	"github.com/zoomtray/zoomtray/localapi"
	"github.com/zoomtray/zoomtray/zoomapi/zoomtest"
)

// wantMode fails unless path exists with permission bits want.
func wantMode(t *testing.T, path string, want fs.FileMode) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("unix permission bits")
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Errorf("stat %s: %v", filepath.Base(path), err)
		return
	}
	if got := fi.Mode().Perm(); got != want {
		t.Errorf("mode of %s: got %#o, want %#o", filepath.Base(path), got, want)
	}
}

// TestTokenFileModes signs a session in and refreshes it with a file store and a lock file
// in directories that do not exist yet, under a permissive umask: the token file and the
// lock are 0600 and the directories 0700, so no other user can read a token.
func TestTokenFileModes(t *testing.T) {
	s := newFake(t, zoomtest.Options{})
	base := t.TempDir()
	tokDir, lockDir := filepath.Join(base, "config", "zoomtray"), filepath.Join(base, "state", "zoomtray")
	tokPath, lockPath := filepath.Join(tokDir, "tokens.json"), filepath.Join(lockDir, "session.lock")
	tok := issue(t, s)
	tok.Expiry = tok.Expiry.Add(-2 * time.Hour) // expired: the first Token refreshes under the lock
	sess := signedIn(t, authConfig(s, 0), auth.SessionOptions{Store: tokenstore.NewFile(tokPath), LockPath: lockPath}, tok)
	if _, err := sess.Token(context.Background()); err != nil {
		t.Fatalf("Token: %v", err)
	}
	for _, tt := range []struct {
		path string
		want fs.FileMode
	}{{tokPath, 0o600}, {lockPath, 0o600}, {tokDir, 0o700}, {lockDir, 0o700}} {
		wantMode(t, tt.path, tt.want)
	}
}

// nopAPI is a localapi.Agent whose methods are never called: the socket test only listens.
type nopAPI struct{ localapi.Agent }

// TestLocalAPISocketModes checks the agent's local API socket: its directory 0700 and the
// socket 0600 (docs/CONTRACTS.md, "localapi"), created under a permissive umask.
func TestLocalAPISocketModes(t *testing.T) {
	run, err := os.MkdirTemp("", "zr") // short: unix socket paths are limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(run) })
	dir := filepath.Join(run, "zoomtray")
	srv, err := localapi.NewServer(nopAPI{}, filepath.Join(dir, localapi.SocketName))
	if err != nil {
		t.Fatalf("NewServer: %v", err)
	}
	t.Cleanup(func() { srv.Close() })
	wantMode(t, dir, 0o700)
	wantMode(t, srv.Path(), 0o600)
}
