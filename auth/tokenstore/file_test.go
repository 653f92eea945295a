package tokenstore

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestFileModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	dir := filepath.Join(t.TempDir(), "state", "zoomtray")
	path := filepath.Join(dir, "tokens.json")
	if err := NewFile(path).Save(context.Background(), zoomToken(t)); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: got mode %04o, want %04o", p, got, want)
		}
	}
}

func TestFileRefusesReadableByOthers(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix modes on Windows")
	}
	for _, mode := range []os.FileMode{0o640, 0o604, 0o644} {
		path := filepath.Join(t.TempDir(), "tokens.json")
		s := NewFile(path)
		if err := s.Save(context.Background(), zoomToken(t)); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		_, err := s.Load(context.Background())
		if err == nil || !strings.Contains(err.Error(), "chmod 600 "+path) {
			t.Errorf("mode %04o: got err %v, want a refusal telling to chmod 600", mode, err)
		}
	}
}

func TestFileCorrupt(t *testing.T) {
	tests := []struct{ name, content string }{
		{"truncated", `{"version":1,"access_token":"ey`},
		{"not json", "hello"},
		{"empty", ""},
		{"other version", `{"version":7,"access_token":"a"}`},
		{"no token", `{"version":1}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "tokens.json")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := NewFile(path).Load(context.Background())
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("got err %v, want ErrCorrupt", err)
			}
			if msg := err.Error(); !strings.Contains(msg, path) || !strings.Contains(msg, "sign in again") {
				t.Errorf("got message %q, want the path and \"sign in again\"", msg)
			}
		})
	}
}

// A save that fails before the rename leaves the old token and no temporary file.
func TestFileFailedSaveKeepsOld(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "tokens.json")
	f := NewFile(path).(*file)
	old := zoomToken(t)
	if err := f.Save(ctx, old); err != nil {
		t.Fatal(err)
	}
	f.beforeRename = func() error { return errors.New("disk full") }
	if err := f.Save(ctx, zoomToken(t)); err == nil {
		t.Fatal("got nil error from a failing save, want an error")
	}
	got, err := f.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sameToken(t, got, old)
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("got %d files in the directory, want 1 (no temp file left)", len(entries))
	}
}

// Readers never see a partly written file, even from another Store on the same path (as
// another process would be).
func TestFileConcurrentSaveLoad(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tokens.json")
	writer, reader := NewFile(path), NewFile(path)
	if err := writer.Save(ctx, zoomToken(t)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() {
		defer close(done)
		for range 50 {
			if err := writer.Save(ctx, zoomToken(t)); err != nil {
				t.Errorf("Save: %v", err)
				return
			}
		}
	})
	var loadErr error
	loads := 0
	for ; loadErr == nil; loads++ {
		select {
		case <-done:
			wg.Wait()
			t.Logf("%d loads during 50 saves", loads)
			return
		default:
		}
		tok, err := reader.Load(ctx)
		if err == nil && len(tok.RefreshToken) != 800 {
			err = errors.New("token of the wrong size")
		}
		loadErr = err
	}
	wg.Wait()
	t.Fatalf("Load %d during saves: got err %v, want a whole token", loads, loadErr)
}
